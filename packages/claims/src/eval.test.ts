import { describe, expect, it } from "vitest";
import { EvalSetError, loadEvalSet } from "../eval/loadEvalSet.js";
import { type Checker, type EvalItem, meetsTargets, scoreItems, TARGETS, validateItems } from "../eval/score.js";
import type { ClaimFinding } from "./types.js";

describe("the labelled set (npm run eval:claims)", () => {
  it("is well formed and large enough to mean something", () => {
    const items = loadEvalSet();
    expect(items.length).toBeGreaterThanOrEqual(220);
    const labels = scoreItems(items, () => []).labels;
    expect(labels.mismatch).toBeGreaterThanOrEqual(60);
    expect(labels.match).toBeGreaterThanOrEqual(60);
    expect(labels.notFound).toBeGreaterThanOrEqual(25);
    expect(labels.unsupported).toBeGreaterThanOrEqual(25);
    expect(labels.none).toBeGreaterThanOrEqual(40);
  });

  it(`checkClaims meets the mismatch targets: precision ≥ ${TARGETS.mismatchPrecision}, recall ≥ ${TARGETS.mismatchRecall}`, () => {
    const score = scoreItems(loadEvalSet());
    const mismatchErrors = score.errors.filter((e) => e.expected === "mismatch" || e.got.includes("mismatch"));
    expect({ ...score.kinds.mismatch, met: meetsTargets(score), mismatchErrors }).toMatchObject({ met: true });
  });
});

describe("format validation", () => {
  const good: EvalItem = {
    id: "t-1",
    sentence: "Exports reached $358.1 billion in 2019 [p1].",
    passages: { p1: "Exports rose to $358.1 billion in 2019." },
    expect: [
      { raw: "$358.1 billion", label: "match" },
      { raw: "2019", label: "match" },
    ],
  };

  it("accepts a good item", () => {
    expect(validateItems([good], "set.json")).toEqual([]);
  });

  it("names the item for an unknown label, a marker without passage and a raw not in the sentence", () => {
    const items = [
      good,
      { ...good, id: "t-label", expect: [{ raw: "2019", label: "wrong" }] },
      { ...good, id: "t-marker", sentence: "Exports reached $358.1 billion in 2019 [p1][p2]." },
      { ...good, id: "t-raw", expect: [{ raw: "$358 billion", label: "mismatch" }] },
      { ...good, id: "t-twice", expect: [good.expect[1]!, good.expect[1]!] },
      { ...good, id: "t-1" },
    ];
    expect(validateItems(items, "set.json")).toEqual([
      'set.json: t-label: "2019": unknown label "wrong" (one of match, mismatch, unsupported, notFound, none)',
      "set.json: t-marker: marker [p2] has no passage",
      'set.json: t-raw: raw "$358 billion" is not in the sentence',
      'set.json: t-twice: raw "2019" is listed more often than written',
      "set.json: t-1: id used twice",
    ]);
  });

  it("names a passage no marker cites and a set that is not an array", () => {
    expect(validateItems([{ ...good, passages: { p1: "x", p2: "y" } }], "a.json")).toEqual([
      "a.json: t-1: passage p2 is cited by no marker",
    ]);
    expect(validateItems({}, "b.json")).toEqual(["b.json: not an array of items"]);
  });

  it("loading a malformed file throws naming the problems", () => {
    expect(() => loadEvalSet(import.meta.filename)).toThrow(EvalSetError);
  });
});

describe("scoring", () => {
  const items: EvalItem[] = [
    {
      id: "s-1",
      sentence: "Exports reached $358 billion in 2019 [p1], about 62 percent of the total [p2].",
      passages: { p1: "Exports rose to $358.1 billion in 2019.", p2: "A share of 62 percent." },
      expect: [
        { raw: "$358 billion", label: "mismatch" },
        { raw: "2019", label: "match" },
        { raw: "62 percent", label: "match" },
      ],
    },
    {
      id: "s-2",
      sentence: "Under Section 232 [p1], tariffs covered 26 million tons.",
      passages: { p1: "Section 232 tariffs." },
      report: ["The tariffs covered 26 million tons of steel."],
      expect: [
        { raw: "232", label: "none" },
        { raw: "26 million tons", label: "unsupported" },
      ],
    },
  ];

  /** Reports what it is told at the given raw texts, wherever they stand in the item's sentence. */
  const fake =
    (said: Record<string, Array<[string, ClaimFinding["kind"]]>>): Checker =>
    ({ body }) => {
      const text = body[0]!.map((inline) => ("text" in inline ? inline.text : "\u0000")).join("");
      const sentence = Object.keys(said).find((key) => text === key) ?? "";
      return (said[sentence] ?? []).map(([raw, kind]) => {
        const from = text.indexOf(raw);
        return {
          id: raw,
          kind,
          figure: { kind: "money", raw, value: 0, unit: "USD", hedge: null },
          at: { block: 0, from, to: from + raw.length },
          sentence: text,
          passages: [],
        };
      });
    };
  const bodyText = (item: EvalItem) => item.sentence.replace(/\[p\d+\]/g, "\u0000");
  const noIndex = () => ({}) as never;

  it("turns markers into citations, counts right and wrong findings per kind and lists the errors", () => {
    const check = fake({
      // s-1: the mismatch found, plus a wrong notFound on a match and a figure nobody listed.
      [bodyText(items[0]!)]: [
        ["$358 billion", "mismatch"],
        ["62 percent", "notFound"],
        ["the total", "mismatch"],
      ],
      // s-2: a finding on a section number, the unsupported figure missed.
      [bodyText(items[1]!)]: [["232", "mismatch"]],
    });
    const score = scoreItems(items, check, noIndex);
    expect(score.kinds).toEqual({
      mismatch: { tp: 1, fp: 2, fn: 0, precision: 1 / 3, recall: 1 },
      unsupported: { tp: 0, fp: 0, fn: 1, precision: 1, recall: 0 },
      notFound: { tp: 0, fp: 1, fn: 0, precision: 0, recall: 1 },
    });
    expect(score.errors).toEqual([
      { id: "s-1", raw: "the total", expected: "unlisted", got: ["mismatch"] },
      { id: "s-1", raw: "62 percent", expected: "match", got: ["notFound"], note: undefined },
      { id: "s-2", raw: "232", expected: "none", got: ["mismatch"], note: undefined },
      { id: "s-2", raw: "26 million tons", expected: "unsupported", got: [], note: undefined },
    ]);
    expect(score.labels).toEqual({ match: 2, mismatch: 1, unsupported: 1, notFound: 0, none: 1 });
    expect(meetsTargets(score)).toBe(false);
  });

  it("hands the checker citations of the marked passages and the report as r0, r1 …", () => {
    const seen: unknown[] = [];
    const built: unknown[] = [];
    scoreItems(
      [items[1]!],
      (input) => {
        seen.push(input.body, input.passage("p1"), input.passage("p9"));
        return [];
      },
      (passages) => {
        built.push(passages);
        return {} as never;
      },
    );
    expect(seen).toEqual([
      [
        [
          { text: "Under Section 232 " },
          { cite: { evidenceId: "p1", citationId: null } },
          { text: ", tariffs covered 26 million tons." },
        ],
      ],
      { evidenceId: "p1", text: "Section 232 tariffs." },
      null,
    ]);
    expect(built).toEqual([
      [
        { evidenceId: "p1", text: "Section 232 tariffs." },
        { evidenceId: "r0", text: "The tariffs covered 26 million tons of steel." },
      ],
    ]);
  });

  it("ties a finding to its figure by overlap, so a raw with its hedge still counts", () => {
    const item: EvalItem = {
      id: "s-3",
      sentence: "Trade was about $615 billion in 2019 [p1].",
      passages: { p1: "Trade reached $641.5 billion in 2019." },
      expect: [
        { raw: "$615 billion", label: "mismatch" },
        { raw: "2019", label: "match" },
      ],
    };
    const score = scoreItems([item], fake({ [bodyText(item)]: [["about $615 billion", "mismatch"]] }), noIndex);
    expect(score.kinds.mismatch).toEqual({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
    expect(score.errors).toEqual([]);
  });
});
