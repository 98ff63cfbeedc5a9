import { describe, expect, it } from "vitest";
import { bodyFigures, checkClaims } from "./checkClaims.js";
import { MAX_CHECKED_FIGURES, MAX_FIGURES_PER_SENTENCE, MAX_OFFERED_PASSAGES } from "./limits.js";
import { ReportFigureIndex } from "./ReportFigureIndex.js";

describe("limits of one check", () => {
  it("a body of 100,000 figures is read up to MAX_CHECKED_FIGURES, a sentence up to MAX_FIGURES_PER_SENTENCE", () => {
    const oneSentence = [[{ text: Array.from({ length: 100_000 }, (_, i) => `${i} percent`).join(", ") }]];
    expect(bodyFigures(oneSentence)).toHaveLength(MAX_FIGURES_PER_SENTENCE);
    const manySentences = [
      [{ text: Array.from({ length: 100_000 }, (_, i) => `Exports rose ${i} percent.`).join(" ") }],
    ];
    expect(bodyFigures(manySentences)).toHaveLength(MAX_CHECKED_FIGURES);
  });

  it("an uncited figure the report states 10 times is offered with at most MAX_OFFERED_PASSAGES passages", () => {
    const report = ReportFigureIndex.build(
      Array.from({ length: 10 }, (_, i) => ({ evidenceId: `r${i}`, text: "Mexican exports grew 62 percent." })),
    );
    const findings = checkClaims({
      body: [[{ text: "Mexican exports grew 62 percent." }]],
      passage: () => null,
      citationEvidence: () => null,
      report,
    });
    expect(findings.map((f) => [f.kind, f.passages.length])).toEqual([["unsupported", MAX_OFFERED_PASSAGES]]);
  });

  it("a notFound and a mismatch keep their ids across an edit elsewhere in the body", () => {
    const passage = (evidenceId: string) => ({ evidenceId, text: "Mexican exports grew 26 percent in the year." });
    const run = (extra: string) =>
      checkClaims({
        body: [
          [
            { text: `${extra}Mexican exports grew 62 percent in the year.` },
            { cite: { evidenceId: "p1", citationId: null } },
          ],
        ],
        passage,
        citationEvidence: () => null,
        report: null,
      }).map((f) => [f.kind, f.id]);
    const before = run("");
    expect(before.map((f) => f[0])).toEqual(["mismatch"]);
    expect(run("An edit. ")).toEqual(before);
  });
});
