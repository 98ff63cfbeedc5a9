import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import type { BibliographyApi } from "./bibliographyApi";
import type { BriefSource } from "./sourceTypes";

export type SourcesState =
  | { status: "loading" }
  | { status: "loaded"; sources: BriefSource[] }
  | { status: "failed"; message: string };

/**
 * The brief's sources, oldest first as the server lists them, with what this window changed
 * applied at once; `source.updated` from anyone refetches them, the last answer kept meanwhile.
 */
export function useSources(bibliography: BibliographyApi, briefId: string) {
  const queryClient = useQueryClient();
  const queryKey = queryKeys.sources(briefId);
  const query = useQuery({
    queryKey,
    queryFn: async ({ signal }) => (await bibliography.listSources(briefId, signal)).sources,
  });
  const { isError, error, data } = query;
  const state = useMemo((): SourcesState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", sources: data } : { status: "loading" };
  }, [isError, error, data]);

  const update = useCallback(
    (change: (sources: BriefSource[]) => BriefSource[]) =>
      queryClient.setQueryData<BriefSource[]>(queryKeys.sources(briefId), (current) =>
        current ? change(current) : current,
      ),
    [queryClient, briefId],
  );

  return {
    state,
    reload: useCallback(
      () => void queryClient.invalidateQueries({ queryKey: queryKeys.sources(briefId) }),
      [queryClient, briefId],
    ),
    added: useCallback(
      (sources: BriefSource[]) =>
        update((current) => [...current, ...sources.filter((s) => !current.some((c) => c.id === s.id))]),
      [update],
    ),
    replaced: useCallback(
      (source: BriefSource) => update((current) => current.map((s) => (s.id === source.id ? source : s))),
      [update],
    ),
    removed: useCallback((sourceId: string) => update((current) => current.filter((s) => s.id !== sourceId)), [update]),
  };
}
