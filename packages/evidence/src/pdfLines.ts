import { normalizeMarked, type TextMarker } from "./markedText.js";
import { collapseSpaces } from "./textScan.js";

/** A run of text where pdf.js placed it: baseline `y` grows upwards, `size` is the font size in points. */
export interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  /** pdf.js's name for the run's font (e.g. `g_d0_f3`): equal names, equal face. Absent in hand-made runs. */
  font?: string;
}

export interface PdfLine {
  text: string;
  /** Baseline of the line's first run (the largest baseline: a raised marker may lift it). */
  y: number;
  /** The largest font size among its visible runs. */
  size: number;
  /** Left edge of its first run. */
  x: number;
  /** Its runs, left to right; `text` is their text joined (with spaces at gaps) and trimmed. */
  runs: PositionedText[];
  /**
   * Set on a body line whose footnote markers were taken out (pdfFootnotes.ts, `markers`): where
   * each stood in `text`, index for index (see SourceLine.markerAt).
   */
  markerAt?: number[];
}

/**
 * Rebuilds one page's lines: runs whose baselines lie within 40% of a font size of each other
 * are one line, read left to right, with a space where the runs leave a gap.
 */
export function buildLines(runs: readonly PositionedText[]): PdfLine[] {
  const sorted = runs.filter((run) => run.text !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PositionedText[][] = [];
  for (const run of sorted) {
    const group = groups.at(-1);
    const anchor = group?.[0];
    // A superscript (smaller, above the run after it) may be raised further: some writers lift a
    // footnote marker by half the text's size, and a marker on a line of its own is lost.
    const superscript = anchor !== undefined && anchor.y > run.y && anchor.size <= run.size * 0.85;
    if (group && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.size, run.size) * (superscript ? 0.6 : 0.4))
      group.push(run);
    else groups.push([run]);
  }
  return groups
    .map((group) => {
      group.sort((a, b) => a.x - b.x);
      let text = "";
      // The line's last character, kept aside: reading it from `text` (a string being
      // concatenated) would flatten the whole line once per run, quadratic in a long line.
      let last = "";
      let end = -Infinity;
      for (const run of group) {
        const gap = run.x - end;
        if (text !== "" && gap > run.size * 0.15 && !/\s/.test(last) && !/^\s/.test(run.text)) text += " ";
        text += run.text;
        last = run.text.at(-1)!;
        end = run.x + run.width;
      }
      const visible = group.filter((run) => run.text.trim() !== "");
      // A loop, not Math.max(...sizes): spreading a page of 100,000 runs overflows the stack.
      const size = (visible.length > 0 ? visible : group).reduce((max, run) => Math.max(max, run.size), -Infinity);
      return { text: collapseSpaces(text).trim(), y: group[0]!.y, size, x: group[0]!.x, runs: group };
    })
    .filter((line) => line.text !== "");
}

/** The font size most of the document's characters are set in: the body text. */
export function bodySize(pages: readonly (readonly PdfLine[])[]): number {
  const characters = new Map<number, number>();
  for (const line of pages.flat()) {
    const size = Math.round(line.size * 2) / 2;
    characters.set(size, (characters.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of characters) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}

/** The usual baseline step between consecutive body lines, as a multiple of their font size. */
export function usualLineStep(pages: readonly (readonly PdfLine[])[], body: number): number {
  const steps: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const [a, b] = [lines[i - 1]!, lines[i]!];
      if (Math.abs(a.size - body) < 0.5 && Math.abs(b.size - body) < 0.5 && a.y > b.y) steps.push((a.y - b.y) / body);
    }
  }
  if (steps.length === 0) return 1.2;
  steps.sort((x, y) => x - y);
  // The smallest common step is the line step; paragraph gaps are the rarer, larger ones.
  return steps[Math.floor(steps.length * 0.25)]!;
}

/**
 * A body line's text from its runs once its markers are taken out, joined as `buildLines` joins
 * runs (a space where they leave a gap), and where each marker stood in it: `cuts[i]` is how
 * many of `runs` came before marker i. A marker after a space run stands before the space.
 */
export function joinRunsAround(
  runs: readonly PositionedText[],
  cuts: readonly number[],
): { text: string; at: number[] } {
  let text = "";
  let last = "";
  let end = -Infinity;
  const markers: TextMarker[] = [];
  let cut = 0;
  runs.forEach((run, index) => {
    for (; cut < cuts.length && cuts[cut]! <= index; cut++) markers.push({ number: cut, at: text.length });
    const gap = run.x - end;
    if (text !== "" && gap > run.size * 0.15 && !/\s/.test(last) && !/^\s/.test(run.text)) text += " ";
    text += run.text;
    if (run.text !== "") last = run.text.at(-1)!;
    end = run.x + run.width;
  });
  for (; cut < cuts.length; cut++) markers.push({ number: cut, at: text.length });
  const normal = normalizeMarked(text, markers);
  return { text: normal.text, at: normal.markers.map((marker) => marker.at) };
}
