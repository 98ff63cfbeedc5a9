import { describe, expect, it } from "vitest";
import { loadEvalSet } from "../eval/loadEvalSet.js";
import { bodyOf } from "../eval/score.js";
import { ClaimMemo } from "./ClaimMemo.js";
import { bodyFigures, type CheckClaimsInput, checkClaims } from "./checkClaims.js";
import { claimKeys } from "./consistency.js";
import { MAX_CHECKED_FIGURES, MAX_MEMO_CHARS, MAX_PASSAGE_CHARS } from "./limits.js";
import { ReportFigureIndex } from "./ReportFigureIndex.js";
import type { BodyBlock } from "./types.js";

/**
 * The labelled set as one brief: every item's sentence a paragraph of one body, its passages
 * (ids made unique per item) the cited evidence, and all passages and report lines one index.
 */
function evalBrief() {
  const items = loadEvalSet();
  const passages = new Map<string, string>();
  const body: BodyBlock[] = [];
  const indexed: Array<{ evidenceId: string; text: string }> = [];
  for (const item of items) {
    const { block } = bodyOf(item.sentence);
    body.push(
      block.map((inline) =>
        "cite" in inline ? { cite: { evidenceId: `${item.id}:${inline.cite.evidenceId}`, citationId: null } } : inline,
      ),
    );
    for (const [key, text] of Object.entries(item.passages ?? {})) {
      passages.set(`${item.id}:${key}`, text);
      indexed.push({ evidenceId: `${item.id}:${key}`, text });
    }
    (item.report ?? []).forEach((text, i) => indexed.push({ evidenceId: `${item.id}:r${i}`, text }));
  }
  return { body, passages, report: ReportFigureIndex.build(indexed) };
}

function input(
  body: BodyBlock[],
  passages: Map<string, string>,
  report: ReportFigureIndex | null,
  memo: ClaimMemo | null,
): CheckClaimsInput {
  return {
    body,
    passage: (evidenceId) => {
      const text = passages.get(evidenceId);
      return text === undefined ? null : { evidenceId, text };
    },
    citationEvidence: () => null,
    report,
    memo,
  };
}

/** What the claim worker does with a memo: the figures read once for the check and the keys. */
function workerCheck(body: BodyBlock[], passages: Map<string, string>, report: ReportFigureIndex, memo: ClaimMemo) {
  const figures = bodyFigures(body, MAX_CHECKED_FIGURES, memo);
  return {
    findings: checkClaims({ ...input(body, passages, report, memo), figures }),
    keys: claimKeys(body, figures),
  };
}

describe("ClaimMemo: a check reads again only what changed, and answers as a check without it", () => {
  it("through edits of sentences and of a passage, with the default bound and with one that evicts", () => {
    const { body, passages, report } = evalBrief();
    const plain = () => ({
      findings: checkClaims(input(body, passages, report, null)),
      keys: claimKeys(body),
    });
    const roomy = new ClaimMemo(report);
    const tight = new ClaimMemo(report, 5_000);
    const first = plain();
    expect(first.findings.length).toBeGreaterThan(100);
    expect(workerCheck(body, passages, report, roomy)).toEqual(first);
    expect(workerCheck(body, passages, report, tight)).toEqual(first);

    for (let step = 0; step < 12; step++) {
      const at = (step * 37) % body.length;
      if (step % 3 === 2) {
        // A passage's text changed (its evidence corrected): the memo reads it again by its new text.
        const [id, text] = [...passages][(step * 11) % passages.size]!;
        passages.set(
          id,
          text.replace(/\d/, (digit) => String((Number(digit) + 1) % 10)),
        );
      } else {
        // Typing: one paragraph takes another's sentence (a figure, a citation, an edit of words).
        body[at] = body[(at + step + 1) % body.length]!.map((inline) => ({ ...inline }));
      }
      const expected = plain();
      expect(workerCheck(body, passages, report, roomy)).toEqual(expected);
      expect(workerCheck(body, passages, report, tight)).toEqual(expected);
    }
    expect(tight.size).toBeLessThanOrEqual(5_000);
    expect(roomy.size).toBeGreaterThan(5_000);
  });

  it("offers kept for one report index are not given for another", () => {
    const body: BodyBlock[] = [[{ text: "Mexican steel exports grew 62 percent last year." }]];
    const older = ReportFigureIndex.build([{ evidenceId: "old", text: "Mexican steel exports grew 62 percent." }]);
    const newer = ReportFigureIndex.build([{ evidenceId: "new", text: "Steel exports from Mexico grew 62 percent." }]);
    const memo = new ClaimMemo(older);
    const offered = (report: ReportFigureIndex) =>
      checkClaims(input(body, new Map(), report, memo)).flatMap((f) => f.passages.map((p) => p.evidenceId));
    expect(offered(older)).toEqual(["old"]);
    expect(offered(newer)).toEqual(["new"]);
  });

  it("bounded: 60 cited passages of MAX_PASSAGE_CHARS and 1,000 distinct sentences stay within MAX_MEMO_CHARS", () => {
    const passages = new Map<string, string>();
    const body: BodyBlock[] = [];
    for (let i = 0; i < 60; i++) {
      const text = `Exports of item ${i} rose ${i} percent. `
        .repeat(MAX_PASSAGE_CHARS / 30)
        .slice(0, MAX_PASSAGE_CHARS);
      passages.set(`p${i}`, text);
      body.push([
        { text: `Exports of item ${i} rose ${i + 1} percent.` },
        { cite: { evidenceId: `p${i}`, citationId: null } },
      ]);
    }
    for (let i = 0; i < 1_000; i++) body.push([{ text: `Sentence ${i} says imports fell ${i} percent.` }]);
    const memo = new ClaimMemo(null);
    const expected = checkClaims(input(body, passages, null, null));
    expect(expected.filter((f) => f.kind === "mismatch")).toHaveLength(60);
    expect(checkClaims(input(body, passages, null, memo))).toEqual(expected);
    expect(memo.size).toBeGreaterThan(MAX_MEMO_CHARS / 2);
    expect(memo.size).toBeLessThanOrEqual(MAX_MEMO_CHARS);
    expect(checkClaims(input(body, passages, null, memo))).toEqual(expected);
  });
});
