/**
 * Every key of the query cache, built here and nowhere else. Everything of one brief sits under
 * `["brief", briefId]`, so that leaving it or a reconnection can invalidate it as one; each
 * resource's list and its details share a prefix, so that one invalidation reaches both.
 */
export const queryKeys = {
  brief: (briefId: string) => ["brief", briefId] as const,
  details: (briefId: string) => ["brief", briefId, "details"] as const,
  sectors: (briefId: string) => ["brief", briefId, "sectors"] as const,
  recommendations: (briefId: string) => ["brief", briefId, "recommendations"] as const,
  members: (briefId: string) => ["brief", briefId, "members"] as const,
  invites: (briefId: string) => ["brief", briefId, "invites"] as const,
  /** The report list and every report's pages (whose passages say which recommendations cite them). */
  reports: (briefId: string) => ["brief", briefId, "reports"] as const,
  reportList: (briefId: string) => ["brief", briefId, "reports", "list"] as const,
  report: (briefId: string, reportId: string) => ["brief", briefId, "reports", "detail", reportId] as const,
  evidence: (briefId: string) => ["brief", briefId, "evidence"] as const,
  evidenceSearch: (briefId: string, query: { q: string; reportId: string; section: string; limit: number }) =>
    ["brief", briefId, "evidence", "search", query] as const,
  threads: (briefId: string, recommendationId: string) => ["brief", briefId, "threads", recommendationId] as const,
  /** Every activity feed of the brief and the dashboard that shows the latest entries. */
  activity: (briefId: string) => ["brief", briefId, "activity"] as const,
  activityOf: (briefId: string, recommendationId: string) => ["brief", briefId, "activity", recommendationId] as const,
  dashboard: (briefId: string) => ["brief", briefId, "dashboard"] as const,
  /** What recommendations cite: per recommendation, and per sector for the dashboard. */
  citations: (briefId: string) => ["brief", briefId, "citations"] as const,
  citedItems: (briefId: string, recommendationId: string) =>
    ["brief", briefId, "citations", "recommendation", recommendationId] as const,
  sectorCitations: (briefId: string, sectorIds: readonly string[]) =>
    ["brief", briefId, "citations", "sectors", sectorIds.join(",")] as const,
  sources: (briefId: string) => ["brief", briefId, "sources"] as const,
  /** The brief's citation style as of the brief's last change (an upload changes the brief, not its style's name). */
  citationStyle: (briefId: string, briefChangedAt: string) =>
    ["brief", briefId, "citationStyle", briefChangedAt] as const,
  /** What an export of this selection would hold; `selection` is the selection's contents as one string. */
  exportPreview: (briefId: string, selection: string) => ["brief", briefId, "exportPreview", selection] as const,
  /** A recommendation's saved versions, and (under it) the caller's last review of it. */
  versions: (briefId: string, recommendationId: string) => ["brief", briefId, "versions", recommendationId] as const,
  /** One version with its body: never changes once saved, so outside the list's key. */
  version: (briefId: string, versionId: string) => ["brief", briefId, "versionBody", versionId] as const,
  /** The caller's own last review of a recommendation: it moves with their transitions and comments. */
  lastReview: (briefId: string, recommendationId: string) =>
    ["brief", briefId, "versions", recommendationId, "lastReview"] as const,
  /** Every recommendation's claim check (issue 19), and one recommendation's findings under it. */
  claims: (briefId: string) => ["brief", briefId, "claims"] as const,
  claimsOf: (briefId: string, recommendationId: string) => ["brief", briefId, "claims", recommendationId] as const,
  /** Every export preview of the brief, whatever its selection (the prefix of `exportPreview`). */
  exportPreviews: (briefId: string) => ["brief", briefId, "exportPreview"] as const,
  /** The signed-in person's inbox, across briefs. */
  notifications: () => ["notifications"] as const,
};
