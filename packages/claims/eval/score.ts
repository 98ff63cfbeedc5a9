import { type BodyBlock, type BodyInline, type ClaimFinding, checkClaims, ReportFigureIndex } from "../src/index.js";

/**
 * Scores the claim check against the labelled set (issue 19 §2). Pure: items in, counts out.
 *
 * An item is one piece of a recommendation (usually one sentence, sometimes two, so that sentence
 * splitting is tested) with the passages its `[p1]` markers cite and other passages of the report.
 * Each figure a careful editor would see is listed in `expect` with what the check should say of
 * it. `match` and `none` both mean "no finding": the first is a claim its citation supports, the
 * second a number that is no claim to check (a section number, a day, an ordinal, a year the
 * passage does not state in the same role, an uncited figure the report does not state).
 */

export const CLAIM_LABELS = ["match", "mismatch", "unsupported", "notFound", "none"] as const;
export type ClaimLabel = (typeof CLAIM_LABELS)[number];

/** The finding kinds a recommendation's own check reports (inconsistent is brief-wide). */
export const SCORED_KINDS = ["mismatch", "unsupported", "notFound"] as const;
export type ScoredKind = (typeof SCORED_KINDS)[number];

export interface ExpectedFigure {
  /** The figure as written in the sentence; the n-th entry with the same raw is its n-th occurrence. */
  raw: string;
  label: ClaimLabel;
  /** Why the label is what it is, where an editor might hesitate. */
  note?: string;
  /** mismatch only: the passage figure the finding should show beside the draft's. */
  counterpart?: string;
}

export interface EvalItem {
  id: string;
  /** Markers `[p1]`, `[p2]` … stand for citations of the passages with those keys. */
  sentence: string;
  passages?: Record<string, string>;
  /** Other passages of the brief's report, which an uncited figure may be found in. */
  report?: string[];
  expect: ExpectedFigure[];
  note?: string;
}

export type Checker = typeof checkClaims;
export type ReportIndexBuilder = (passages: Array<{ evidenceId: string; text: string }>) => ReportFigureIndex;

export interface KindScore {
  tp: number;
  fp: number;
  fn: number;
  /** 1 when nothing was reported (no false positive either). */
  precision: number;
  /** 1 when nothing was expected. */
  recall: number;
}

export interface ScoreError {
  id: string;
  raw: string;
  /** The label, or "unlisted" for a reported figure the item does not list. */
  expected: ClaimLabel | "unlisted";
  /** The finding kinds reported for the figure; empty when it got none. */
  got: string[];
  note?: string;
}

export interface EvalScore {
  items: number;
  figures: number;
  labels: Record<ClaimLabel, number>;
  kinds: Record<ScoredKind, KindScore>;
  /** Mismatches found whose finding shows the expected counterpart, of those with one given. */
  counterparts: { agreeing: number; given: number };
  errors: ScoreError[];
}

/** What `npm run eval:claims` and the test gate on (issue 19: the mismatch targets). */
export const TARGETS = { mismatchPrecision: 0.95, mismatchRecall: 0.9 } as const;

export function meetsTargets(score: EvalScore): boolean {
  return (
    score.kinds.mismatch.precision >= TARGETS.mismatchPrecision && score.kinds.mismatch.recall >= TARGETS.mismatchRecall
  );
}

const MARKER = /\[(p\d+)\]/g;

/**
 * Validates a parsed set (one file's array). Returns every problem, each naming the item, so a
 * wrong set fails loudly before anything is scored.
 */
export function validateItems(data: unknown, source: string, seenIds = new Set<string>()): string[] {
  if (!Array.isArray(data)) return [`${source}: not an array of items`];
  const problems: string[] = [];
  data.forEach((value: unknown, index) => {
    const item = value as Partial<EvalItem> | null;
    const name = typeof item?.id === "string" && item.id !== "" ? item.id : `${source}[${index}]`;
    const problem = (text: string) => problems.push(`${source}: ${name}: ${text}`);
    if (item === null || typeof item !== "object") return problem("not an object");
    if (typeof item.id !== "string" || item.id === "") problem("id must be a non-empty string");
    else if (seenIds.has(item.id)) problem("id used twice");
    else seenIds.add(item.id);
    if (typeof item.sentence !== "string" || item.sentence === "")
      return problem("sentence must be a non-empty string");
    const passages = item.passages ?? {};
    if (typeof passages !== "object" || passages === null || Array.isArray(passages))
      return problem("passages must be an object of key → text");
    for (const [key, text] of Object.entries(passages)) {
      if (!/^p\d+$/.test(key)) problem(`passage key "${key}" must be p1, p2 …`);
      if (typeof text !== "string" || text === "") problem(`passage ${key} must be a non-empty string`);
      if (!item.sentence.includes(`[${key}]`)) problem(`passage ${key} is cited by no marker`);
    }
    for (const match of item.sentence.matchAll(MARKER))
      if (!(match[1]! in passages)) problem(`marker [${match[1]}] has no passage`);
    if (/\[(?!p\d+\])/.test(item.sentence)) problem("a bracket that is no [pN] marker");
    if (item.report !== undefined && (!Array.isArray(item.report) || item.report.some((r) => typeof r !== "string")))
      problem("report must be an array of strings");
    if (!Array.isArray(item.expect)) return problem("expect must be an array");
    const used = new Map<string, number>();
    for (const entry of item.expect as Array<Partial<ExpectedFigure> | null>) {
      if (entry === null || typeof entry !== "object" || typeof entry.raw !== "string" || entry.raw === "") {
        problem("an expect entry without raw");
        continue;
      }
      if (!CLAIM_LABELS.includes(entry.label as ClaimLabel))
        problem(`"${entry.raw}": unknown label ${JSON.stringify(entry.label)} (one of ${CLAIM_LABELS.join(", ")})`);
      if (entry.counterpart !== undefined && entry.label !== "mismatch")
        problem(`"${entry.raw}": counterpart is for mismatches only`);
      const raw = entry.raw;
      const nth = used.get(raw) ?? 0;
      used.set(raw, nth + 1);
      const at = occurrence(item.sentence, raw, nth);
      if (at === -1)
        problem(nth === 0 ? `raw "${raw}" is not in the sentence` : `raw "${raw}" is listed more often than written`);
      else if (markerSpans(item.sentence).some(([from, to]) => at < to && at + raw.length > from))
        problem(`raw "${raw}" overlaps a marker`);
    }
  });
  return problems;
}

/** Scores the items with a checker (checkClaims unless a test passes another). */
export function scoreItems(
  items: readonly EvalItem[],
  check: Checker = checkClaims,
  buildIndex: ReportIndexBuilder = (passages) => ReportFigureIndex.build(passages),
): EvalScore {
  const labels = Object.fromEntries(CLAIM_LABELS.map((label) => [label, 0])) as Record<ClaimLabel, number>;
  const counts = Object.fromEntries(SCORED_KINDS.map((kind) => [kind, { tp: 0, fp: 0, fn: 0 }])) as Record<
    ScoredKind,
    { tp: number; fp: number; fn: number }
  >;
  const counterparts = { agreeing: 0, given: 0 };
  const errors: ScoreError[] = [];
  let figures = 0;

  for (const item of items) {
    const passages = item.passages ?? {};
    const { block, toBody } = bodyOf(item.sentence);
    const index = buildIndex([
      ...Object.entries(passages).map(([evidenceId, text]) => ({ evidenceId, text })),
      ...(item.report ?? []).map((text, i) => ({ evidenceId: `r${i}`, text })),
    ]);
    const findings = check({
      body: [block],
      passage: (evidenceId) => {
        const text = passages[evidenceId];
        return text === undefined ? null : { evidenceId, text };
      },
      citationEvidence: () => null,
      report: index,
    }).filter((finding) => (SCORED_KINDS as readonly string[]).includes(finding.kind));

    // Where each expected figure stands in the body, so a finding is tied to it by overlap: the
    // checker may take "about" or "US" into its raw, or split a range, and still mean that figure.
    const used = new Map<string, number>();
    const spans = item.expect.map((entry) => {
      const nth = used.get(entry.raw) ?? 0;
      used.set(entry.raw, nth + 1);
      const at = occurrence(item.sentence, entry.raw, nth);
      return { from: toBody(at), to: toBody(at + entry.raw.length) };
    });
    const got = item.expect.map(() => [] as ClaimFinding[]);
    for (const finding of findings) {
      let best = -1;
      let bestOverlap = 0;
      spans.forEach((span, i) => {
        const overlap =
          finding.at.block === 0 ? Math.min(span.to, finding.at.to) - Math.max(span.from, finding.at.from) : 0;
        if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
      });
      if (best === -1) {
        counts[finding.kind as ScoredKind].fp++;
        errors.push({ id: item.id, raw: finding.figure.raw, expected: "unlisted", got: [finding.kind] });
      } else got[best]!.push(finding);
    }

    item.expect.forEach((entry, i) => {
      figures++;
      labels[entry.label]++;
      const kinds = [...new Set(got[i]!.map((finding) => finding.kind as ScoredKind))];
      for (const kind of SCORED_KINDS) {
        const reported = kinds.includes(kind);
        if (entry.label === kind) counts[kind][reported ? "tp" : "fn"]++;
        else if (reported) counts[kind].fp++;
      }
      const right =
        entry.label === "match" || entry.label === "none"
          ? kinds.length === 0
          : kinds.length === 1 && kinds[0] === entry.label;
      if (!right) errors.push({ id: item.id, raw: entry.raw, expected: entry.label, got: kinds, note: entry.note });
      if (entry.label === "mismatch" && entry.counterpart !== undefined && kinds.includes("mismatch")) {
        counterparts.given++;
        const shown = got[i]!.filter((f) => f.kind === "mismatch").flatMap((f) => f.passages.map((p) => p.figure?.raw));
        if (shown.includes(entry.counterpart)) counterparts.agreeing++;
      }
    });
  }

  const kinds = Object.fromEntries(
    SCORED_KINDS.map((kind) => {
      const { tp, fp, fn } = counts[kind];
      return [
        kind,
        { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) },
      ];
    }),
  ) as Record<ScoredKind, KindScore>;
  return { items: items.length, figures, labels, kinds, counterparts, errors };
}

/** The item's text as one body block: each `[pN]` marker becomes a citation of evidence pN. */
export function bodyOf(sentence: string): { block: BodyBlock; toBody: (sentenceOffset: number) => number } {
  const block: BodyInline[] = [];
  const markers = markerSpans(sentence);
  let last = 0;
  for (const [from, to] of markers) {
    if (from > last) block.push({ text: sentence.slice(last, from) });
    block.push({ cite: { evidenceId: sentence.slice(from + 1, to - 1), citationId: null } });
    last = to;
  }
  if (last < sentence.length) block.push({ text: sentence.slice(last) });
  // A marker of n characters is one position in the body.
  const toBody = (offset: number) =>
    offset - markers.filter(([, to]) => to <= offset).reduce((sum, [from, to]) => sum + (to - from - 1), 0);
  return { block, toBody };
}

function markerSpans(sentence: string): Array<[number, number]> {
  return [...sentence.matchAll(MARKER)].map((match) => [match.index, match.index + match[0].length]);
}

/** Where the n-th (0-based) occurrence of raw starts in text, or -1. */
function occurrence(text: string, raw: string, nth: number): number {
  let from = 0;
  for (let i = 0; ; i++) {
    const at = text.indexOf(raw, from);
    if (at === -1 || i === nth) return at;
    from = at + raw.length;
  }
}
