/**
 * A citation made away from the editor (in the report viewer), on its way to the
 * recommendation it was made for: carried in the router's location state, so a reload or a
 * shared link never inserts it twice.
 */
export interface PendingCitation {
  citationId: string;
  evidenceId: string;
}

export interface CiteIntoState {
  insertCitation: PendingCitation;
}

export function pendingCitationOf(state: unknown): PendingCitation | null {
  if (typeof state !== "object" || state === null || !("insertCitation" in state)) return null;
  const value = (state as { insertCitation: unknown }).insertCitation;
  if (typeof value !== "object" || value === null) return null;
  const { citationId, evidenceId } = value as Record<string, unknown>;
  return typeof citationId === "string" && typeof evidenceId === "string" ? { citationId, evidenceId } : null;
}

/** The recommendation a writer last had open in this brief: where the report viewer cites into by default. */
const LAST_KEY = (briefId: string) => `accord:last-recommendation:${briefId}`;

export function rememberRecommendation(briefId: string, recommendationId: string): void {
  try {
    sessionStorage.setItem(LAST_KEY(briefId), recommendationId);
  } catch {
    // Storage refused (private mode): the viewer then offers the first one.
  }
}

export function lastRecommendation(briefId: string): string | null {
  try {
    return sessionStorage.getItem(LAST_KEY(briefId));
  } catch {
    return null;
  }
}
