import { createHash } from "node:crypto";

/**
 * Small scanning helpers for the hand-written parsers that replace backtracking regexes on
 * user text (hyphenation.ts, pages.ts, markdownImporter.ts). Each runs in time
 * linear in what it reads.
 */

/** The characters JavaScript's `\s` matches, so hand-written scans agree with the regexes they replace. */
export function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The characters a regex `.` (without the `s` flag) does not match. */
export function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * Finds the first index at or after `from` where `stops` holds (or the text's length), for
 * queries whose `from` never decreases: an answer already found is reused until `from` passes
 * it, so a whole left-to-right parse reads each character at most once per finder. This is what
 * makes "scan ahead for the closing `]`" linear where a regex would rescan from every `[`.
 * (A decreasing `from` is still answered correctly, by scanning again.)
 */
export class ForwardFinder {
  private cachedFrom = Number.POSITIVE_INFINITY;
  private cachedAt = -1;

  constructor(
    private readonly text: string,
    private readonly stops: (text: string, index: number) => boolean,
  ) {}

  next(from: number): number {
    if (from >= this.cachedFrom && from <= this.cachedAt) return this.cachedAt;
    let index = from;
    while (index < this.text.length && !this.stops(this.text, index)) index++;
    this.cachedFrom = from;
    this.cachedAt = index;
    return index;
  }
}

/** A finder for the first of the given characters (code units). */
export function finderOf(text: string, characters: string): ForwardFinder {
  const codes = new Set(Array.from(characters, (character) => character.charCodeAt(0)));
  return new ForwardFinder(text, (t, index) => codes.has(t.charCodeAt(index)));
}

/**
 * `text.replace(/\s+/g, " ")`, by hand: V8's global replace slows per byte several times over
 * once a text passes a few hundred KB with a match at every word (measured: 12 → 78 ns/byte),
 * while this loop stays flat, and returns the text itself when it has nothing to change.
 */
export function collapseSpaces(text: string): string {
  const parts: string[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isSpace(code)) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    if (end - i > 1 || code !== 0x20) {
      parts.push(text.slice(from, i), " ");
      from = end;
    }
    i = end;
  }
  if (from === 0) return text;
  parts.push(text.slice(from));
  return parts.join("");
}

/**
 * A Map or Set key for user text. V8 hashes a string from its length alone past 16,383
 * characters, so long keys of one length all land in one bucket and every lookup compares
 * them: 2,000 keys of 20,000 characters took 7 s to insert. Long text is keyed by its digest.
 */
export function textKey(text: string): string {
  return text.length <= 4096 ? text : `\u0000${createHash("sha256").update(text).digest("base64")}`;
}

/** `text` without the trailing characters in `characters` (what `/[…]+$/` would strip, in one backward pass). */
export function trimEndOf(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
