import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useMemo } from "react";
import { useWorkspace } from "../components/workspaceContext";
import { recommendationsChanged } from "../realtime/liveQueryKeys";
import { byPosition } from "./briefQueries";
import { queryKeys } from "./queryKeys";
import type { RecommendationView, Sector } from "@accord/protocol";

/** The brief's cached answers, edited with what a mutation of this window answered. */
export interface BriefCache {
  /** Show the server's answer at once, and refetch what it changes (the notification that follows may come later, or not at all). */
  putRecommendation: (recommendation: RecommendationView) => void;
  dropRecommendation: (recommendationId: string) => void;
  putSector: (sector: Sector) => void;
  dropSector: (sectorId: string) => void;
  /** Refetch these now; an older request still running is dropped for a new one. */
  refetch: (keys: readonly QueryKey[]) => Promise<void>;
  /**
   * Show a change before the server answers (an optimistic update); resolves to the function that
   * puts back what was shown before, for when the server refuses.
   */
  guessRecommendations: (change: (current: RecommendationView[]) => RecommendationView[]) => Promise<() => void>;
  guessSectors: (change: (current: Sector[]) => Sector[]) => Promise<() => void>;
}

export function briefCache(queryClient: QueryClient, briefId: string): BriefCache {
  const refetch = async (keys: readonly QueryKey[]) => {
    await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  const editRecommendations = (change: (current: RecommendationView[]) => RecommendationView[]) => {
    queryClient.setQueryData<RecommendationView[]>(queryKeys.recommendations(briefId), (current) =>
      byPosition(change(current ?? [])),
    );
    // Also cancels a list request sent before this change, whose answer would undo it.
    void refetch(recommendationsChanged(briefId));
  };
  const editSectors = (change: (current: Sector[]) => Sector[]) => {
    queryClient.setQueryData<Sector[]>(queryKeys.sectors(briefId), (current) => byPosition(change(current ?? [])));
    void refetch([queryKeys.sectors(briefId), queryKeys.dashboard(briefId), queryKeys.citations(briefId)]);
  };
  const guess = async <T extends { position: number; id: string }>(
    queryKey: QueryKey,
    change: (current: T[]) => T[],
  ) => {
    // A request already running would answer with the list before the change and undo the guess.
    await queryClient.cancelQueries({ queryKey });
    const previous = queryClient.getQueryData<T[]>(queryKey);
    if (previous) queryClient.setQueryData<T[]>(queryKey, byPosition(change(previous)));
    return () => queryClient.setQueryData<T[]>(queryKey, previous);
  };
  return {
    putRecommendation: (recommendation) =>
      editRecommendations((current) => [...current.filter((r) => r.id !== recommendation.id), recommendation]),
    dropRecommendation: (id) => editRecommendations((current) => current.filter((r) => r.id !== id)),
    putSector: (sector) => editSectors((current) => [...current.filter((s) => s.id !== sector.id), sector]),
    dropSector: (id) => editSectors((current) => current.filter((s) => s.id !== id)),
    refetch,
    guessRecommendations: (change) => guess(queryKeys.recommendations(briefId), change),
    guessSectors: (change) => guess(queryKeys.sectors(briefId), change),
  };
}

/** The cache of the brief this screen is in. */
export function useBriefCache(): BriefCache {
  const queryClient = useQueryClient();
  const { briefId } = useWorkspace();
  return useMemo(() => briefCache(queryClient, briefId), [queryClient, briefId]);
}
