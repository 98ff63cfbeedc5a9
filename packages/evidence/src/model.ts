import type { TextMarker } from "./markedText.js";
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
  /** The heading's level (1 = top), when `heading` is set; 1 when absent. */
  level?: number;
  /** A figure's or table's title (e.g. "Figure 2. Imports by Year"): a caption passage. */
  caption?: boolean;
  /**
   * The numbers of the footnotes whose markers this line holds, in reading order; the markers
   * themselves are not in `text`. Absent: none.
   */
  markers?: number[];
  /**
   * Where each of `markers` stood in `text`, index for index: the UTF-16 offset just after the
   * character the marker followed (see markedText.ts). Absent, or shorter than `markers`: the
   * rest stood at the line's end.
   */
  markerAt?: number[];
}

/** One page of a report whose layout survives only as lines (extracted PDF text, or a PDF). */
export interface SourcePage {
  lines: SourceLine[];
  /** The page's footnotes in order: bare URL lines, or a PDF page's link annotations. */
  notes: SourceNote[];
}

export interface SourceNote {
  /** The note's whole text. */
  text: string;
  /** Its first URL (see `urls`). */
  url: string | null;
  /** Every URL in it, whole. Absent: `url` alone, if any. */
  urls?: string[];
  /** The number the report gives it, when it has one (a numbered footnote). */
  number?: number;
}

export interface DraftBlock {
  kind: "heading" | "paragraph" | "list_item" | "caption";
  text: string;
  /** A heading's level (1 = top); 1 when absent. */
  level?: number;
  /** 1-based pages the block starts and ends on (a paragraph may run over a page break). */
  firstPage: number;
  lastPage: number;
  /**
   * The numbers of the footnotes the block cites, when the format says exactly (Markdown,
   * DOCX). Absent when only the page is known: the block then cites the notes of its pages.
   */
  footnotes?: number[];
  /**
   * Where the markers behind `footnotes` stand in `text`, in reading order (a note cited twice
   * is here twice). Absent: none.
   */
  markers?: TextMarker[];
}

export interface DraftReport {
  blocks: DraftBlock[];
  footnotes: ImportedFootnote[];
  pageCount: number;
  /**
   * Whether the blocks' `footnotes` come from markers in the text. False (or absent) when the
   * format lost them: every passage then cites the notes of its pages.
   */
  hasMarkers?: boolean;
  /**
   * Whether sector suggestions come only from level-1 headings (a report whose levels are known:
   * a PDF outline, Markdown). Absent: any sector-like heading suggests one (the seed).
   */
  topLevelSectorsOnly?: boolean;
}
