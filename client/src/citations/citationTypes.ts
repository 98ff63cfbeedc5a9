/**
 * The client's view of issue 14's citations (packages/export/CITATIONS.md §2 and §4). Kept
 * here, not in api/types.ts, while the parts of issue 14 land in parallel.
 */

/** The exact words cited, as a [start, end) range of the passage's text (UTF-16 offsets). */
export interface CitationQuote {
  text: string;
  start: number;
  end: number;
}

export interface Citation {
  id: string;
  briefId: string;
  evidenceId: string | null;
  reportId: string | null;
  /** Null: the whole passage. */
  quote: CitationQuote | null;
  /** Footnote numbers of the passage's report chosen as its sources. */
  notes: number[];
  /** Bibliography sources chosen as its sources. */
  sourceIds: string[];
  /** False only while a page-sourced passage's sources were never chosen. */
  sourcesChosen: boolean;
  sourceId: string | null;
  locator: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface CitedPassageNote {
  number: number;
  text: string;
  urls: string[];
}

export interface CitedPassageSummary {
  text: string;
  page: number;
  section: string | null;
  reportTitle: string;
  sourcesFrom: "markers" | "page";
  footnotes: CitedPassageNote[];
}

/** A CSL-JSON name: a person, or an organisation as one literal. */
export type CslName = { family?: string; given?: string } | { literal: string };

/** The few CSL fields the client shows; the server keeps the rest. */
export interface CslItem {
  type: string;
  title: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: { "date-parts": number[][] };
  URL?: string;
  DOI?: string;
  publisher?: string;
  "container-title"?: string;
}

export interface BriefSource {
  id: string;
  briefId: string;
  csl: CslItem;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One citation of a stored body, in body order; `id` is null for an older evidence-only node. */
export type CitedItem = Omit<Citation, "id"> & {
  id: string | null;
  recommendationId: string;
  passage: CitedPassageSummary | null;
  source: BriefSource | null;
};

export interface CreatePassageCitation {
  evidenceId: string;
  quote?: CitationQuote;
  notes?: number[];
  sourceIds?: string[];
}

export interface UpdateCitation {
  notes?: number[];
  sourceIds?: string[];
  locator?: string | null;
}
