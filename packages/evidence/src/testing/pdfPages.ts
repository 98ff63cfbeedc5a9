import { buildLines, type PositionedText } from "../pdfLines.js";
import type { PdfPage } from "../pdfTypes.js";

/** Part of a hand-made line: plain text in the line's size, or a superscript (smaller, raised). */
export type Part = string | { sup: string };

/** A glyph's width as a share of its size: enough for the gap rules of pdfLines.ts to read runs set edge to edge as glued. */
const ADVANCE = 0.5;

/**
 * One line of runs at baseline `y`, set edge to edge from `x`: a superscript is 65% of the
 * size, raised by 35% of it, as word processors set footnote markers.
 */
export function runsOf(y: number, size: number, parts: readonly Part[], x = 72): PositionedText[] {
  const runs: PositionedText[] = [];
  let at = x;
  for (const part of parts) {
    const sup = typeof part !== "string";
    const text = sup ? part.sup : part;
    const runSize = sup ? size * 0.65 : size;
    const width = text.length * runSize * ADVANCE;
    runs.push({ text, x: at, y: sup ? y + size * 0.35 : y, width, size: runSize });
    at += width;
  }
  return runs;
}

/** A letter-size page whose lines pdfLines.ts rebuilds from the given runs, as it does for pdf.js's. */
export function pageOf(number: number, runs: readonly PositionedText[][], links: PdfPage["links"] = []): PdfPage {
  return { number, width: 612, height: 792, lines: buildLines(runs.flat()), links };
}

/** Body text lines (11 pt, 14 pt apart) from the top of the page down. */
export function bodyLines(lines: readonly (readonly Part[])[], top = 700): PositionedText[][] {
  return lines.map((parts, index) => runsOf(top - index * 14, 11, parts));
}

/** Note lines (9 pt, 11 pt apart) from `top` down: a note opens with its number as a superscript. */
export function noteLines(lines: readonly (readonly Part[])[], top = 160): PositionedText[][] {
  return lines.map((parts, index) => runsOf(top - index * 11, 9, parts));
}
