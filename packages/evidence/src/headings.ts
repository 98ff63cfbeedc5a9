/** Words that stay lowercase inside a title ("Changes to USMCA That Allow…", "Oil and Gas"). */
const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "but",
  "by",
  "for",
  "from",
  "in",
  "into",
  "nor",
  "of",
  "on",
  "or",
  "per",
  "the",
  "to",
  "via",
  "vs",
  "with",
]);

const MAX_HEADING_CHARS = 80;
const MAX_HEADING_WORDS = 12;

/**
 * Whether a line that opens a block, in text that has lost its typography, is a heading: short,
 * not ending like a sentence or a clause, and in title case (every word capitalised except small
 * words) — so a one-line paragraph ("Trade grew.") or a wrapped first line never qualifies.
 */
export function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  if (text === "" || text.length > MAX_HEADING_CHARS) return false;
  if (/[.,;:!?\-‐–—]$/.test(text)) return false;
  if (!/^\p{Lu}/u.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > MAX_HEADING_WORDS) return false;
  return words.every((word) => {
    const bare = word.replace(/^[^\p{L}\p{N}]+/u, "");
    if (!/^\p{L}/u.test(bare)) return true;
    return /^\p{Lu}/u.test(bare) || SMALL_WORDS.has(bare.toLowerCase());
  });
}

/** The real report sets its sector headings in capitals (`ENERGY`, `RARE EARTH ELEMENTS`); that is the rule. */
export function isSectorHeading(title: string): boolean {
  return !/\p{Ll}/u.test(title) && (title.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

/** `RARE EARTH ELEMENTS` → `Rare Earth Elements`, `OIL AND GAS` → `Oil and Gas`; abbreviations (`U.S.`) kept. */
export function toTitleCase(title: string): string {
  return title
    .trim()
    .split(/\s+/)
    .map((word, index) => {
      if (word.includes(".")) return word;
      const lower = word.toLowerCase();
      if (index > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.replace(/(^|[-‐/])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
    })
    .join(" ");
}
