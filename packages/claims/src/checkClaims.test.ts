import { describe, expect, it } from "vitest";
import { checkClaims } from "./checkClaims.js";
import { ReportFigureIndex } from "./ReportFigureIndex.js";
import type { BodyBlock, ClaimFinding } from "./types.js";

/** A one-block body from text where `[p1]` cites evidence p1. */
function body(text: string): BodyBlock[] {
  const block: BodyBlock = [];
  let last = 0;
  for (const match of text.matchAll(/\[(p\d+)\]/g)) {
    if (match.index > last) block.push({ text: text.slice(last, match.index) });
    block.push({ cite: { evidenceId: match[1]!, citationId: `c-${match[1]}` } });
    last = match.index + match[0].length;
  }
  if (last < text.length) block.push({ text: text.slice(last) });
  return [block];
}

function check(text: string, passages: Record<string, string>, report: string[] = []): ClaimFinding[] {
  return checkClaims({
    body: body(text),
    passage: (evidenceId) => (passages[evidenceId] === undefined ? null : { evidenceId, text: passages[evidenceId]! }),
    citationEvidence: () => null,
    report: ReportFigureIndex.build(report.map((text, i) => ({ evidenceId: `r${i}`, text }))),
  });
}

describe("checkClaims", () => {
  it("flags a figure its cited passage states differently, beside the passage's figure", () => {
    const findings = check("Mexico imported $614 billion of US goods in 2023.[p1] Next.", {
      p1: "In 2023 Mexico imported US$614.5 billion of goods from the United States.",
    });
    expect(findings).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{20}$/),
        kind: "mismatch",
        figure: { kind: "money", raw: "$614 billion", value: 614_000_000_000, unit: "USD", hedge: null },
        at: { block: 0, from: 16, to: 28 },
        sentence: "Mexico imported $614 billion of US goods in 2023.",
        passages: [
          {
            evidenceId: "p1",
            citationId: "c-p1",
            figure: {
              kind: "money",
              raw: "US$614.5 billion",
              value: 614_500_000_000,
              unit: "USD",
              hedge: null,
              start: 24,
              end: 40,
            },
          },
        ],
      },
    ]);
  });

  it("checks a count grouped in thousands against the passage's ('300,000 jobs' against '330,000 jobs')", () => {
    const summary = (text: string) =>
      check(text, { p1: "Factories in the border states employed 330,000 workers in auto parts by 2022." }).map((f) => [
        f.kind,
        f.figure.raw,
        f.passages[0]?.figure?.raw ?? null,
      ]);
    expect(summary("Auto parts factories in the border states employed 300,000 workers.[p1]")).toEqual([
      ["mismatch", "300,000", "330,000"],
    ]);
    expect(summary("Auto parts factories in the border states employed 330,000 workers.[p1]")).toEqual([]);
  });
});
