import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import { queryKeys } from "../api/queryKeys";
import type { Evidence } from "@accord/protocol";

export interface EvidenceFilters {
  q: string;
  reportId: string;
  section: string;
}

export type EvidenceSearchState =
  | { status: "loading"; previous: Evidence[] | null }
  | { status: "loaded"; evidence: Evidence[]; query: string }
  | { status: "failed"; message: string };

/** How long typing must pause before the search runs. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * Search-as-you-type over the brief's evidence. The query waits for a pause in typing; a newer
 * search's answer is the one shown (each search is its own query), the last list staying while it
 * runs. Filters apply at once. A report's import, edit or deletion refetches.
 */
export function useEvidenceSearch(
  api: Api,
  briefId: string,
  filters: EvidenceFilters,
  limit: number,
): EvidenceSearchState {
  const [debouncedQ, setDebouncedQ] = useState(filters.q.trim());

  useEffect(() => {
    const q = filters.q.trim();
    if (q === debouncedQ) return;
    const timer = window.setTimeout(() => setDebouncedQ(q), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [filters.q, debouncedQ]);

  const { reportId, section } = filters;
  const query = useQuery({
    queryKey: queryKeys.evidenceSearch(briefId, { q: debouncedQ, reportId, section, limit }),
    queryFn: async ({ signal }) => {
      const { evidence } = await api.evidence.search(
        briefId,
        { q: debouncedQ || undefined, reportId: reportId || undefined, section: section || undefined, limit },
        signal,
      );
      return { evidence, query: debouncedQ };
    },
    placeholderData: keepPreviousData,
  });

  const { isError, error, isFetching, data } = query;
  return useMemo((): EvidenceSearchState => {
    if (isError && !isFetching) return { status: "failed", message: errorMessage(error) };
    if (isFetching || !data) return { status: "loading", previous: data?.evidence ?? null };
    return { status: "loaded", evidence: data.evidence, query: data.query };
  }, [isError, error, isFetching, data]);
}
