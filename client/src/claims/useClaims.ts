import type { ClaimsView } from "@accord/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import { createClaimsApi, type ClaimsApi } from "./claimsApi";

/** The claim check's REST calls for a component (they hold nothing but the request function). */
export function useClaimsApi(): ClaimsApi {
  return useMemo(() => createClaimsApi(), []);
}

export type ClaimsState =
  | { status: "loading" }
  | { status: "loaded"; claims: ClaimsView }
  | { status: "failed"; message: string };

/**
 * A recommendation's figure findings, refetched when `claims.updated` arrives (liveQueryKeys.ts);
 * the last good answer stays while a refetch runs.
 */
export function useClaims(api: ClaimsApi, briefId: string, recommendationId: string): ClaimsState {
  const query = useQuery({
    queryKey: queryKeys.claimsOf(briefId, recommendationId),
    queryFn: ({ signal }) => api.get(briefId, recommendationId, signal),
  });
  const { isError, error, data } = query;
  return useMemo((): ClaimsState => {
    if (data) return { status: "loaded", claims: data };
    if (isError) return { status: "failed", message: errorMessage(error) };
    return { status: "loading" };
  }, [isError, error, data]);
}
