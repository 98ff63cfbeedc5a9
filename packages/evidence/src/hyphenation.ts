import { normalizeMarked, type MarkedText, type TextMarker } from "./markedText.js";
import { textKey } from "./textScan.js";

/**
 * Joins the lines of one paragraph back into running text. The hard part is a line that ends
 * in a hyphen: typesetting breaks words (`pop-` / `ular`), but a compound can break at its own
 * hyphen too (`U.S.-` / `Mexico`, `trade-` / `related`), and only the first kind may lose it.
 *
 * Rules, in order, for a line ending in `-` with the next line's first word:
 * 1. no letter before the hyphen (`U.S.-`, `2013-`) or a digit after it (`COVID-` / `19`): a
 *    real hyphen, kept, with no space;
 * 2. a lowercase fragment followed by a capital (`non-` / `European`): a real hyphen;
 * 3. otherwise the document decides: if the hyphenated form (`trade-related`) occurs elsewhere
 *    more often than the joined one (`traderelated`), the hyphen is real; else it was a break
 *    and the halves are joined (`USM-` / `CA` → `USMCA`, since `USMCA` occurs elsewhere).
 * Ties (neither form seen) join: in typeset reports a line-end hyphen is far more often a break.
 * A line ending in a dash (— or –) joins without a space; any other line break is a space.
 */
export type LineJoiner = (lines: readonly string[]) => string;
/** The same join of lines that carry footnote markers, each kept where it stood (see markedText.ts). */
export type MarkedLineJoiner = (lines: readonly MarkedText[]) => MarkedText;

const WORD = /[\p{L}\p{N}]+(?:[-‐][\p{L}\p{N}]+)*/gu;

/**
 * The longest letter run read back from a line-end hyphen. The regex this replaces read the
 * whole run (and ran on the whole paragraph joined so far, once per line: quadratic in a long
 * paragraph); a word longer than this is no word a report's counts could tell apart anyway.
 */
const MAX_HEAD_LETTERS = 100;

const HYPHENS = "-‐";
const DASHES = "—–";
const LETTER = /^\p{L}$/u;

export function createLineJoiner(documentText: string): LineJoiner {
  const join = createMarkedLineJoiner(documentText);
  return (lines) => join(lines.map((text) => ({ text, markers: [] }))).text;
}

export function createMarkedLineJoiner(documentText: string): MarkedLineJoiner {
  const counts = countWords(documentText);
  const seen = (word: string): number => counts.get(textKey(word.toLowerCase())) ?? 0;

  const keepsHyphen = (head: string, tail: string): boolean => {
    if (/\p{Ll}/u.test(head) && /^\p{Lu}/u.test(tail)) return true;
    return seen(`${head}-${tail}`) > seen(`${head}${tail}`);
  };

  // The joined text is kept as pieces (lines and the spaces between them): what a join needs
  // is only the end of the text so far, read backwards a bounded distance. Markers are placed
  // as each line is added; a line's first character is where the line starts in the text, but
  // a marker before it stands before the glue (the space, not the next word, follows it).
  return (lines) => {
    const pieces: string[] = [];
    const markers: TextMarker[] = [];
    let length = 0;
    for (const line of lines) {
      const right = normalizeMarked(line.text, line.markers);
      if (right.text === "") {
        for (const marker of right.markers) markers.push({ number: marker.number, at: length });
        continue;
      }
      const left = pieces.at(-1);
      const before = length;
      if (left === undefined) {
        pieces.push(right.text);
      } else {
        const last = left.at(-1)!;
        if (HYPHENS.includes(last)) {
          const head = lettersBefore(pieces);
          const tail = /^\p{L}+/u.exec(right.text)?.[0];
          if (head !== "" && tail !== undefined && !keepsHyphen(head, tail)) {
            const cut = left.slice(0, -1);
            if (cut === "") pieces.pop();
            else pieces[pieces.length - 1] = cut;
            length--;
            // A marker after the hyphen stands where the hyphen was.
            for (let index = markers.length - 1; index >= 0 && markers[index]!.at > length; index--)
              markers[index]!.at = length;
          }
          pieces.push(right.text);
        } else if (DASHES.includes(last)) {
          pieces.push(right.text);
        } else {
          pieces.push(" ", right.text);
          length++;
        }
      }
      const start = length;
      for (const marker of right.markers)
        markers.push({ number: marker.number, at: marker.at === 0 ? Math.min(before, length) : start + marker.at });
      length += right.text.length;
    }
    return { text: pieces.join(""), markers };
  };
}

/** The letters just before the final hyphen of the joined pieces (at most MAX_HEAD_LETTERS of them). */
function lettersBefore(pieces: readonly string[]): string {
  const letters: string[] = [];
  let count = 0;
  let skipHyphen = true;
  for (let p = pieces.length - 1; p >= 0 && count < MAX_HEAD_LETTERS; p--) {
    const piece = pieces[p]!;
    let index = piece.length;
    if (skipHyphen) {
      index--;
      skipHyphen = false;
    }
    while (index > 0 && count < MAX_HEAD_LETTERS) {
      // Step back one code point (a letter may be astral).
      const low = piece.charCodeAt(index - 1);
      const width = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? 2 : 1;
      const character = piece.slice(index - width, index);
      if (!LETTER.test(character)) return letters.reverse().join("");
      letters.push(character);
      count += width;
      index -= width;
    }
  }
  return letters.reverse().join("");
}

/** Words and hyphenated compounds, lowercased; a compound `a-b-c` also counts `a-b` and `b-c`. */
export function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (word: string): void => {
    const key = textKey(word);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase().replace(/‐/g, "-");
    add(word);
    const parts = word.split("-");
    if (parts.length > 2) {
      for (let i = 0; i + 1 < parts.length; i++) add(`${parts[i]}-${parts[i + 1]}`);
    }
  }
  return counts;
}
