import type { SourceLine } from "./model.js";
import { bodySize, toSourceLines, usualLineStep } from "./pdfLines.js";
import type { MarkedPage, OutlineEntry, PdfPage } from "./pdfTypes.js";

/** Drops what is not the report's text: for now, lines that are only a page number. */
export function removeFurniture(pages: readonly PdfPage[]): PdfPage[] {
  return pages.map((page) => ({ ...page, lines: page.lines.filter((line) => !/^\d{1,4}$/.test(line.text)) }));
}

/** Each page's body lines as source lines: headings by type size, paragraph gaps by spacing. */
export function classifyLines(pages: readonly MarkedPage[], _outline: readonly OutlineEntry[]): SourceLine[][] {
  const pageLines = pages.map((page) => page.lines);
  const body = bodySize(pageLines);
  const step = usualLineStep(pageLines, body);
  return pages.map((page) => toSourceLines(page.lines, body, step).map((line, index) => line));
}
