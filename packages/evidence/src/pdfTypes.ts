import type { SourceLine, SourceNote } from "./model.js";
import type { PdfLine } from "./pdfLines.js";

/**
 * The shapes the PDF pipeline passes between its steps (pdfImporter.ts reads pdf.js into
 * `PdfText`; pdfStructure.ts, pdfFootnotes.ts and pdfMetadata.ts read that). Kept apart from
 * pdf.js so that every step can be tested with hand-made pages.
 */

export interface PdfPage {
  /** 1-based. */
  number: number;
  /** The page's size in points (PDF user space: y grows upwards from the bottom edge). */
  width: number;
  height: number;
  /** Its text lines, top to bottom (see pdfLines.ts). */
  lines: PdfLine[];
  /** Its link annotations, top to bottom: `y` is the link rectangle's lower edge. */
  links: { url: string; y: number }[];
}

/** An entry of the PDF's outline (bookmarks), flattened in reading order. */
export interface OutlineEntry {
  title: string;
  /** 1 for a top-level bookmark. */
  level: number;
  /** 1-based page it points to, null when its destination cannot be resolved. */
  page: number | null;
}

/** The document information dictionary's string fields, as pdf.js gives them. */
export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
  CreationDate?: string;
  ModDate?: string;
}

export interface PdfText {
  pages: PdfPage[];
  outline: OutlineEntry[];
  info: PdfInfo;
}

/** A body line once its footnote markers are read: `text` without them, `markers` their numbers. */
export interface MarkedLine extends PdfLine {
  markers?: number[];
}

/** One page after its footnotes are split off. */
export interface MarkedPage {
  number: number;
  width: number;
  height: number;
  lines: MarkedLine[];
}

export type { SourceLine, SourceNote };
