import type { ImportedFootnote } from "./types.js";

/**
 * The intermediate shapes every importer reduces a file to before `assembleReport` turns them
 * into an `ImportedReport`. Keeping one intermediate form is what makes the four importers
 * agree on sections, pull-quotes, figures and footnote attribution.
 */

/** A line of body text as an extractor saw it; an empty `text` is a gap between paragraphs. */
export interface SourceLine {
  text: string;
  /** The extractor knows this line is a heading (a PDF line set in larger type). */
  heading?: boolean;
}

/** One page of a report whose layout survives only as lines (extracted PDF text, or a PDF). */
export interface SourcePage {
  lines: SourceLine[];
  /** The page's footnotes in order: bare URL lines, or a PDF page's link annotations. */
  notes: SourceNote[];
}

export interface SourceNote {
  text: string;
  url: string | null;
}

export interface DraftBlock {
  kind: "heading" | "paragraph" | "list_item";
  text: string;
  /** 1-based pages the block starts and ends on (a paragraph may run over a page break). */
  firstPage: number;
  lastPage: number;
  /**
   * The numbers of the footnotes the block cites, when the format says exactly (Markdown,
   * DOCX). Absent when only the page is known: the block then cites the notes of its pages.
   */
  footnotes?: number[];
}

export interface DraftReport {
  blocks: DraftBlock[];
  footnotes: ImportedFootnote[];
  pageCount: number;
}
