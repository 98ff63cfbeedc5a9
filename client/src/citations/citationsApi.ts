import { createRequest, type Request } from "../api/request";
import type { BriefSource, Citation, CitedItem, CreatePassageCitation, UpdateCitation } from "./citationTypes";

const segment = encodeURIComponent;

/**
 * The REST calls of citations and bibliography sources (CITATIONS.md §2, §4). Built on the
 * client's one request function; a 401 here surfaces as an error message (the next call
 * through the workspace's API returns to the login page).
 */
export function createCitationsApi(request: Request = createRequest({ onSessionEnded: () => undefined })) {
  const citations = (briefId: string) => `/api/briefs/${segment(briefId)}/citations`;
  return {
    /** 400 `{error: {field}}` when the quote's range does not hold its words, or an id is not the brief's. */
    create: (briefId: string, body: CreatePassageCitation) =>
      request<{ citation: Citation }>("POST", citations(briefId), { body }),
    update: (briefId: string, citationId: string, body: UpdateCitation) =>
      request<{ citation: Citation }>("PATCH", `${citations(briefId)}/${segment(citationId)}`, { body }),
    byIds: (briefId: string, ids: string[], signal?: AbortSignal) =>
      request<{ citations: CitedItem[] }>("GET", `${citations(briefId)}?ids=${ids.map(segment).join(",")}`, { signal }),
    ofRecommendation: (briefId: string, recommendationId: string, signal?: AbortSignal) =>
      request<{ citations: CitedItem[] }>(
        "GET",
        `${citations(briefId)}?recommendationId=${segment(recommendationId)}`,
        { signal },
      ),
    sources: (briefId: string, signal?: AbortSignal) =>
      request<{ sources: BriefSource[] }>("GET", `/api/briefs/${segment(briefId)}/sources`, { signal }),
  };
}

export type CitationsApi = ReturnType<typeof createCitationsApi>;
