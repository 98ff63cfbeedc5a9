import { assembleReport } from "./assemble.js";
import type { ImportedReport } from "./types.js";
import { splitNumberedPages, splitTextIntoPages } from "./pages.js";
import { draftFromPages } from "./pagedText.js";

/**
 * Imports text extracted from a PDF (see pages.ts for the layouts it reads): pdftotext's output
 * with numbered footnotes, else the seed's kind, whose notes are bare URL lines.
 */
export function importText(text: string, title: string): ImportedReport {
  const source = text.replace(/^\uFEFF/, "");
  const draft = draftFromPages(splitNumberedPages(source) ?? splitTextIntoPages(source));
  return assembleReport(draft, { title, format: "text" });
}
