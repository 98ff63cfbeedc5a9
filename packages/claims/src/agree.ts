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
      return `money:${figure.unit.toLowerCase()}`;
    case "quantity":
      return `quantity:${unitMeasure(figure.unit)[0]}`;
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
  const d = inBaseUnits(draft);
  const p = inBaseUnits(passage);
  // "More than 4 million" is not what "almost 4 million" says, though the numbers are one.
  if (opposed(draft.hedge, passage.hedge)) return false;
  const pLow = p.value;
  const pHigh = p.rangeEnd ?? p.value;
  if (d.rangeEnd !== undefined) {
    const low = d.value;
    const high = d.rangeEnd;
    if (same(pLow, low) && same(pHigh, high)) return true;
    return pLow >= low * (1 - EXACT) && pHigh <= high * (1 + EXACT);
  }
  const value = d.value;
  if (p.rangeEnd !== undefined && value >= pLow && value <= pHigh) return true;
  const shares = draft.kind === "ratio" || passage.kind === "ratio";
  // The passage's value, then (a range) its high end; no array per call: this runs per candidate.
  if (pointAgrees(d, pLow, shares)) return true;
  if (passage.hedge !== null && passageHedgeAgrees(passage, pLow, value)) return true;
  if (p.rangeEnd === undefined) return false;
  if (pointAgrees(d, pHigh, shares)) return true;
  return passage.hedge !== null && passageHedgeAgrees(passage, pHigh, value);
}

/** Whether two figures state the very same number (after scale and unit), hedges aside. */
export function statesSame(draft: ClaimFigure, passage: ClaimFigure): boolean {
  const d = inBaseUnits(draft);
  const p = inBaseUnits(passage);
  if (opposed(draft.hedge, passage.hedge)) return false;
  return same(d.value, p.value) && same(d.rangeEnd ?? d.value, p.rangeEnd ?? p.value);
}

function opposed(a: ClaimFigure["hedge"], b: ClaimFigure["hedge"]): boolean {
  return (a === "over" && below(b)) || (b === "over" && below(a));
}

function below(hedge: ClaimFigure["hedge"]): boolean {
  return hedge === "nearly" || hedge === "under";
}

function pointAgrees(draft: ClaimFigure, point: number, shares: boolean): boolean {
  const value = draft.value;
  if (same(point, value)) return true;
  // A word share is a rounded percent: a point either side, whatever the hedge then says.
  const slack = shares ? 1 : 0;
  switch (draft.hedge) {
    case null:
      return Math.abs(point - value) <= slack;
    case "about":
      if (shares) return Math.abs(point - value) <= 3.5;
      return roundsTo(point, draft.raw, value) || Math.abs(point - value) <= 0.05 * Math.abs(value);
    case "nearly":
      return point <= value && point >= 0.9 * value - slack;
    case "over":
      return point >= value && point <= 1.25 * value + slack;
    case "under":
      return point <= value && point >= 0.75 * value - slack;
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
  const digits = writtenDigits(raw);
  if (!digits) return false;
  const written = Number(digits);
  if (!(written > 0)) return false;
  const scale = value / written;
  const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
  let zeros = 0;
  if (decimals === 0) while (zeros < digits.length - 1 && digits[digits.length - 1 - zeros] === "0") zeros++;
  // At most 10 % either way: "about 1,000" takes 1,049, not 1,499.
  const step = Math.min(scale * 10 ** (zeros - decimals), 0.2 * Math.abs(value));
  return Math.abs(point - value) <= step / 2 + EXACT * Math.abs(value);
}

/**
 * The first number written in `raw`, commas out: what /\d[\d,]*(?:\.\d+)?/ matches, read by a
 * loop (this runs per candidate figure of a lookup).
 */
function writtenDigits(raw: string): string {
  let i = 0;
  while (i < raw.length && !isDigit(raw.charCodeAt(i))) i++;
  if (i === raw.length) return "";
  let digits = "";
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isDigit(c)) digits += raw[i];
    else if (c !== 44) break; // ","
  }
  // A decimal part only when a digit follows the point.
  if (raw.charCodeAt(i) === 46 && isDigit(raw.charCodeAt(i + 1))) {
    digits += ".";
    for (i++; i < raw.length && isDigit(raw.charCodeAt(i)); i++) digits += raw[i];
  }
  return digits;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
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
    const word = contentWord(match[0]);
    if (word !== null) words.push(word);
  }
  return words;
}

/** A word (a run of letters) as contentWords() keeps it, or null when it is too short or a stop word. */
export function contentWord(letters: string): string | null {
  const word = letters.toLowerCase();
  return word.length < 3 || STOP_WORDS.has(word) ? null : stem(word);
}

/** Where the words (runs of letters) of `text` stand, each as contentWord() keeps it. */
export interface WordAt {
  start: number;
  end: number;
  word: string | null;
}

export function wordsAt(text: string): WordAt[] {
  const words: WordAt[] = [];
  for (const match of text.matchAll(WORD))
    words.push({ start: match.index, end: match.index + match[0].length, word: contentWord(match[0]) });
  return words;
}

const WORD = /\p{L}+/gu;

/** How many words two sets share (the smaller one is walked). */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size > b.size) return overlap(b, a);
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared;
}

/** A figure's value and range end in its dimension's base unit (a quantity's unit × its factor). */
export function inBaseUnits(figure: ClaimFigure): ClaimFigure {
  if (figure.kind !== "quantity") return figure;
  const factor = unitMeasure(figure.unit)[1];
  if (factor === 1) return figure;
  const scaled: ClaimFigure = { ...figure, value: figure.value * factor };
  if (figure.rangeEnd !== undefined) scaled.rangeEnd = figure.rangeEnd * factor;
  return scaled;
}

const PREFIXES: Record<string, number> = {
  kilo: 1e3,
  mega: 1e6,
  giga: 1e9,
  tera: 1e12,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
};
const MEASURES: Record<string, [string, number]> = {
  tons: ["mass", 1000],
  tonnes: ["mass", 1000],
  "metric tons": ["mass", 1000],
  kilograms: ["mass", 1],
  kg: ["mass", 1],
  pounds: ["mass", 0.45359237],
  kilometers: ["length", 1000],
  kilometres: ["length", 1000],
  km: ["length", 1000],
  miles: ["length", 1609.344],
  hectares: ["area", 1e4],
  acres: ["area", 4046.8564224],
  "square miles": ["area", 2_589_988.110336],
  "square kilometers": ["area", 1e6],
  "square kilometres": ["area", 1e6],
  gallons: ["volume", 3.785411784],
  liters: ["volume", 1],
  litres: ["volume", 1],
  "cubic meters": ["volume", 1000],
  "cubic metres": ["volume", 1000],
  "cubic feet": ["volume", 28.316846592],
  years: ["duration", 365],
  months: ["duration", 30.4375],
  weeks: ["duration", 7],
  days: ["duration", 1],
  hours: ["duration", 1 / 24],
};

/**
 * A quantity's dimension and its factor to the dimension's base unit, so "7,000 megawatts" is
 * "7 gigawatts" and "tons" are "metric tons"; an unknown unit is its own dimension.
 */
export function unitMeasure(unit: string): [string, number] {
  const u = unit.toLowerCase();
  const known = MEASURES[u];
  if (known) return known;
  for (const [suffix, dimension] of [
    ["watt-hours", "energy"],
    ["wh", "energy"],
    ["watts", "power"],
    ["watt", "power"],
    ["w", "power"],
  ] as const) {
    if (!u.endsWith(suffix)) continue;
    const prefix = u.slice(0, u.length - suffix.length);
    const factor = prefix === "" ? 1 : PREFIXES[prefix];
    if (factor !== undefined) return [dimension, factor];
  }
  return [u, 1];
}

/** Regexes of this module, for the linear-time check. */
export const AGREE_PATTERNS: readonly RegExp[] = [WORD];
