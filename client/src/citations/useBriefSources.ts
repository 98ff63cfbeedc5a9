import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import type { BriefSource } from "./citationTypes";
import type { CitationsApi } from "./citationsApi";

export type BriefSourcesState =
  | { status: "loading" }
  | { status: "loaded"; sources: BriefSource[] }
  | { status: "failed"; message: string };

/** The brief's bibliography sources (the same query as the bibliography page's); `source.updated` refetches them. */
export function useBriefSources(api: CitationsApi, briefId: string): BriefSourcesState {
  const query = useQuery({
    queryKey: queryKeys.sources(briefId),
    queryFn: async ({ signal }) => (await api.sources(briefId, signal)).sources,
  });
  const { isError, error, data } = query;
  return useMemo((): BriefSourcesState => {
    if (isError) return { status: "failed", message: errorMessage(error) };
    return data ? { status: "loaded", sources: data } : { status: "loading" };
  }, [isError, error, data]);
}
