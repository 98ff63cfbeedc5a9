import type { PassageMarker } from "@accord/domain";
import type { ImportedReport, ReportMetadata } from "@accord/evidence";

export type Figure = ImportedReport["passages"][number]["figures"][number];
export type { ReportMetadata };

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
  /** Always equal to `metadata.title`. */
  title: string;
  /** What the report says about itself (editable by the lead). */
  metadata: ReportMetadata;
  /**
   * sha256 (hex) of the uploaded bytes, or of a JSON import's content as UTF-8: the same
   * file imported twice is found by it. null for reports stored before it was kept.
   */
  contentHash: string | null;
  format: ReportFormat;
  createdBy: string;
  createdAt: string;
  counts: ReportCounts;
}

/** What createReport keeps besides the importer's report. */
export interface NewReportOptions {
  contentHash: string | null;
}

/** A lead's edit of a report's metadata: only the fields given change. */
export type ReportMetadataPatch = Partial<ReportMetadata>;

/** A recommendation that cites a passage of a report (why the report may not be deleted). */
export interface CitingRecommendation {
  recommendationId: string;
  title: string;
  sectorId: string;
}

export type DeleteReportResult =
  | { kind: "deleted" }
  | { kind: "not_found" }
  /** Nothing was deleted: these recommendations cite its passages. */
  | { kind: "cited"; citedBy: CitingRecommendation[] };

export interface StoredSection {
  /** 0-based, in reading order (the importer's `position`). */
  index: number;
  title: string;
  /** 1 for a top-level heading, 2 inside it, … (1 for reports stored before levels were kept). */
  level: number;
  sectorLike: boolean;
  sectorName: string | null;
}

export interface StoredFootnote {
  reportId: string;
  /** 1-based through the whole report. */
  number: number;
  page: number;
  /** The note's first URL, else null. */
  url: string | null;
  /** Every URL of the note, in order. */
  urls: string[];
  /** The note's whole text. */
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
  kind: "paragraph" | "list_item" | "caption";
  /** 0-based reading order within the report. */
  position: number;
  text: string;
  figures: Figure[];
  footnotes: number[];
  /** "markers": its footnotes are the ones its markers point to; "page": its page's notes (no markers in the report). */
  sourcesFrom: "markers" | "page";
  /** Where each footnote marker stood in `text` (CITATIONS.md §1); [] for "page" and for reports stored before. */
  markers: PassageMarker[];
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

/** A passage's footnote as evidence carries it. */
export interface EvidenceNote {
  number: number;
  text: string;
  urls: string[];
}

/** `[start, end)` offsets into a passage's text (UTF-16 code units, as JavaScript strings index). */
export type Highlight = [number, number];

/** A passage as search answers it: with its report's title, its sources and where the query matched. */
export interface EvidenceRecord extends StoredPassage {
  reportTitle: string;
  /** URLs of its footnotes, de-duplicated, in footnote order. */
  sources: string[];
  /** Its footnotes themselves, in the order it cites them. */
  notes: EvidenceNote[];
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
