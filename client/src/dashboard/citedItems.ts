import type { Request } from "../api/request";
import type { BriefSource } from "../sources/sourceTypes";

/** A footnote of the cited passage's report: its number, its words, its addresses. */
export interface CitedNote {
  number: number;
  text: string;
  urls: string[];
}

/**
 * One citation as a sector's (or a recommendation's) stored bodies hold it, in body order
 * (CITATIONS.md §2, `GET /citations?sectorId=`). `id` is null for an older body's citation
 * node, read as the whole passage with its default notes.
 */
export interface CitedItem {
  id: string | null;
  recommendationId: string;
  evidenceId: string | null;
  reportId: string | null;
  quote: { text: string; start: number; end: number } | null;
  notes: number[];
  sourceIds: string[];
  sourcesChosen: boolean;
  sourceId: string | null;
  locator: string | null;
  passage: {
    text: string;
    page: number;
    section: string | null;
    reportTitle: string;
    sourcesFrom: "markers" | "page";
    footnotes: CitedNote[];
  } | null;
  source: BriefSource | null;
}

export function fetchSectorCitations(request: Request, briefId: string, sectorId: string, signal?: AbortSignal) {
  return request<{ citations: CitedItem[] }>(
    "GET",
    `/api/briefs/${encodeURIComponent(briefId)}/citations?sectorId=${encodeURIComponent(sectorId)}`,
    { signal },
  );
}

/** The passage citations whose sources nobody chose yet (a page-sourced passage cited as it came). */
export function unchosenCount(citations: readonly CitedItem[]): number {
  return citations.filter((citation) => !citation.sourcesChosen).length;
}

/** The first words of a passage, cut at a word boundary, for a citation of the whole passage. */
export function excerpt(text: string, maxLength = 180): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const space = cut.lastIndexOf(" ");
  let end = space > maxLength / 2 ? space : cut.length;
  while (end > 0 && " ,;:.".includes(cut.charAt(end - 1))) end--;
  return `${cut.slice(0, end)}…`;
}
