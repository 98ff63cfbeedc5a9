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
  /**
   * 1 for a top-level heading, 2 for one inside it, and so on: the PDF outline's depth, the
   * type size's rank, Markdown's `#` count. Only level 1 suggests sectors.
   */
  level: number;
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
  /** The note's first URL, else null (kept for readers that want one link). */
  url: string | null;
  /** Every URL the note holds, in order, each whole (a URL broken over lines is joined). */
  urls: string[];
  /** The note's whole text: the citation itself (author, title, publisher, date, URL), not only its URL. */
  text: string;
}

export interface ImportedPassage {
  /** 0-based, in reading order. */
  position: number;
  /** A caption is a figure's or table's title: evidence of its own kind, never a section. */
  kind: "paragraph" | "list_item" | "caption";
  /** Index into `sections`, or null for text before the first heading. */
  section: number | null;
  /** 1-based page where the passage starts. */
  page: number;
  text: string;
  figures: Figure[];
  /** Numbers of the footnotes that are its sources, in the order its markers point to them. */
  footnotes: number[];
  /**
   * "markers": `footnotes` are the notes its own markers point to (possibly none).
   * "page": the report has no markers at all (their numbers were lost in extraction), so
   * `footnotes` are every note of the passage's pages, and the writer should choose among them.
   */
  sourcesFrom: "markers" | "page";
  /**
   * Each footnote marker its text held, in reading order (a note cited twice, twice): `number`
   * is the note's, `at` the UTF-16 offset in `text` just after the character the marker
   * followed (the marker itself is not in `text`; `at` is never just after a space). A marker
   * on a heading belongs to the first passage under it, at 0. Empty when `sourcesFrom` is
   * "page". See CITATIONS.md §1 and markersInSpan (packages/domain).
   */
  markers: Array<{ number: number; at: number }>;
}

/** What the report says about itself: from the PDF's metadata and first page, or the file. */
export interface ReportMetadata {
  title: string;
  /** People, in the order the report names them. */
  authors: string[];
  /** The organisation that published it, e.g. "Congressional Research Service"; null when unknown. */
  publisher: string | null;
  /** The publication date as ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`), null when unknown. */
  date: string | null;
  /** The publisher's number for it, e.g. "R48903"; null when none. */
  reportNumber: string | null;
}

export interface ImportedReport {
  /** Equal to `metadata.title`. */
  title: string;
  metadata: ReportMetadata;
  format: "text" | "markdown" | "pdf" | "docx";
  pageCount: number;
  sections: ImportedSection[];
  passages: ImportedPassage[];
  footnotes: ImportedFootnote[];
}
