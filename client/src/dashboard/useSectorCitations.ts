import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Request } from "../api/request";
import { useWorkspace } from "../components/workspaceContext";
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
 * sources to name the chosen ones; refetched whenever `version` changes and whenever a citation or
 * a source of the brief changed (the workspace's `citationsVersion`, `sourcesVersion`), the last
 * answer kept meanwhile.
 */
export function useSectorCitations(
  request: Request,
  bibliography: BibliographyApi,
  briefId: string,
  sectorIds: readonly string[],
  version: unknown,
): SectorCitationsState {
  const [state, setState] = useState<SectorCitationsState>({ status: "loading" });
  const { citationsVersion, sourcesVersion } = useWorkspace();
  const key = sectorIds.join(",");

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const ids = key ? key.split(",") : [];
    const bySector = new Map<string, CitedItem[]>();
    let next = 0;
    const worker = async () => {
      while (next < ids.length && !signal.aborted) {
        const sectorId = ids[next++]!;
        const { citations } = await fetchSectorCitations(request, briefId, sectorId, signal);
        bySector.set(sectorId, citations);
      }
    };
    Promise.all([
      bibliography.listSources(briefId, signal),
      ...Array.from({ length: Math.min(SECTOR_CITATION_REQUESTS_AT_ONCE, ids.length) }, worker),
    ]).then(
      ([{ sources }]) => {
        if (!signal.aborted) setState({ status: "loaded", bySector, sources: new Map(sources.map((source) => [source.id, source])) });
      },
      (error: unknown) => {
        if (!signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [request, bibliography, briefId, key, version, citationsVersion, sourcesVersion]);

  return state;
}
