import type { SourceLine } from "./model.js";
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
    if (group && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.size, run.size) * (superscript ? 0.6 : 0.4)) group.push(run);
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

/** Larger than body text by this factor: set as a heading. */
const HEADING_SIZE_RATIO = 1.15;
/** A vertical step this much larger than the usual line step is a paragraph gap. */
const PARAGRAPH_GAP_RATIO = 1.3;

/**
 * Turns a page's lines into the source lines the shared paragraph logic reads:
 * - a gap noticeably taller than the document's usual line step becomes a blank line;
 * - a line in larger type than the body, standing alone (at most two lines of such type
 *   together, not ending in a full stop), is a heading, its lines joined; a longer run of large
 *   type is a pull-quote or a display paragraph and stays text;
 * - a line holding only a number (a page number) is dropped.
 * `lineStep` is the document's usual baseline distance divided by font size.
 */
export function toSourceLines(lines: readonly PdfLine[], body: number, lineStep: number): SourceLine[] {
  const out: SourceLine[] = [];
  const kept = lines.filter((line) => !/^\d{1,4}$/.test(line.text));
  let index = 0;
  while (index < kept.length) {
    const line = kept[index]!;
    const previous = kept[index - 1];
    if (previous && (previous.y - line.y) / line.size > lineStep * PARAGRAPH_GAP_RATIO) out.push({ text: "" });

    if (line.size >= body * HEADING_SIZE_RATIO) {
      let end = index + 1;
      while (
        end < kept.length &&
        Math.abs(kept[end]!.size - line.size) < 0.5 &&
        (kept[end - 1]!.y - kept[end]!.y) / line.size <= lineStep * PARAGRAPH_GAP_RATIO
      ) {
        end++;
      }
      const run = kept.slice(index, end);
      const text = run.map((part) => part.text).join(" ");
      if (run.length <= 2 && !/[.!?]["”’]?$/.test(text)) out.push({ text, heading: true });
      else out.push(...run.map((part) => ({ text: part.text })));
      index = end;
      continue;
    }
    out.push({ text: line.text });
    index++;
  }
  return out;
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
