import { collapseSpaces, isSpace } from "./textScan.js";

/**
 * Footnote markers carried through the importers' text clean-up (CITATIONS.md §1). A marker
 * is not in the text: it is a note's number and `at`, the UTF-16 offset in the text just after
 * the character it followed. Every step that rewrites a passage's text (line joining,
 * de-hyphenation, whitespace collapsing, a bullet or a table's pipes taken out) maps the
 * offsets with it, so that they hold in the passage's final text.
 *
 * One rule settles where a marker lands when the characters around it change: a marker never
 * stands after whitespace. One that stood after a space (`word ¹`), or before a line's first
 * word, stands after the last character before the space (the word it was set against). A
 * marker that stood after a character that was removed stands where that character was.
 */
export interface TextMarker {
  number: number;
  at: number;
}

export interface MarkedText {
  text: string;
  markers: TextMarker[];
}

/**
 * `collapseSpaces(text).trim()` with the markers carried: each run of whitespace becomes one
 * space, none at the ends, and a marker in or just after a run stands before it. Markers must be
 * in reading order (`at` not decreasing); one past the text's end stands at its end. Linear.
 */
export function normalizeMarked(text: string, markers: readonly TextMarker[]): MarkedText {
  // Most lines hold no marker: collapseSpaces returns such a line itself when it has nothing to change.
  if (markers.length === 0) return { text: collapseSpaces(text).trim(), markers: [] };
  const out: TextMarker[] = [];
  const parts: string[] = [];
  let length = 0;
  let next = 0;
  // Characters [from, index) are being kept whole; `length` is what is written before them.
  let from = 0;
  let index = 0;
  const keep = (upTo: number): void => {
    for (; next < markers.length && markers[next]!.at <= upTo; next++) {
      out.push({ number: markers[next]!.number, at: length + Math.max(0, markers[next]!.at - from) });
    }
    parts.push(text.slice(from, upTo));
    length += upTo - from;
  };
  while (index < text.length) {
    if (!isSpace(text.charCodeAt(index))) {
      index++;
      continue;
    }
    keep(index);
    let end = index + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    // A marker inside the run or just after it stands before the space the run becomes.
    for (; next < markers.length && markers[next]!.at <= end; next++)
      out.push({ number: markers[next]!.number, at: length });
    // No space at the text's start or end.
    if (length > 0 && end < text.length) {
      parts.push(" ");
      length += 1;
    }
    from = end;
    index = end;
  }
  keep(text.length);
  for (; next < markers.length; next++) out.push({ number: markers[next]!.number, at: length });
  return { text: parts.join(""), markers: out };
}

/**
 * Markers given as parallel lists (a source line's `markers` and `markerAt`) as one list; a
 * marker whose position is not known stands at the text's end.
 */
export function zipMarkers(
  text: string,
  numbers: readonly number[] | undefined,
  at: readonly number[] | undefined,
): TextMarker[] {
  return (numbers ?? []).map((number, index) => ({ number, at: Math.min(at?.[index] ?? text.length, text.length) }));
}

/** Marked texts joined with `separator`, their markers shifted to where each text now starts. */
export function concatMarked(texts: readonly MarkedText[], separator: string): MarkedText {
  const parts: string[] = [];
  const markers: TextMarker[] = [];
  let length = 0;
  texts.forEach((piece, index) => {
    if (index > 0) {
      parts.push(separator);
      length += separator.length;
    }
    for (const marker of piece.markers) markers.push({ number: marker.number, at: length + marker.at });
    parts.push(piece.text);
    length += piece.text.length;
  });
  return { text: parts.join(""), markers };
}

/** The text from `start` on, its markers shifted (one that stood before `start` stands at 0). */
export function sliceMarked(text: string, markers: readonly TextMarker[], start: number): MarkedText {
  return {
    text: text.slice(start),
    markers: markers.map((marker) => ({ number: marker.number, at: Math.max(0, marker.at - start) })),
  };
}
