import { FIGURE_PATTERN_PARTS, scaledNumber } from "@accord/evidence/figures";
import type { ClaimFigure, ClaimFigureKind, Hedge, PassageFigure } from "./types.js";

/**
 * The figures a sentence or passage states (issue 19), read with the same numbers, scale words,
 * units and range dashes as the importer reads passages (@accord/evidence's figures.ts), plus what
 * a draft also says: other currencies, scale abbreviations (`$5bn`), percentage points, ranges
 * written with "to"/"between … and", spelled numbers with a scale ("five million"), word
 * quantities ("a third", "one in five", "doubled", "three times as") and hedges ("about", …).
 *
 * What is not a figure: a bare number with no unit, scale, `%` or currency (list numbers, days of
 * dates, `top 10`), ordinals, decades (`1990s`), and any number right after a reference word
 * ("Section 232", "Article 10.12", "Table 3", "No. 5", "p. 12").
 *
 * `raw` is the figure as written from its first digit or currency sign to its unit; the hedge
 * before it ("about") and the "between" of a range are not part of it. A range joined by "to" is
 * one figure unless "from" comes before it ("from 40 to 45 percent" states two values: the first
 * is read with the unit of the second); "and" makes a range only after "between".
 *
 * Every pattern is linear (no quantifier over a group that can match the same text two ways);
 * looks backwards (hedge, reference word, "between") read at most LOOK_BACK characters.
 */
export function readClaimFigures(text: string, max = Number.POSITIVE_INFINITY): PassageFigure[] {
  const found: PassageFigure[] = [];
  const covered = new Uint8Array(text.length);
  const add = (figure: Omit<PassageFigure, "hedge">): void => {
    if (figure.raw.length === 0) return;
    for (let i = figure.start; i < figure.end; i++) if (covered[i]) return;
    covered.fill(1, figure.start, figure.end);
    const hedge = figure.kind === "year" ? null : hedgeBefore(text, figure.start);
    found.push({ ...figure, hedge });
  };
  const may = mayState(text);

  if (may.money)
    scanNumeric(text, MONEY, add, (groups) => {
      const unit = currencyOf(groups.cur, groups.word);
      return { kind: "money", unit };
    });
  if (may.moneyWords)
    scanNumeric(text, MONEY_WORDS, add, (groups) => ({
      kind: "money",
      unit: currencyOf(groups.code, groups.word, groups.adj),
    }));
  for (const match of may.wordScaled ? text.matchAll(WORD_SCALED) : NONE) {
    const { w, scale, word, unit } = match.groups!;
    const value = wordNumber(w!) * 10 ** SCALES[scale!.toLowerCase()]!;
    const kind: ClaimFigureKind = word ? "money" : unit ? "quantity" : "count";
    add(at(match, { kind, value, unit: word ? currencyOf(undefined, word) : (unit ?? "") }));
  }
  if (may.points)
    scanNumeric(text, POINTS, add, (groups) => ({
      kind: "points",
      unit: "points",
      divide: /^b/i.test(groups.unit!) ? 100 : 1,
    }));
  if (may.percent) scanNumeric(text, PERCENT, add, () => ({ kind: "percent", unit: "percent" }));
  if (may.digits)
    scanNumeric(text, MEASURE, add, (groups) =>
      // A number grouped in thousands ("300,000 jobs") is a count: list, section and day numbers never are.
      groups.s1 || groups.scale || groups.unit || groups.low!.includes(",")
        ? { kind: groups.unit ? "quantity" : "count", unit: groups.unit ?? "" }
        : null,
    );
  for (const match of may.fraction ? text.matchAll(FRACTION) : NONE) {
    const start = match.index!;
    const end = start + match[0].length;
    if (!statesShare(text, start, end, match[0])) continue;
    add(
      at(match, { kind: "ratio", value: FRACTIONS[match[0].toLowerCase().replace(/[\s-]+/g, " ")]!, unit: "percent" }),
    );
  }
  for (const match of may.oneIn ? text.matchAll(ONE_IN) : NONE) {
    const { k, n } = match.groups!;
    const part = smallNumber(k!);
    const whole = smallNumber(n!);
    if (!(part > 0 && whole > part)) continue;
    add(at(match, { kind: "ratio", value: (part / whole) * 100, unit: "percent" }));
  }
  for (const match of may.multiple ? text.matchAll(MULTIPLE) : NONE) {
    const { verb, times, fold } = match.groups!;
    const value = verb
      ? VERBS[verb.toLowerCase().replace(/ing$|ed$/, "")]!
      : smallNumber((times ?? fold)!.split(" ")[0]!);
    if (!(value > 1)) continue;
    add(at(match, { kind: "multiple", value, unit: "times" }));
  }
  for (const match of may.digits ? text.matchAll(YEAR) : NONE) {
    if (isReference(text, match.index!)) continue;
    add(at(match, { kind: "year", value: Number(match[0]), unit: "year" }));
  }
  found.sort((a, b) => a.start - b.start);
  return found.length > max ? found.slice(0, max) : found;
}

const NONE: RegExpMatchArray[] = [];

/**
 * Which patterns can match `text`, from words every match of each must contain: a pattern whose
 * words are absent is not run. A sentence has figures of two or three kinds, and each of the ten
 * Unicode patterns is a pass over it with look-behinds at every position; skipping the passes that
 * cannot match took a first check in the claims bench from 23 to 20.5 ms at p50 (the answers are the same:
 * every test is a necessary condition, never a sufficient one).
 */
export function mayState(text: string): Record<Gate, boolean> {
  const lower = text.toLowerCase();
  const has = (...words: string[]): boolean => words.some((word) => lower.includes(word));
  const digits = DIGIT.test(text);
  const codes = has("usd", "mxn", "eur", "cad", "gbp");
  return {
    digits,
    money: digits && (has("$", "€", "£") || codes),
    moneyWords: digits && (has("dollars", "pesos", "euros") || codes),
    wordScaled: has("thousand", "illion"),
    points: digits && has("point", "pp", "bp"),
    percent: digits && has("%", "per", "pct"),
    fraction: has("third", "quarter", "fourth", "fifth", "tenth", "half"),
    // "3 in 10", "one in five", "nine out of ten": a number in digits or words up to nineteen.
    oneIn:
      digits ||
      has(
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fifteen",
      ),
    multiple: has("doubl", "tripl", "trebl", "quadrupl", "twice", "times", "fold"),
  };
}

const DIGIT = /\d/;

type Gate = "digits" | "money" | "moneyWords" | "wordScaled" | "points" | "percent" | "fraction" | "oneIn" | "multiple";

/** The figure read from `text` with its offsets dropped: what a draft states. */
export function withoutOffsets({ start: _start, end: _end, ...figure }: PassageFigure): ClaimFigure {
  return figure;
}

const {
  number: NUM,
  notAfterWord: NOT_AFTER_WORD,
  rangeDash: RANGE_DASH,
  scale: SCALE,
  unit: PASSAGE_UNIT,
} = FIGURE_PATTERN_PARTS;
/** The importer's units, and durations ("12 years of data protection", "within 90 days"). */
const UNIT = `${PASSAGE_UNIT}|years|months|weeks|days|hours`;

/** A range's joint: a dash, or " to " / " and " (judged by what comes before, see above). */
const JOIN = String.raw`(?<join>${RANGE_DASH}|\s(?:to|and)\s)`;
const CURRENCY = String.raw`US\$|U\.S\.\s?\$|MX\$|Mex\$|C\$|A\$|\$|€|£|(?:USD|MXN|EUR|CAD|GBP)\s?`;
/** After a currency sign: the scale in words, or abbreviated (`$5bn`, `$5 m`, `$2.1tn`). */
const MONEY_SCALE = String.raw`\s(?:${SCALE})\b|\s?(?:bn|mn|tn|trn|m|b|k)\b`;
const CURRENCY_WORD = String.raw`(?:(?<adj>US|U\.S\.|American|Mexican|Canadian)\s)?(?<word>dollars|pesos|euros)\b`;

const MONEY = new RegExp(
  String.raw`(?<![\p{L}\p{N}$])(?<cur>${CURRENCY})(?<low>${NUM})(?<s1>${MONEY_SCALE})?(?:${JOIN}(?:${CURRENCY})?(?<high>${NUM}))?(?<scale>${MONEY_SCALE})?(?:\s${CURRENCY_WORD})?`,
  "dgu",
);
const MONEY_WORDS = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?<s1>\s(?:${SCALE})\b)?(?:${JOIN}(?<high>${NUM}))?(?<scale>\s(?:${SCALE})\b)?(?:\s${CURRENCY_WORD}|\s(?<code>USD|MXN|EUR|CAD|GBP)\b)`,
  "dgu",
);
const POINTS = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?:${JOIN}(?<high>${NUM}))?\s?(?<unit>percentage[\s-]points?|basis[\s-]points?|pp|ppts?|bps)\b`,
  "dgu",
);
const PERCENT_SIGN = String.raw`\s?%|\s(?:percent|per cent|pct)\b`;
const PERCENT = new RegExp(
  `${NOT_AFTER_WORD}(?<low>${NUM})(?<s1>${PERCENT_SIGN})?(?:${JOIN}(?<high>${NUM}))?(?:${PERCENT_SIGN})`,
  "dgu",
);
const MEASURE = new RegExp(
  String.raw`${NOT_AFTER_WORD}(?<low>${NUM})(?<s1>\s(?:${SCALE})\b)?(?:${JOIN}(?<high>${NUM}))?(?<scale>\s(?:${SCALE})\b)?(?:\s(?<unit>${UNIT})\b)?`,
  "dgu",
);

const UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine";
const TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
/** "five", "twenty-five", "a hundred", "half a": spelled numbers that take a scale word. */
const WORD_NUMBER = String.raw`(?:${TENS})(?:[\s-](?:${UNITS_WORDS}))?|${TEENS}|${UNITS_WORDS}|(?:a|one)\shundred|half\sa`;
const WORD_SCALED = new RegExp(
  String.raw`(?<![\p{L}\p{N}-])(?<w>${WORD_NUMBER})\s(?<scale>${SCALE})\b(?:\s${CURRENCY_WORD}|\s(?<unit>${UNIT})\b)?`,
  "giu",
);
const FRACTION =
  /(?<![\p{L}\p{N}-])(?:(?:a|one)[\s-](?:third|quarter|fourth|fifth|tenth|half)|two[\s-]thirds|three[\s-](?:quarters|fourths|fifths)|half)\b/giu;
const SMALL = String.raw`${TEENS}|${UNITS_WORDS}|\d{1,3}`;
const ONE_IN = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?<k>${SMALL})\s(?:in|out\sof)\s(?<n>${SMALL})(?![\p{L}\p{N}]|[.,]\d)`,
  "giu",
);
const MULTIPLE =
  /(?<![\p{L}\p{N}-])(?:(?<verb>doubled|doubling|tripled|tripling|trebled|quadrupled|quadrupling)|(?<times>twice|(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3}(?:\.\d)?)\stimes)(?=\s(?:as|more|larger|higher|greater|bigger|faster|the|that|what|fewer|less|lower|smaller)\b)|(?<fold>two|three|four|five|ten|\d{1,3})-?fold)(?![\p{L}\p{N}])/giu;
const YEAR = new RegExp(String.raw`${NOT_AFTER_WORD}(?:19|20)\d{2}(?![\p{L}\p{N}]|[.,/]\d)`, "gu");
/** One letter, for isWordChar() beyond ASCII. */
const LETTER = /\p{L}/u;

/** Each pattern with the gate of mayState() that lets it run, for the test that every match passes its gate. */
export const GATED_PATTERNS: ReadonlyArray<[RegExp, Gate]> = [
  [MONEY, "money"],
  [MONEY_WORDS, "moneyWords"],
  [WORD_SCALED, "wordScaled"],
  [POINTS, "points"],
  [PERCENT, "percent"],
  [MEASURE, "digits"],
  [FRACTION, "fraction"],
  [ONE_IN, "oneIn"],
  [MULTIPLE, "multiple"],
  [YEAR, "digits"],
];

/** Every pattern of this module, for the test that each is linear (regexSafety.test.ts). */
export const CLAIM_PATTERNS: readonly RegExp[] = [
  MONEY,
  MONEY_WORDS,
  POINTS,
  PERCENT,
  MEASURE,
  WORD_SCALED,
  FRACTION,
  ONE_IN,
  MULTIPLE,
  YEAR,
  LETTER,
];

const SCALES: Record<string, number> = {
  thousand: 3,
  million: 6,
  billion: 9,
  trillion: 12,
  k: 3,
  m: 6,
  mn: 6,
  b: 9,
  bn: 9,
  tn: 12,
  trn: 12,
};

type Groups = Record<string, string | undefined>;
type Shape = { kind: ClaimFigureKind; unit: string; divide?: number } | null;

/**
 * Runs a numeric pattern (groups low, s1, join, high, scale) and adds its figures. A joint that
 * does not make a range ("from 40 to 45", "62 percent and 26 percent") gives the low end as a
 * figure of its own, with the unit and scale of the whole, and the scan goes on at the high end.
 */
function scanNumeric(
  text: string,
  pattern: RegExp,
  add: (figure: Omit<PassageFigure, "hedge">) => void,
  shape: (groups: Groups) => Shape,
): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const groups = match.groups as Groups;
    const start = match.index;
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const found = shape(groups);
    if (found === null || isReference(text, start)) continue;
    const divide = found.divide ?? 1;
    const lowScale = scaleWord(groups.s1) ?? scaleWord(groups.scale);
    const highScale = scaleWord(groups.scale) ?? scaleWord(groups.s1);
    const joinAt = match.indices?.groups?.join;
    if (groups.high !== undefined && joinAt && YEAR_LIKE.test(groups.low!) && !YEAR_LIKE.test(groups.high)) {
      // "30 percent in 2019 to 45 percent": the year is no end of a range; it is read as a year.
      pattern.lastIndex = joinAt[1];
      continue;
    }
    const ranged =
      groups.high !== undefined && scaledNumber(groups.high, highScale) > scaledNumber(groups.low!, lowScale);
    if (groups.high !== undefined && joinAt && (!ranged || !joinsRange(text, start, groups.join!))) {
      const raw = text.slice(start, joinAt[0]);
      add({ ...found, raw, value: scaledNumber(groups.low!, lowScale) / divide, start, end: joinAt[0] });
      pattern.lastIndex = joinAt[1];
      continue;
    }
    const figure: Omit<PassageFigure, "hedge"> = {
      kind: found.kind,
      raw: match[0],
      value: scaledNumber(groups.low!, lowScale) / divide,
      unit: found.unit,
      start,
      end: start + match[0].length,
    };
    if (groups.high !== undefined) figure.rangeEnd = scaledNumber(groups.high, highScale) / divide;
    add(figure);
  }
}

function scaleWord(group: string | undefined): string | undefined {
  if (group === undefined) return undefined;
  const word = group.trim().toLowerCase();
  const exponent = SCALES[word];
  // scaledNumber takes the evidence package's scale words; abbreviations map onto them.
  return exponent === undefined
    ? undefined
    : (["thousand", "million", "billion", "trillion"][exponent / 3 - 1] ?? undefined);
}

const YEAR_LIKE = /^(?:19|20)\d{2}$/;

/** A dash always joins a range; "to" unless after "from"; "and" only after "between". */
function joinsRange(text: string, start: number, join: string): boolean {
  const word = join.trim().toLowerCase();
  if (word === "and") return lastWordBefore(text, start) === "between";
  if (word === "to") return lastWordBefore(text, start) !== "from";
  return true;
}

function at(
  match: RegExpMatchArray,
  figure: { kind: ClaimFigureKind; value: number; unit: string },
): Omit<PassageFigure, "hedge"> {
  const start = match.index!;
  return { ...figure, raw: match[0], start, end: start + match[0].length };
}

/** A currency sign or code names its currency; after a bare "$" (or none) the word does ("$5 million pesos"). */
function currencyOf(sign: string | undefined, word: string | undefined, adjective?: string): string {
  const s = (sign ?? "").trim().toUpperCase();
  if (s === "MX$" || s === "MEX$" || s === "MXN") return "MXN";
  if (s === "€" || s === "EUR") return "EUR";
  if (s === "£" || s === "GBP") return "GBP";
  if (s === "C$" || s === "CAD") return "CAD";
  if (s === "A$") return "AUD";
  const w = word?.toLowerCase();
  if (w === "pesos") return "MXN";
  if (w === "euros") return "EUR";
  if (w === "dollars" && adjective?.toLowerCase() === "canadian") return "CAD";
  return "USD";
}

const WORD_VALUES: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  twice: 2,
};

function wordNumber(words: string): number {
  const lower = words.toLowerCase();
  if (lower.startsWith("half")) return 0.5;
  if (lower.endsWith("hundred")) return 100;
  return lower.split(/[\s-]/).reduce((sum, part) => sum + (WORD_VALUES[part] ?? 0), 0);
}

function smallNumber(token: string): number {
  return WORD_VALUES[token.toLowerCase()] ?? Number(token);
}

const FRACTIONS: Record<string, number> = {
  "a third": 100 / 3,
  "one third": 100 / 3,
  "a quarter": 25,
  "one quarter": 25,
  "a fourth": 25,
  "one fourth": 25,
  "a fifth": 20,
  "one fifth": 20,
  "a tenth": 10,
  "one tenth": 10,
  "a half": 50,
  "one half": 50,
  half: 50,
  "two thirds": 200 / 3,
  "three quarters": 75,
  "three fourths": 75,
  "three fifths": 60,
};

const VERBS: Record<string, number> = { doubl: 2, tripl: 3, trebl: 3, quadrupl: 4 };

/**
 * A fraction word states a share only when it is a share of something ("a third of exports",
 * "half the workers", "cut by half"): not "a third country", "the first half of 2023".
 */
function statesShare(text: string, start: number, end: number, raw: string): boolean {
  const before = lastWordBefore(text, start);
  if (["first", "second", "latter", "former", "last", "next", "other", "the"].includes(before)) return false;
  if (SHARE_BEFORE.has(before)) return true;
  const after = text.slice(end, end + 8).toLowerCase();
  if (/^\s(?:of|the|its|their|all|as)\b/.test(after)) return true;
  return raw.includes("-") && /^\s/.test(after);
}

/** How far back a hedge, a reference word or "between"/"from" is looked for. */
const LOOK_BACK = 24;

/** The lowercased word (letters, dots, §) right before `start`, skipping spaces. */
function lastWordBefore(text: string, start: number): string {
  const from = Math.max(0, start - LOOK_BACK);
  let end = start;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  let begin = end;
  while (begin > from && isWordChar(text[begin - 1]!)) begin--;
  return text.slice(begin, end).toLowerCase();
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 160;
}

function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // ASCII without the regex: this runs per character looked back at, for every figure.
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || ch === "." || ch === "~";
  return ch === "§" || ch === "¶" || LETTER.test(ch);
}

const REFERENCE_WORDS = new Set([
  "section",
  "sections",
  "sec.",
  "§",
  "§§",
  "¶",
  "article",
  "articles",
  "art.",
  "chapter",
  "chapters",
  "ch.",
  "table",
  "tables",
  "figure",
  "figures",
  "fig.",
  "page",
  "pages",
  "p.",
  "pp.",
  "no.",
  "nos.",
  "number",
  "annex",
  "appendix",
  "part",
  "title",
  "paragraph",
  "para.",
  "item",
  "rule",
  "box",
  "note",
  "footnote",
  "exhibit",
  "schedule",
  "clause",
  "heading",
  "subheading",
  "h.r.",
  "resolution",
  "order",
  "law",
  "directive",
  "regulation",
  "volume",
  "vol.",
]);

function isReference(text: string, start: number): boolean {
  return REFERENCE_WORDS.has(lastWordBefore(text, start));
}

const HEDGE_PHRASES: Array<[string, Hedge]> = [
  ["about", "about"],
  ["approximately", "about"],
  ["approx.", "about"],
  ["roughly", "about"],
  ["around", "about"],
  ["some", "about"],
  ["estimated", "about"],
  ["~", "about"],
  ["nearly", "nearly"],
  ["almost", "nearly"],
  ["close to", "nearly"],
  ["just under", "nearly"],
  ["just below", "nearly"],
  ["more than", "over"],
  ["topped", "over"],
  ["tops", "over"],
  ["exceeded", "over"],
  ["exceeds", "over"],
  ["surpassed", "over"],
  ["beyond", "over"],
  ["over", "over"],
  ["above", "over"],
  ["at least", "over"],
  ["upwards of", "over"],
  ["in excess of", "over"],
  ["exceeding", "over"],
  ["greater than", "over"],
  ["less than", "under"],
  ["under", "under"],
  ["below", "under"],
  ["fewer than", "under"],
  ["up to", "under"],
  ["at most", "under"],
  ["no more than", "under"],
];
/** Words after which a fraction states a share without "of" ("cut by half", "nearly a third"). */
const SHARE_BEFORE = new Set([
  "by",
  "about",
  "nearly",
  "almost",
  "roughly",
  "some",
  "approximately",
  "around",
  "than",
  "over",
  "least",
  "only",
  "just",
  "under",
]);

/** The hedge right before a figure ("about $5 billion"), longest phrase first. */
function hedgeBefore(text: string, start: number): Hedge | null {
  const from = Math.max(0, start - LOOK_BACK);
  let end = start;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  const before = text.slice(from, end).toLowerCase();
  let best: { length: number; hedge: Hedge } | null = null;
  for (const [phrase, hedge] of HEDGE_PHRASES) {
    if (!before.endsWith(phrase)) continue;
    const at = before.length - phrase.length;
    if (at > 0 && /[\p{L}\p{N}]/u.test(before[at - 1]!)) continue;
    if (best === null || phrase.length > best.length) best = { length: phrase.length, hedge };
  }
  return best?.hedge ?? null;
}
