import type { VersionDetails, VersionSummary } from "@accord/protocol";
import { createRequest, type Request } from "../api/request";

const segment = encodeURIComponent;

/**
 * The REST calls of a recommendation's version history (issue 18). Built on the client's one
 * request function, as the citations' calls are.
 */
export function createVersionsApi(request: Request = createRequest({ onSessionEnded: () => undefined })) {
  const versions = (briefId: string, recId: string) =>
    `/api/briefs/${segment(briefId)}/recommendations/${segment(recId)}/versions`;
  return {
    /** Newest first. */
    list: (briefId: string, recId: string, signal?: AbortSignal) =>
      request<{ versions: VersionSummary[] }>("GET", versions(briefId, recId), { signal }),
    get: (briefId: string, recId: string, versionId: string, signal?: AbortSignal) =>
      request<VersionDetails>("GET", `${versions(briefId, recId)}/${segment(versionId)}`, { signal }),
    /** Editors and leads: a version of the stored body, named (1–120 characters). */
    save: (briefId: string, recId: string, name: string) =>
      request<{ version: VersionSummary }>("POST", versions(briefId, recId), { body: { name } }),
    /**
     * Editors and leads, after the old body was applied through the editor and stored: records
     * the restore as a version of its own (`Restored “<name>”`).
     */
    restored: (briefId: string, recId: string, restoredFrom: string) =>
      request<{ version: VersionSummary }>("POST", versions(briefId, recId), { body: { restoredFrom } }),
    /** The newest version saved at or before the caller's last review of the recommendation, or null. */
    lastReview: (briefId: string, recId: string, signal?: AbortSignal) =>
      request<{ version: VersionSummary | null }>("GET", `${versions(briefId, recId)}/last-review`, { signal }),
  };
}

export type VersionsApi = ReturnType<typeof createVersionsApi>;
