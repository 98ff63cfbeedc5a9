import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import type { CitedItem } from "./citationTypes";
import type { CitationsApi } from "./citationsApi";

export type CitedItemsState =
  | { status: "loading"; previous: CitedItem[] | null }
  | { status: "loaded"; citations: CitedItem[] }
  | { status: "failed"; message: string };

/**
 * What a recommendation's stored body cites, in body order. Refetched when the recommendations
 * change (the server's citation tracker bumps a recommendation when the body's citations change),
 * when a citation of the brief changes (`citation.updated`, or a save from this window) and when
 * its sources do. The last list stays shown while the same recommendation's list is asked again,
 * never another recommendation's.
 */
export function useCitedItems(api: CitationsApi, briefId: string, recommendationId: string): CitedItemsState {
  const query = useQuery({
    queryKey: queryKeys.citedItems(briefId, recommendationId),
    queryFn: async ({ signal }) => (await api.ofRecommendation(briefId, recommendationId, signal)).citations,
  });
  const { isError, error, isFetching, data } = query;
  return useMemo((): CitedItemsState => {
    if (isError && !isFetching) return { status: "failed", message: errorMessage(error) };
    // Each recommendation is its own query: what is cached is this one's list.
    if (isFetching || !data) return { status: "loading", previous: data ?? null };
    return { status: "loaded", citations: data };
  }, [isError, error, isFetching, data]);
}

/** The citations listed so far (the last list while the next loads); null before the first answer. */
export function citedItemsOf(state: CitedItemsState): CitedItem[] | null {
  return state.status === "loaded" ? state.citations : state.status === "loading" ? state.previous : null;
}
