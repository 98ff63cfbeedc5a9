import { createHash } from "node:crypto";
import { agrees, comparableClass, contentWords, overlap, statesSame, type WordAt, wordsAt } from "./agree.js";
import type { ClaimMemo } from "./ClaimMemo.js";
import { readClaimFigures, withoutOffsets } from "./figures.js";
import {
  MAX_CHECKED_FIGURES,
  MAX_CITES_PER_SENTENCE,
  MAX_FIGURES_PER_PASSAGE,
  MAX_FIGURES_PER_SENTENCE,
  MAX_PASSAGE_CHARS,
} from "./limits.js";
import type { ReportFigureIndex } from "./ReportFigureIndex.js";
import { type Sentence, sentenceText, splitSentences } from "./sentences.js";
import type { BodyBlock, BodySpan, CitedPassage, ClaimFigure, ClaimFinding, PassageFigure } from "./types.js";

export interface CheckClaimsInput {
  body: readonly BodyBlock[];
  /** The cited passage's text, null when unknown. */
  passage: (evidenceId: string) => CitedPassage | null;
  /** A citation that carries only its id → its evidence id. */
  citationEvidence: (citationId: string) => string | null;
  /** The brief's reports' figures, for "unsupported"; null: that check is skipped. */
  report: ReportFigureIndex | null;
  /** The body's figures, when the caller read them already (bodyFigures(body, MAX_CHECKED_FIGURES, memo)). */
  figures?: BodyFigure[];
  /** What the last checks read, to read again only what changed (ClaimMemo). */
  memo?: ClaimMemo | null;
}

/** A figure of the body, with its sentence and where it stands. */
export interface BodyFigure {
  figure: ClaimFigure;
  at: BodySpan;
  sentence: Sentence;
  /** Offsets of the figure in `sentence.marked`. */
  start: number;
  end: number;
}

/**
 * The figures of a body in document order, each with its sentence and its span: at most
 * MAX_FIGURES_PER_SENTENCE a sentence and MAX_CHECKED_FIGURES in all (the reading stops there).
 */
export function bodyFigures(
  body: readonly BodyBlock[],
  max = MAX_CHECKED_FIGURES,
  memo: ClaimMemo | null = null,
): BodyFigure[] {
  const found: BodyFigure[] = [];
  for (const sentence of splitSentences(body)) {
    const read = () => readClaimFigures(sentence.marked, MAX_FIGURES_PER_SENTENCE);
    for (const figure of memo ? memo.remember("sentence", sentence.marked, read) : read()) {
      if (found.length >= max) return found;
      found.push({
        figure: withoutOffsets(figure),
        at: { block: sentence.block, from: sentence.from + figure.start, to: sentence.from + figure.end },
        sentence,
        start: figure.start,
        end: figure.end,
      });
    }
  }
  return found;
}

/**
 * The claim check of one recommendation (issue 19). For each figure of the body:
 * - its sentence cites passages (a citation right after the sentence's end is the sentence's):
 *   judged by judge() (judgeMultiple() for "doubled", judgeYear() for years) → mismatch,
 *   notFound or nothing;
 * - its sentence cites nothing and the report states an agreeing figure in a passage sharing a
 *   content word with its sentence → unsupported, offering at most MAX_OFFERED_PASSAGES passages
 *   (years are never offered).
 * A sentence whose citations resolve to no known passage is not checked.
 */
export function checkClaims(input: CheckClaimsInput): ClaimFinding[] {
  const findings: ClaimFinding[] = [];
  const passages = new Map<string, Omit<ReadPassage, "citationId"> | null>();
  const occurrences = new Map<string, number>();
  const memo = input.memo ?? null;
  const figures = input.figures ?? bodyFigures(input.body, MAX_CHECKED_FIGURES, memo);
  for (let start = 0; start < figures.length; ) {
    const { sentence } = figures[start]!;
    let end = start + 1;
    while (end < figures.length && figures[end]!.sentence === sentence) end++;
    const own = figures.slice(start, end);
    const cited = citedPassages(sentence, input, passages, memo);
    const verdicts = sentenceVerdicts(sentence, own, cited, input, memo);
    /** The sentence as a finding shows it, worked out for its first finding (most sentences have none). */
    let shown: string | null = null;
    own.forEach((item, k) => {
      const occurrence = occurrences.get(item.figure.raw) ?? 0;
      occurrences.set(item.figure.raw, occurrence + 1);
      const verdict = verdicts[k];
      if (!verdict) return;
      shown ??= sentenceText(sentence);
      const evidenceIds = verdict.kind === "unsupported" ? [] : cited.map((p) => p.evidenceId);
      findings.push({
        id: findingId(verdict.kind, item.figure, evidenceIds, occurrence),
        kind: verdict.kind,
        figure: item.figure,
        at: item.at,
        sentence: shown,
        passages: verdict.passages,
      });
    });
    start = end;
  }
  return findings;
}

type SentenceVerdict = { kind: "mismatch" | "notFound" | "unsupported"; passages: ClaimFinding["passages"] } | null;

/**
 * The verdict on each figure of one sentence. With a memo, kept by the sentence's text and its
 * citations, and valid while its cited passages are the ones read for it (the memo gives the same
 * items for the same text) and, for an uncited sentence, its report index is the memo's: typing
 * in one sentence leaves every other sentence's verdicts as they were.
 */
function sentenceVerdicts(
  sentence: Sentence,
  own: BodyFigure[],
  cited: ReadPassage[],
  input: CheckClaimsInput,
  memo: ClaimMemo | null,
): SentenceVerdict[] {
  const judgeAll = () => judgeSentence(sentence, own, cited, input);
  if (memo === null || (sentence.cites.length === 0 && memo.report !== input.report)) return judgeAll();
  const citations = cited.map((p) => `${p.evidenceId}\u0001${p.citationId ?? ""}`).join("\u0002");
  return memo.remember(
    "verdicts",
    `${citations}\u0000${sentence.marked}`,
    judgeAll,
    cited.map((p) => p.items),
  );
}

function judgeSentence(
  sentence: Sentence,
  own: BodyFigure[],
  cited: ReadPassage[],
  input: CheckClaimsInput,
): SentenceVerdict[] {
  const sentenceWords = wordsAt(sentence.marked);
  return own.map((item): SentenceVerdict => {
    const { figure } = item;
    const words: DraftWords = {
      ...wordsAround(sentence.marked, item.start, item.end, sentenceWords),
      role: figure.kind === "year" ? role(sentence.marked, item.start) : null,
    };
    if (sentence.cites.length > 0) {
      if (cited.length === 0) return null;
      return figure.kind === "year" ? judgeYear(figure, words, cited, own) : judge(item, words, cited, own);
    }
    if (input.report === null || figure.kind === "year") return null;
    const offered = input.report.find(figure, words.sentence);
    if (offered.length === 0) return null;
    return {
      kind: "unsupported",
      passages: offered.map((offer) => ({ evidenceId: offer.evidenceId, citationId: null, figure: offer.figure })),
    };
  });
}

/** A figure of a cited passage with what the checker compares it by. */
interface PassageItem {
  evidenceId: string;
  figure: PassageFigure;
  /** comparableClass(figure), read once per passage. */
  cls: string;
  /** Content words of its sentence and of its clause, the figure's own words left out. */
  sentenceWords: Set<string>;
  clauseWords: Set<string>;
  /** Years: what the year is to its sentence (role()). */
  role: string | null;
  /** What the figure says as a multiple ("rose 100 percent" → 2, "from $0.7 to $1.4 billion" → 2), if it does. */
  multiple: number | null;
}

interface ReadPassage {
  evidenceId: string;
  citationId: string | null;
  items: PassageItem[];
}

type Verdict = { kind: "mismatch" | "notFound"; passages: ClaimFinding["passages"] } | null;

/** Content words a passage figure's sentence must share with the draft's to be its counterpart. */
const MIN_SHARED = { default: 2, quantity: 1, points: 1, multiple: 1 } as const;

/**
 * The verdict on one draft figure against the figures its sentence's passages state.
 * - Any passage figure of its comparable class stating the same number → agreed.
 * - Candidates: figures of its class whose sentence shares at least MIN_SHARED content words with
 *   the draft's sentence (a passage percent about something else is no counterpart) and that do
 *   not agree with another figure of the same sentence (they are that one's). None → notFound.
 * - Counterparts: the candidates whose clause shares most words with the draft figure's clause.
 *   A hedge's or a share's tolerance is judged against them only ("at least 50 percent" is not
 *   backed by a 62.5 percent about something else in the passage); none agreeing → mismatch.
 */
function judge(item: BodyFigure, words: DraftWords, cited: ReadPassage[], sentenceFigures: BodyFigure[]): Verdict {
  const { figure } = item;
  if (figure.kind === "multiple") return judgeMultiple(figure, words, cited);
  const cls = comparableClass(figure);
  const others = sentenceFigures.filter((other) => other !== item && comparableClass(other.figure) === cls);
  const minShared =
    figure.kind === "quantity" || figure.kind === "points" ? MIN_SHARED[figure.kind] : MIN_SHARED.default;
  const candidates: Array<{ passage: ReadPassage; item: PassageItem; clause: number; shared: number }> = [];
  for (const passage of cited)
    for (const candidate of passage.items) {
      if (candidate.cls !== cls) continue;
      if (statesSame(figure, candidate.figure)) return null;
      if (others.some((other) => agrees(other.figure, candidate.figure))) continue;
      const shared = overlap(words.sentence, candidate.sentenceWords);
      if (shared < minShared) continue;
      const clause = overlap(words.clause, candidate.clauseWords);
      // Two words shared by whole sentences and none by the figures' clauses is topic, not subject.
      if (clause === 0 && shared < minShared + 1 && minShared > 1) continue;
      candidates.push({ passage, item: candidate, clause, shared });
    }
  if (candidates.length === 0) return notFound(cited);
  const top = Math.max(...candidates.map((c) => c.clause));
  if (candidates.some((c) => (c.clause === top || c.clause > 0) && agrees(figure, c.item.figure))) return null;
  const distance = (c: PassageFigure) => Math.abs(c.value - figure.value) / Math.max(Math.abs(figure.value), 1e-9);
  const better = (a: (typeof candidates)[number], b: (typeof candidates)[number]) =>
    a.clause !== b.clause
      ? a.clause > b.clause
      : a.shared !== b.shared
        ? a.shared > b.shared
        : distance(a.item.figure) < distance(b.item.figure);
  return shownWith(cited, candidates, better);
}

function shownWith<C extends { passage: ReadPassage; item: PassageItem }>(
  cited: ReadPassage[],
  candidates: C[],
  better: (a: C, b: C) => boolean,
): Verdict {
  return {
    kind: "mismatch",
    passages: cited.map((passage) => {
      let best: C | null = null;
      for (const c of candidates) if (c.passage === passage && (best === null || better(c, best))) best = c;
      return { evidenceId: passage.evidenceId, citationId: passage.citationId, figure: best?.item.figure ?? null };
    }),
  };
}

function notFound(cited: ReadPassage[]): Verdict {
  return {
    kind: "notFound",
    passages: cited.map((p) => ({ evidenceId: p.evidenceId, citationId: p.citationId, figure: null })),
  };
}

/**
 * "Doubled", "fivefold", "three times as": against the multiples the passages state or imply (a
 * multiple, a rise in percent, a "from A to B"). Unhedged, within 5 %; "about", within 10 %;
 * "nearly", up to 15 % below; "over", up to 50 % above; "under", up to 30 % below.
 */
function judgeMultiple(figure: ClaimFigure, words: DraftWords, cited: ReadPassage[]): Verdict {
  const m = figure.value;
  const candidates: Array<{ passage: ReadPassage; item: PassageItem; multiple: number; shared: number }> = [];
  for (const passage of cited)
    for (const candidate of passage.items) {
      if (candidate.multiple === null) continue;
      const shared = overlap(words.sentence, candidate.sentenceWords);
      if (shared < MIN_SHARED.multiple) continue;
      candidates.push({ passage, item: candidate, multiple: candidate.multiple, shared });
    }
  if (candidates.length === 0) return notFound(cited);
  const fits = (c: number): boolean => {
    switch (figure.hedge) {
      case null:
        return Math.abs(c - m) <= 0.05 * m;
      case "about":
        return Math.abs(c - m) <= 0.1 * m;
      case "nearly":
        return c <= m * 1.0001 && c >= 0.85 * m;
      case "over":
        return c >= m * 0.9999 && c <= 1.5 * m;
      case "under":
        return c <= m * 1.0001 && c >= 0.7 * m;
    }
  };
  if (candidates.some((c) => fits(c.multiple))) return null;
  return shownWith(cited, candidates, (a, b) => a.shared > b.shared);
}

/**
 * A year is checked only when a cited passage states another year in the same role (role()) in
 * a sentence sharing at least YEAR_MIN_SHARED content words with the draft's, no cited passage
 * states the draft's year, and the draft's sentence does not itself state the passage's: "by
 * 2030" against "by 2024" is a mismatch; "in 2020" beside a passage's "in 2019" about something
 * else is nothing. Years are never notFound: a year is as often the date of a claim as a claim.
 */
const YEAR_MIN_SHARED = 3;

function judgeYear(
  figure: ClaimFigure,
  words: DraftWords,
  cited: ReadPassage[],
  sentenceFigures: BodyFigure[],
): Verdict {
  const years = cited.flatMap((passage) =>
    passage.items.filter((c) => c.figure.kind === "year").map((item) => ({ passage, item })),
  );
  if (years.some(({ item }) => item.figure.value === figure.value)) return null;
  const stated = new Set(sentenceFigures.filter((f) => f.figure.kind === "year").map((f) => f.figure.value));
  const candidates = years
    .filter(({ item }) => item.role === words.role && !stated.has(item.figure.value))
    .map((c) => ({ ...c, shared: overlap(words.sentence, c.item.sentenceWords) }))
    .filter((c) => c.shared >= YEAR_MIN_SHARED);
  if (candidates.length === 0) return null;
  return shownWith(cited, candidates, (a, b) => a.shared > b.shared);
}

/** What a draft figure is compared by. */
interface DraftWords {
  sentence: Set<string>;
  clause: Set<string>;
  role: string | null;
}

/**
 * Words around a figure at [start, end) of a sentence: the sentence's and its clause's, the figure's own out.
 * `words` are the sentence's words (wordsAt(text)), read once per sentence rather than once per figure;
 * a word cut by the figure's ends is read as the two slices would read it.
 */
function wordsAround(
  text: string,
  start: number,
  end: number,
  words: readonly WordAt[],
): { sentence: Set<string>; clause: Set<string> } {
  let from = start;
  while (from > 0 && !CLAUSE_ENDS.includes(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !CLAUSE_ENDS.includes(text[to]!)) to++;
  const sentence = new Set<string>();
  const clause = new Set<string>();
  for (const at of words) {
    const before = at.end <= start;
    if (!before && at.start < end) {
      if (at.start >= start && at.end <= end) continue; // the figure's own
      return wordsAroundSliced(text, start, end, from, to);
    }
    if (at.word === null) continue;
    sentence.add(at.word);
    if (before ? at.start >= from : at.end <= to) clause.add(at.word);
  }
  return { sentence, clause };
}

function wordsAroundSliced(
  text: string,
  start: number,
  end: number,
  from: number,
  to: number,
): { sentence: Set<string>; clause: Set<string> } {
  return {
    sentence: new Set(contentWords(`${text.slice(0, start)} ${text.slice(end)}`)),
    clause: new Set(contentWords(`${text.slice(from, start)} ${text.slice(end, to)}`)),
  };
}

const CLAUSE_ENDS = ",;:";

const ROLE_GROUPS: Record<string, string> = {
  in: "point",
  by: "point",
  during: "point",
  since: "point",
  before: "point",
  after: "point",
  until: "end",
  till: "end",
  through: "end",
  to: "end",
  and: "end",
  between: "start",
  from: "start",
};
const MONTHS = new Set(
  "january february march april may june july august september october november december".split(" "),
);

/**
 * What a year is to its sentence, from the word before it (numbers skipped): a date's year
 * ("June 30, 2020"), a period's start ("between", "from") or end ("and", "to", "through"), a
 * point in time ("in", "by", "since"), or that word itself.
 */
function role(text: string, start: number): string {
  const words = text
    .slice(Math.max(0, start - 40), start)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  for (let i = words.length - 1; i >= 0 && i >= words.length - 3; i--) {
    const word = words[i]!;
    if (/^\d+$/.test(word)) continue;
    if (MONTHS.has(word)) return "date";
    return ROLE_GROUPS[word] ?? word;
  }
  return "";
}

const RISES = new Set(
  "rose rise risen rising grew grow grown growth increased increase increases up jumped jump climbed gained expanded surged soared".split(
    " ",
  ),
);

/** The sentence's cited passages (at most MAX_CITES_PER_SENTENCE, each once), read once per check. */
function citedPassages(
  sentence: Sentence,
  input: CheckClaimsInput,
  cache: Map<string, Omit<ReadPassage, "citationId"> | null>,
  memo: ClaimMemo | null,
): ReadPassage[] {
  const cited: ReadPassage[] = [];
  const seen = new Set<string>();
  for (const cite of sentence.cites.slice(0, MAX_CITES_PER_SENTENCE)) {
    const evidenceId = cite.evidenceId ?? (cite.citationId === null ? null : input.citationEvidence(cite.citationId));
    if (evidenceId === null || seen.has(evidenceId)) continue;
    seen.add(evidenceId);
    let read = cache.get(evidenceId);
    if (read === undefined) {
      const passage = input.passage(evidenceId);
      if (passage === null) read = null;
      else {
        const text = passage.text.slice(0, MAX_PASSAGE_CHARS);
        const readItems = () => readPassage(evidenceId, text);
        const items = memo ? memo.remember("passage", `${evidenceId}\u0000${text}`, readItems) : readItems();
        read = { evidenceId, items };
      }
      cache.set(evidenceId, read);
    }
    if (read !== null) cited.push({ ...read, citationId: cite.citationId });
  }
  return cited;
}

/** A passage's figures (at most MAX_FIGURES_PER_PASSAGE), each with its words, role and multiple. */
function readPassage(evidenceId: string, text: string): PassageItem[] {
  const items: PassageItem[] = [];
  for (const sentence of splitSentences([[{ text }]])) {
    const figures = readClaimFigures(sentence.marked, MAX_FIGURES_PER_PASSAGE - items.length);
    const sentenceWords = figures.length === 0 ? [] : wordsAt(sentence.marked);
    figures.forEach((figure, i) => {
      const words = wordsAround(sentence.marked, figure.start, figure.end, sentenceWords);
      items.push({
        evidenceId,
        figure: { ...figure, start: sentence.from + figure.start, end: sentence.from + figure.end },
        cls: comparableClass(figure),
        sentenceWords: words.sentence,
        clauseWords: words.clause,
        role: figure.kind === "year" ? role(sentence.marked, figure.start) : null,
        multiple: impliedMultiple(sentence.marked, figures, i),
      });
    });
    if (items.length >= MAX_FIGURES_PER_PASSAGE) break;
  }
  return items;
}

/** The multiple a passage figure states or implies (see judgeMultiple), or null. */
function impliedMultiple(text: string, figures: PassageFigure[], i: number): number | null {
  const figure = figures[i]!;
  if (figure.kind === "multiple") return figure.value;
  if (figure.kind === "year") return null;
  if (
    figure.kind === "percent" &&
    figure.rangeEnd === undefined &&
    wordsBefore(text, figure.start).some((w) => RISES.has(w))
  )
    return 1 + figure.value / 100;
  // "from $0.7 billion (in 2010) to $1.4 billion": the second over the first.
  let previous: PassageFigure | undefined;
  for (let j = i - 1; j >= 0 && previous === undefined; j--) if (figures[j]!.kind !== "year") previous = figures[j];
  if (
    previous === undefined ||
    comparableClass(previous) !== comparableClass(figure) ||
    !(previous.value > 0) ||
    wordsBefore(text, previous.start).at(-1) !== "from"
  )
    return null;
  const between = wordsBefore(text, figure.start, figure.start - previous.end);
  return between.at(-1) === "to" && between.length <= 3 ? figure.value / previous.value : null;
}

/** The last words (lowercased, at most three) of the `span` characters before `start`. */
function wordsBefore(text: string, start: number, span = 32): string[] {
  return text
    .slice(Math.max(0, start - span), start)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(-3);
}

/**
 * Stable across edits elsewhere in the body: the finding's kind, the figure as written and its
 * value, the evidence it is shown with (sorted), and which occurrence of that text in the body it is.
 */
export function findingId(
  kind: ClaimFinding["kind"],
  figure: ClaimFigure,
  evidenceIds: string[],
  occurrence: number,
): string {
  const key = JSON.stringify([kind, figure.raw, figure.value, [...evidenceIds].sort(), occurrence]);
  return createHash("sha256").update(key).digest("hex").slice(0, 20);
}
