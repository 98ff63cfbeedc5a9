/**
 * What an importer makes of a report, before it is stored. Every importer (PDF text,
 * Markdown, PDF, DOCX) produces this one shape; the store gives the parts ids.
 */

export type FigureKind = "money" | "percent" | "count" | "quantity" | "year";

/** A number a passage states, parsed for the claim checks: `$614.5 billion` → 614_500_000_000 USD. */
export interface Figure {
  kind: FigureKind;
  /** The text as written, e.g. "$614.5 billion", "62 percent", "7 gigawatts", "2019". */
  raw: string;
  /** The value in base units: 614.5e9 for "$614.5 billion", 62 for "62 percent", 26e6 for "26 million". */
  value: number;
  /** "USD" for money, "percent", "year", a unit word for quantities ("gigawatts", "tons"), or "" for plain counts. */
  unit: string;
  /** Character offset of `raw` in the passage text. */
  start: number;
  /**
   * Set only for a range ("40–45 percent", "$2–3 billion"): its upper end in base units.
   * `value` then holds the lower end, so a reader that ignores this field still gets a
   * number the passage states.
   */
  rangeEnd?: number;
}

export interface ImportedSection {
  title: string;
  /** 0-based, in reading order. */
  position: number;
  /** A heading that names a sector of the brief (the real report's capitalised ones). */
  sectorLike: boolean;
  /** Suggested sector name, e.g. "Rare Earth Elements" for "RARE EARTH ELEMENTS"; null when not sector-like. */
  sectorName: string | null;
}

export interface ImportedFootnote {
  /** 1-based, in order through the whole report. */
  number: number;
  /** 1-based page the note belongs to. */
  page: number;
  /** The URL when the note is a link, else null. */
  url: string | null;
  /** The note's text (the URL itself for a bare URL note). */
  text: string;
}

export interface ImportedPassage {
  /** 0-based, in reading order. */
  position: number;
  kind: "paragraph" | "list_item";
  /** Index into `sections`, or null for text before the first heading. */
  section: number | null;
  /** 1-based page where the passage starts. */
  page: number;
  text: string;
  figures: Figure[];
  /** Numbers of the footnotes that are its sources (for now: the footnotes of its page(s)). */
  footnotes: number[];
}

export interface ImportedReport {
  title: string;
  format: "text" | "markdown" | "pdf" | "docx";
  pageCount: number;
  sections: ImportedSection[];
  passages: ImportedPassage[];
  footnotes: ImportedFootnote[];
}
