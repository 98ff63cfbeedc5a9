/**
 * The client's view of issue 14's citations (packages/export/CITATIONS.md §2 and §4): the
 * entities as @accord/domain declares them, and the shapes only the API's answers have.
 */

export type { BriefSource, Citation, CitationQuote, CslItem, CslName } from "@accord/domain";
import type { BriefSource, Citation, CitationQuote } from "@accord/domain";

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
