export interface TextPiece {
  text: string;
  match: boolean;
}

/**
 * Cuts `text` into plain and matching pieces from the API's `highlights` ranges
 * ([start, end) character offsets). Ranges may come unsorted or overlapping, or reach
 * past the text: they are clamped and merged, and an empty or reversed range is ignored.
 */
export function splitHighlights(
  text: string,
  ranges: ReadonlyArray<readonly [number, number]> | undefined,
): TextPiece[] {
  const clean = (ranges ?? [])
    .map(
      ([start, end]) => [Math.max(0, Math.min(start, text.length)), Math.max(0, Math.min(end, text.length))] as const,
    )
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  const merged: Array<[number, number]> = [];
  for (const [start, end] of clean) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }

  const pieces: TextPiece[] = [];
  let cursor = 0;
  for (const [start, end] of merged) {
    if (start > cursor) pieces.push({ text: text.slice(cursor, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    cursor = end;
  }
  if (cursor < text.length || pieces.length === 0) pieces.push({ text: text.slice(cursor), match: false });
  return pieces;
}
