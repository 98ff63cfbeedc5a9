/**
 * Finding a thread's quote again where its range collapsed (server/src/threads/SPEC.md, A7).
 *
 * An undo re-inserts deleted text as new Yjs items, and pasting it back does too, so the
 * relative positions of a thread whose text was deleted stay on the deleted items: the range
 * collapses to the place where the text was. The text that comes back lands at that place, so
 * the quote is looked for there, and only there: within `REATTACH_DISTANCE` positions of it.
 * Both the server (thread lists) and the editor (highlights) use this, each with its own
 * numbering of positions.
 */

/**
 * How far from the place its range collapsed to a thread's quote may be found again, in
 * positions (characters and block boundaries), besides the quote's own length. Text that
 * comes back by an undo or a paste at the same place is adjacent to it; the same words typed
 * elsewhere are not the thread's text. Small on purpose: a thread wrongly taken by equal words
 * nearby misleads its readers more than one left "Text removed" with its quote.
 */
export const REATTACH_DISTANCE = 64;

/** Runs of line breaks count as one: blocks are joined by one "\n" however they nest (A4). */
const LINE_BREAKS = /\n+/g;

/** The quote as it is looked for: line-break runs collapsed, ends trimmed. */
export function normalizeQuote(quote: string): string {
  return quote.replace(LINE_BREAKS, "\n").trim();
}

/**
 * The window an occurrence must lie in, on either side of the place: `REATTACH_DISTANCE`
 * plus the quote's length. Each re-attachment reads at most twice this, however long the body.
 */
export function reattachRadius(quote: string): number {
  return REATTACH_DISTANCE + quote.length;
}

/**
 * The occurrence of `quote` in `text` nearest to `place` that lies within
 * [place − radius, place + radius], as positions [from, to), or null when there is none.
 * `positions[i]` is the position where `text[i]` starts, ascending; a match ends one position
 * after its last unit's. Nearest: the fewest positions between the place and the occurrence
 * (none when it covers the place); the first of equals. Knuth–Morris–Pratt, so linear in the
 * window and the quote whatever they hold.
 */
export function findQuoteNear(
  text: string,
  positions: ArrayLike<number>,
  quote: string,
  place: number,
  radius: number = reattachRadius(quote),
): { from: number; to: number } | null {
  const m = quote.length;
  if (m === 0 || text.length < m) return null;
  const failure = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && quote.charCodeAt(i) !== quote.charCodeAt(k)) k = failure[k - 1]!;
    if (quote.charCodeAt(i) === quote.charCodeAt(k)) k++;
    failure[i] = k;
  }
  let best: { from: number; to: number; distance: number } | null = null;
  for (let i = 0, k = 0; i < text.length; i++) {
    while (k > 0 && text.charCodeAt(i) !== quote.charCodeAt(k)) k = failure[k - 1]!;
    if (text.charCodeAt(i) === quote.charCodeAt(k)) k++;
    if (k < m) continue;
    k = failure[k - 1]!;
    const from = positions[i - m + 1]!;
    const to = positions[i]! + 1;
    if (from < place - radius || to > place + radius) continue;
    const distance = place < from ? from - place : place > to ? place - to : 0;
    if (best === null || distance < best.distance) best = { from, to, distance };
  }
  return best && { from: best.from, to: best.to };
}
