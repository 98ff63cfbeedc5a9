import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import type { Request } from "../api/request";
import type { BibliographyApi } from "../sources/bibliographyApi";
import type { BriefSource } from "../sources/sourceTypes";
import { fetchSectorCitations, type CitedItem } from "./citedItems";

/**
 * How many sectors' lists are asked for at once: the server bounds one person's concurrent
 * expensive reads (a fifth answers 429), and the dashboard's own counts run beside these.
 */
export const SECTOR_CITATION_REQUESTS_AT_ONCE = 2;

export type SectorCitationsState =
  | { status: "loading" }
  | { status: "loaded"; bySector: ReadonlyMap<string, CitedItem[]>; sources: ReadonlyMap<string, BriefSource> }
  | { status: "failed"; message: string };

/**
 * Every sector's cited evidence (what its recommendations' stored bodies cite), with the brief's
 * sources to name the chosen ones; refetched whenever the recommendations, a citation or a source
 * of the brief changed, the last answer kept meanwhile (also while another set of sectors loads).
 */
export function useSectorCitations(
  request: Request,
  bibliography: BibliographyApi,
  briefId: string,
  sectorIds: readonly string[],
): SectorCitationsState {
  const query = useQuery({
    queryKey: queryKeys.sectorCitations(briefId, sectorIds),
    queryFn: async ({ signal }) => {
      const ids = [...sectorIds];
      const bySector = new Map<string, CitedItem[]>();
      let next = 0;
      const worker = async () => {
        while (next < ids.length && !signal.aborted) {
          const sectorId = ids[next++]!;
          const { citations } = await fetchSectorCitations(request, briefId, sectorId, signal);
          bySector.set(sectorId, citations);
        }
      };
      const [{ sources }] = await Promise.all([
        bibliography.listSources(briefId, signal),
        ...Array.from({ length: Math.min(SECTOR_CITATION_REQUESTS_AT_ONCE, ids.length) }, worker),
      ]);
      return { bySector, sources: new Map(sources.map((source) => [source.id, source])) };
    },
    placeholderData: keepPreviousData,
    // Maps are not plain data: without this, every refetch would be a new answer anyway.
    structuralSharing: false,
  });
  const { isError, error, data } = query;
  return useMemo((): SectorCitationsState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", bySector: data.bySector, sources: data.sources } : { status: "loading" };
  }, [isError, error, data]);
}
