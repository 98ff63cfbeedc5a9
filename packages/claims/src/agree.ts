import { CONTEXT_CHARS } from "./limits.js";
import type { ClaimFigure } from "./types.js";

/**
 * Which figures can be compared at all: same kind and unit, except that a word share
 * ("a third", kind ratio) is a percent. Figures of different classes never disagree.
 */
export function comparableClass(figure: ClaimFigure): string {
  switch (figure.kind) {
    case "ratio":
    case "percent":
      return "percent";
    case "money":
    case "quantity":
      return `${figure.kind}:${figure.unit.toLowerCase()}`;
    default:
      return figure.kind;
  }
}

/** Relative slack of exact equality (parsing through exponents leaves none, but sums may). */
const EXACT = 1e-9;

/**
 * Whether a passage's figure agrees with the draft's (issue 19's tolerance):
 * - exact after scale (`$614.5 billion` = `US$614,500 million`), never an unsignalled rounding
 *   (`$614 billion` against `$614.5 billion` disagrees);
 * - "about": the passage rounds to the draft at the draft's precision, or is within 5 %;
 * - "nearly": the passage is at most the draft and within 10 % below it;
 * - "over"/"under": the passage is above/below (or at) the draft, within 25 %;
 * - a word share ("a third", "half", "one in five") is a rounded percent: within 1 point
 *   (3.5 with "about"), either side; "62 percent" against "26 percent" disagrees;
 * - a range agrees with the same range and with a value (or range) inside it; a value agrees
 *   with a passage range that holds it;
 * - a passage's own hedge widens it the same way ("about 600 million" agrees with 610 million).
 */
export function agrees(draft: ClaimFigure, passage: ClaimFigure): boolean {
  const pLow = passage.value;
  const pHigh = passage.rangeEnd ?? passage.value;
  if (draft.rangeEnd !== undefined) {
    const low = draft.value;
    const high = draft.rangeEnd;
    if (same(pLow, low) && same(pHigh, high)) return true;
    return pLow >= low * (1 - EXACT) && pHigh <= high * (1 + EXACT);
  }
  const value = draft.value;
  if (passage.rangeEnd !== undefined && value >= pLow && value <= pHigh) return true;
  const shares = draft.kind === "ratio" || passage.kind === "ratio";
  for (const point of passage.rangeEnd === undefined ? [pLow] : [pLow, pHigh]) {
    if (pointAgrees(draft, point, shares)) return true;
    if (passage.hedge !== null && passageHedgeAgrees(passage, point, value)) return true;
  }
  return false;
}

function pointAgrees(draft: ClaimFigure, point: number, shares: boolean): boolean {
  const value = draft.value;
  if (same(point, value)) return true;
  if (shares) return Math.abs(point - value) <= (draft.hedge === null ? 1 : 3.5);
  switch (draft.hedge) {
    case null:
      return false;
    case "about":
      return roundsTo(point, draft.raw, value) || Math.abs(point - value) <= 0.05 * Math.abs(value);
    case "nearly":
      return point <= value && point >= 0.9 * value;
    case "over":
      return point >= value && point <= 1.25 * value;
    case "under":
      return point <= value && point >= 0.75 * value;
  }
}

/** The passage hedges ("more than 600 million"): the draft's value is one it allows. */
function passageHedgeAgrees(passage: ClaimFigure, point: number, value: number): boolean {
  switch (passage.hedge) {
    case "about":
      return Math.abs(point - value) <= 0.05 * Math.abs(point);
    case "nearly":
      return value <= point && value >= 0.9 * point;
    case "over":
      return value >= point && value <= 1.25 * point;
    case "under":
      return value <= point && value >= 0.75 * point;
    default:
      return false;
  }
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= EXACT * Math.max(Math.abs(a), Math.abs(b), 1);
}

/**
 * Whether `point` rounds to `value` at the precision the draft wrote it with: "about $1.3
 * trillion" is to the tenth of a trillion, "about 600 million" to the hundred million.
 */
function roundsTo(point: number, raw: string, value: number): boolean {
  const digits = /\d[\d,]*(?:\.\d+)?/.exec(raw)?.[0]?.replace(/,/g, "");
  if (!digits) return false;
  const written = Number(digits);
  if (!(written > 0)) return false;
  const scale = value / written;
  const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
  let zeros = 0;
  if (decimals === 0) while (zeros < digits.length - 1 && digits[digits.length - 1 - zeros] === "0") zeros++;
  const step = scale * 10 ** (zeros - decimals);
  return Math.abs(point - value) <= step / 2 + EXACT * Math.abs(value);
}

const STOP_WORDS = new Set(
  (
    "the a an and or of to in on at by for from with as is are was were be been being that this these those " +
    "its it their his her our we they he she which who whom whose what when where while than then there here " +
    "has have had will would should could may might must can not no nor but if so such into over under about " +
    "more less most least some any all each per also only just very percent cent million billion thousand " +
    "trillion dollars year years between nearly almost around roughly approximately above below up down"
  ).split(" "),
);

/** A word's crude stem, so "exports" meets "exported" and "tariff" meets "tariffs". */
function stem(word: string): string {
  return word.length > 6 ? word.slice(0, 6) : word.replace(/s$/, "");
}

/** The content words of `text` (lowercased, stemmed, stop words out). */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    words.push(stem(word));
  }
  return words;
}

const WORD = /\p{L}+/gu;

/** The content words within CONTEXT_CHARS of a figure at [start, end) in `text`. */
export function contextOf(text: string, start: number, end: number): Set<string> {
  return new Set(contentWords(text.slice(Math.max(0, start - CONTEXT_CHARS), end + CONTEXT_CHARS)));
}

export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared;
}

/** Regexes of this module, for the linear-time check. */
export const AGREE_PATTERNS: readonly RegExp[] = [WORD];
