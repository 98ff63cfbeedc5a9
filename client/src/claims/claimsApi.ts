import type { ClaimCounts, ClaimFindingView, ClaimsView } from "@accord/protocol";
import { createRequest, type Request } from "../api/request";

const segment = encodeURIComponent;

/** What ignoring or un-ignoring answers: the finding as it is now, and the recommendation's open counts. */
export interface ClaimIgnoreAnswer {
  finding: ClaimFindingView;
  counts: ClaimCounts;
}

/**
 * The REST calls of a recommendation's claim check (issue 19), on the client's one request
 * function as the versions' calls are.
 */
export function createClaimsApi(request: Request = createRequest({ onSessionEnded: () => undefined })) {
  const claims = (briefId: string, recId: string) =>
    `/api/briefs/${segment(briefId)}/recommendations/${segment(recId)}/claims`;
  const ignore = (briefId: string, recId: string, findingId: string) =>
    `${claims(briefId, recId)}/${segment(findingId)}/ignore`;
  return {
    /** Any member: the findings of the stored body, ignored ones included (with `ignored` set). */
    get: (briefId: string, recId: string, signal?: AbortSignal) =>
      request<ClaimsView>("GET", claims(briefId, recId), { signal }),
    /** Editors and leads: the figure is right as written; `reason` (1–500 characters) is logged in the activity. */
    ignore: (briefId: string, recId: string, findingId: string, reason: string) =>
      request<ClaimIgnoreAnswer>("POST", ignore(briefId, recId, findingId), { body: { reason } }),
    unignore: (briefId: string, recId: string, findingId: string) =>
      request<ClaimIgnoreAnswer>("DELETE", ignore(briefId, recId, findingId)),
  };
}

export type ClaimsApi = ReturnType<typeof createClaimsApi>;
