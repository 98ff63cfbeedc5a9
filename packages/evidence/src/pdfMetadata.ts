import type { PdfLine } from "./pdfLines.js";
import type { PdfInfo } from "./pdfTypes.js";
import type { ReportMetadata } from "./types.js";

/** The report's metadata from the PDF's information dictionary; for now its title only. */
export function readPdfMetadata(info: PdfInfo, _firstPage: readonly PdfLine[], fallbackTitle: string): ReportMetadata {
  return { title: info.Title?.trim() || fallbackTitle, authors: [], publisher: null, date: null, reportNumber: null };
}
