import type { VersionDetails, VersionSummary } from "@accord/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { queryKeys } from "../api/queryKeys";
import { createVersionsApi, type VersionsApi } from "./versionsApi";

/** The versions' REST calls for a component (they hold nothing but the request function). */
export function useVersionsApi(): VersionsApi {
  return useMemo(() => createVersionsApi(), []);
}

export function versionsQuery(api: VersionsApi, briefId: string, recommendationId: string) {
  return {
    queryKey: queryKeys.versions(briefId, recommendationId),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<VersionSummary[]> =>
      (await api.list(briefId, recommendationId, signal)).versions,
  };
}

/** A saved version never changes: fetched once, kept while the brief is open. */
export function versionQuery(api: VersionsApi, briefId: string, recommendationId: string, versionId: string) {
  return {
    queryKey: queryKeys.version(briefId, versionId),
    queryFn: ({ signal }: { signal: AbortSignal }): Promise<VersionDetails> =>
      api.get(briefId, recommendationId, versionId, signal),
    staleTime: Number.POSITIVE_INFINITY,
  };
}

/** The recommendation's versions, newest first, refetched when `version.created` arrives (liveQueryKeys.ts). */
export function useVersions(api: VersionsApi, briefId: string, recommendationId: string) {
  return useQuery(versionsQuery(api, briefId, recommendationId));
}

/** One version with its body (idle while `versionId` is null). */
export function useVersion(api: VersionsApi, briefId: string, recommendationId: string, versionId: string | null) {
  return useQuery({ ...versionQuery(api, briefId, recommendationId, versionId ?? ""), enabled: versionId !== null });
}
