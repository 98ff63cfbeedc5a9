import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, errorMessage } from "./ApiError";
import type { Api } from "./createApi";
import type { BriefDetails, RecommendationView, Sector } from "./types";

export type WorkspaceLoadError = { kind: "not_found" } | { kind: "failed"; message: string };

export interface WorkspaceData {
  details: BriefDetails | null;
  sectors: Sector[] | null;
  recommendations: RecommendationView[] | null;
  loadError: WorkspaceLoadError | null;
  reloadBrief: () => Promise<void>;
  reloadSectors: () => Promise<void>;
  reloadRecommendations: () => Promise<void>;
  reloadAll: () => Promise<void>;
  /** Apply an answer of the API right away; the notification that follows refetches anyway. */
  putRecommendation: (recommendation: RecommendationView) => void;
  dropRecommendation: (id: string) => void;
  putSector: (sector: Sector) => void;
  dropSector: (id: string) => void;
}

const bySectorPosition = (a: { position: number; id: string }, b: { position: number; id: string }) =>
  a.position - b.position || a.id.localeCompare(b.id);

/**
 * A brief's metadata, sectors and recommendations, fetched through REST and refetched
 * when a notification says something changed. Each resource keeps a request counter so
 * that an older answer arriving after a newer one is ignored.
 */
export function useWorkspaceData(api: Api, briefId: string): WorkspaceData {
  const [details, setDetails] = useState<BriefDetails | null>(null);
  const [sectors, setSectors] = useState<Sector[] | null>(null);
  const [recommendations, setRecommendations] = useState<RecommendationView[] | null>(null);
  const [loadError, setLoadError] = useState<WorkspaceLoadError | null>(null);
  const generation = useRef({ brief: 0, sectors: 0, recommendations: 0 });
  const currentBrief = useRef(briefId);
  currentBrief.current = briefId;

  const fail = useCallback((error: unknown) => {
    // 404 is also what a brief you are not (or no longer) a member of answers.
    if (error instanceof ApiError && (error.status === 404 || error.status === 403)) setLoadError({ kind: "not_found" });
    else if (!(error instanceof ApiError && error.status === 401)) setLoadError({ kind: "failed", message: errorMessage(error) });
  }, []);

  const reloadBrief = useCallback(async () => {
    const ticket = ++generation.current.brief;
    try {
      const next = await api.briefs.get(briefId);
      if (ticket === generation.current.brief && currentBrief.current === briefId) {
        setDetails(next);
        setLoadError(null);
      }
    } catch (error) {
      if (ticket === generation.current.brief) fail(error);
    }
  }, [api, briefId, fail]);

  const reloadSectors = useCallback(async () => {
    const ticket = ++generation.current.sectors;
    try {
      const { sectors: next } = await api.sectors.list(briefId);
      if (ticket === generation.current.sectors && currentBrief.current === briefId) setSectors([...next].sort(bySectorPosition));
    } catch (error) {
      if (ticket === generation.current.sectors) fail(error);
    }
  }, [api, briefId, fail]);

  const reloadRecommendations = useCallback(async () => {
    const ticket = ++generation.current.recommendations;
    try {
      const { recommendations: next } = await api.recommendations.list(briefId);
      if (ticket === generation.current.recommendations && currentBrief.current === briefId)
        setRecommendations([...next].sort(bySectorPosition));
    } catch (error) {
      if (ticket === generation.current.recommendations) fail(error);
    }
  }, [api, briefId, fail]);

  const reloadAll = useCallback(async () => {
    await Promise.all([reloadBrief(), reloadSectors(), reloadRecommendations()]);
  }, [reloadBrief, reloadSectors, reloadRecommendations]);

  useEffect(() => {
    setDetails(null);
    setSectors(null);
    setRecommendations(null);
    setLoadError(null);
    void reloadAll();
  }, [reloadAll]);

  const putRecommendation = useCallback((recommendation: RecommendationView) => {
    generation.current.recommendations++;
    setRecommendations((current) =>
      [...(current ?? []).filter((r) => r.id !== recommendation.id), recommendation].sort(bySectorPosition),
    );
  }, []);
  const dropRecommendation = useCallback((id: string) => {
    generation.current.recommendations++;
    setRecommendations((current) => (current ?? []).filter((r) => r.id !== id));
  }, []);
  const putSector = useCallback((sector: Sector) => {
    generation.current.sectors++;
    setSectors((current) => [...(current ?? []).filter((s) => s.id !== sector.id), sector].sort(bySectorPosition));
  }, []);
  const dropSector = useCallback((id: string) => {
    generation.current.sectors++;
    setSectors((current) => (current ?? []).filter((s) => s.id !== id));
  }, []);

  return {
    details,
    sectors,
    recommendations,
    loadError,
    reloadBrief,
    reloadSectors,
    reloadRecommendations,
    reloadAll,
    putRecommendation,
    dropRecommendation,
    putSector,
    dropSector,
  };
}
