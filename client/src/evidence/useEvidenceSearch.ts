import { useEffect, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Api } from "../api/createApi";
import type { Evidence } from "../api/types";

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
 * Search-as-you-type over the brief's evidence. The query waits for a pause in typing;
 * each new search aborts the one before, so an old answer never replaces a newer one.
 * Filters apply at once. `version` refetches (a report was imported).
 */
export function useEvidenceSearch(api: Api, briefId: string, filters: EvidenceFilters, limit: number, version: number): EvidenceSearchState {
  const [state, setState] = useState<EvidenceSearchState>({ status: "loading", previous: null });
  const [debouncedQ, setDebouncedQ] = useState(filters.q.trim());

  useEffect(() => {
    const q = filters.q.trim();
    if (q === debouncedQ) return;
    const timer = window.setTimeout(() => setDebouncedQ(q), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [filters.q, debouncedQ]);

  const { reportId, section } = filters;
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ status: "loading", previous: current.status === "loaded" ? current.evidence : current.status === "loading" ? current.previous : null }));
    api.evidence
      .search(
        briefId,
        { q: debouncedQ || undefined, reportId: reportId || undefined, section: section || undefined, limit },
        controller.signal,
      )
      .then(({ evidence }) => {
        if (!controller.signal.aborted) setState({ status: "loaded", evidence, query: debouncedQ });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "failed", message: errorMessage(error) });
      });
    return () => controller.abort();
  }, [api, briefId, debouncedQ, reportId, section, limit, version]);

  return state;
}
