import type { ImportedReport } from "@accord/evidence";

export type Figure = ImportedReport["passages"][number]["figures"][number];

/**
 * What the store keeps of an imported report. The importer's `ImportedReport` is the
 * input; these are the stored shapes, with ids. A passage's id is its evidence id: the
 * id a citation in a recommendation's body names.
 */

export type ReportFormat = "text" | "markdown" | "pdf" | "docx";

export interface ReportCounts {
  sections: number;
  pages: number;
  passages: number;
  footnotes: number;
}

export interface ReportSummary {
  id: string;
  briefId: string;
  title: string;
  format: ReportFormat;
  createdBy: string;
  createdAt: string;
  counts: ReportCounts;
}

export interface StoredSection {
  /** 0-based, in reading order (the importer's `position`). */
  index: number;
  title: string;
  sectorLike: boolean;
  sectorName: string | null;
}

export interface StoredFootnote {
  reportId: string;
  /** 1-based through the whole report. */
  number: number;
  page: number;
  url: string | null;
  text: string;
}

export interface StoredPassage {
  /** The evidence id. */
  id: string;
  reportId: string;
  briefId: string;
  /** Index into the report's sections, null before the first heading. */
  sectionIndex: number | null;
  sectionTitle: string | null;
  page: number;
  kind: "paragraph" | "list_item";
  /** 0-based reading order within the report. */
  position: number;
  text: string;
  figures: Figure[];
  footnotes: number[];
}

export interface StoredReport extends ReportSummary {
  sections: StoredSection[];
  /** Page numbers, 1..pageCount. */
  pages: number[];
  /** In reading order. */
  passages: StoredPassage[];
  /** In number order. */
  footnotes: StoredFootnote[];
}

/** `[start, end)` offsets into a passage's text (UTF-16 code units, as JavaScript strings index). */
export type Highlight = [number, number];

/** A passage as search answers it: with its report's title, its sources and where the query matched. */
export interface EvidenceRecord extends StoredPassage {
  reportTitle: string;
  /** URLs of its footnotes, de-duplicated, in footnote order. */
  sources: string[];
  highlights: Highlight[];
}

export interface EvidenceQuery {
  /** Free text; absent or blank lists passages in reading order. */
  q?: string | undefined;
  reportId?: string | undefined;
  /** A section title, compared case-insensitively. */
  section?: string | undefined;
  /** Only these evidence ids (still only this brief's). */
  ids?: readonly string[] | undefined;
  limit: number;
}
