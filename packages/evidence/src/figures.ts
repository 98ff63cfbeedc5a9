import type { Figure } from "./types.js";

/**
 * Finds the numbers a passage states, for claim checks. What counts as a figure:
 * - money: `$614.5 billion`, `US$2 million`, `$16` → USD in base units (614.5e9);
 * - percent: `62 percent`, `6.9 per cent`, `8.5%` → the number (62);
 * - count: a number with a scale word, `26 million` → 26e6, unit "";
 * - quantity: a number (with or without a scale word) and a unit, `7 gigawatts` → 7 "gigawatts";
 * - year: a four-digit 19xx/20xx standing alone (`1990`, `2013–2018` gives two), never the
 *   number of another figure, nor a decade (`1990s`).
 * A range (`40–45 percent`, `$2–3 billion`) is one figure: `value` is the low end and
 * `rangeEnd` the high end, so the raw text is cited once and both ends can be checked.
 * A bare number with no scale, unit, `$` or `percent` (`top 10`, `89-10`) is not a figure:
 * without its noun it says nothing a recommendation could cite.
 */
export function extractFigures(text: string): Figure[] {
  const found: Figure[] = [];
  // Which characters a figure already covers: checking a candidate against every figure found
  // so far would be quadratic in a passage of thousands of numbers.
  const covered = new Uint8Array(text.length);
  const add = (figure: Figure): void => {
    const end = figure.start + figure.raw.length;
    for (let i = figure.start; i < end; i++) if (covered[i]) return;
    covered.fill(1, figure.start, end);
    found.push(figure);
  };

  // Most specific first, so `$1.27 trillion` is money, not a count, and `2019` in `$2019` no year.
  for (const match of text.matchAll(MONEY)) {
    const { low, high, scale } = match.groups!;
    add(figure("money", match, scaledNumber(low!, scale), "USD", high, scale));
  }
  for (const match of text.matchAll(MONEY_WORDS)) {
    const { low, high, scale } = match.groups!;
    add(figure("money", match, scaledNumber(low!, scale), "USD", high, scale));
  }
  for (const match of text.matchAll(PERCENT)) {
    const { low, high } = match.groups!;
    add(figure("percent", match, scaledNumber(low!), "percent", high));
  }
  for (const match of text.matchAll(MEASURE)) {
    const { low, high, scale, unit } = match.groups!;
    if (!scale && !unit) continue;
    add(figure(unit ? "quantity" : "count", match, scaledNumber(low!, scale), unit ?? "", high, scale));
  }
  for (const match of text.matchAll(YEAR)) {
    add(figure("year", match, Number(match[0]), "year"));
  }
  return found.sort((a, b) => a.start - b.start);
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
/** Not glued to a preceding letter, digit or decimal point (`mcs2020`, the `5` of `1.5`). */
const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}.,])`;
const RANGE_DASH = String.raw`\s?[–—-]\s?`;
const SCALE = "thousand|million|billion|trillion";
const UNIT = [
  "(?:giga|mega|kilo|tera)watt-hours",
  "(?:giga|mega|kilo|tera)watts?",
  "GWh|MWh|kWh|TWh|GW|MW|kW",
  "metric tons|tons|tonnes",
  "barrels(?: per day)?",
  "cubic (?:feet|meters|metres)",
  "square (?:miles|kilometers|kilometres)",
  "kilometers|kilometres|km|miles|hectares|acres",
  "gallons|liters|litres|kilograms|kg|pounds",
].join("|");

const MONEY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:US)?\$\s?(?<low>${NUM})(?:${RANGE_DASH}\$?(?<high>${NUM}))?(?:\s(?<scale>${SCALE})\b)?`,
  "gu",
);
const MONEY_WORDS = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?:${RANGE_DASH}(?<high>${NUM}))?(?:\s(?<scale>${SCALE}))?\s(?:US |U\.S\. )?dollars\b`,
  "gu",
);
const PERCENT = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?:${RANGE_DASH}(?<high>${NUM}))?(?:\s?%|\s(?:percent|per cent)\b)`,
  "gu",
);
const MEASURE = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?:${RANGE_DASH}(?<high>${NUM}))?(?:\s(?<scale>${SCALE})\b)?(?:\s(?<unit>${UNIT})\b)?`,
  "gu",
);
const YEAR = new RegExp(String.raw`${NOT_AFTER_WORD}(?:19|20)\d{2}(?![\p{L}\p{N}]|[.,]\d)`, "gu");

/**
 * The pieces the patterns above are built of, for the claim checker (@accord/claims), which
 * reads a draft's figures with the same numbers, scales, units and ranges as passages are read.
 */
export const FIGURE_PATTERN_PARTS = {
  number: NUM,
  notAfterWord: NOT_AFTER_WORD,
  rangeDash: RANGE_DASH,
  scale: SCALE,
  unit: UNIT,
} as const;

/** Every pattern above, for the test that checks each runs in linear time (regexSafety.test.ts). */
export const FIGURE_PATTERNS: readonly RegExp[] = [MONEY, MONEY_WORDS, PERCENT, MEASURE, YEAR];

const SCALES: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12 };

/** Parses through the exponent so `$614.5 billion` is exactly 614500000000, not 614.5 * 1e9. */
export function scaledNumber(digits: string, scale?: string): number {
  const exponent = scale ? (SCALES[scale] ?? 0) : 0;
  return Number(`${digits.replace(/,/g, "")}e${exponent}`);
}

function figure(
  kind: Figure["kind"],
  match: RegExpMatchArray,
  value: number,
  unit: string,
  high?: string,
  scale?: string,
): Figure {
  const result: Figure = { kind, raw: match[0], value, unit, start: match.index! };
  if (high !== undefined) result.rangeEnd = scaledNumber(high, scale);
  return result;
}
