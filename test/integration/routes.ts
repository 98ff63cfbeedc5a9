/**
 * Every REST route with a sample valid body, so that the auth and membership
 * sweeps cover each one. `:briefId`, `:recId`, `:sectorId`, `:userId`, `:token` and
 * `:inviteId` are filled in by the test; an id a test does not give names nothing.
 */
export const ROUTES: Array<{
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  briefScoped: boolean;
}> = [
  { method: "POST", path: "/api/auth/logout", briefScoped: false },
  { method: "POST", path: "/api/auth/logout-everywhere", briefScoped: false },
  // A wrong current password: the route is reachable, and nothing changes.
  {
    method: "POST",
    path: "/api/auth/password",
    body: { currentPassword: "not the password", newPassword: "plum orbit canyon whistle" },
    briefScoped: false,
  },
  { method: "GET", path: "/api/me", briefScoped: false },
  { method: "GET", path: "/api/briefs", briefScoped: false },
  { method: "POST", path: "/api/briefs", body: { title: "x" }, briefScoped: false },
  { method: "GET", path: "/api/briefs/:briefId", briefScoped: true },
  { method: "PATCH", path: "/api/briefs/:briefId", body: { title: "y" }, briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/members", briefScoped: true },
  { method: "PATCH", path: "/api/briefs/:briefId/members/:userId", body: { role: "viewer" }, briefScoped: true },
  { method: "DELETE", path: "/api/briefs/:briefId/members/:userId", briefScoped: true },
  { method: "POST", path: "/api/briefs/:briefId/invites", body: { role: "editor" }, briefScoped: true },
  { method: "POST", path: "/api/invites/:token/accept", briefScoped: false },
  { method: "GET", path: "/api/briefs/:briefId/invites", briefScoped: true },
  { method: "DELETE", path: "/api/briefs/:briefId/invites/:inviteId", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/sectors", briefScoped: true },
  { method: "POST", path: "/api/briefs/:briefId/sectors", body: { name: "Tourism" }, briefScoped: true },
  { method: "PATCH", path: "/api/briefs/:briefId/sectors/:sectorId", body: { name: "Power" }, briefScoped: true },
  { method: "DELETE", path: "/api/briefs/:briefId/sectors/:sectorId", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/recommendations", briefScoped: true },
  {
    method: "POST",
    path: "/api/briefs/:briefId/recommendations",
    body: { sectorId: ":sectorId", title: "t" },
    briefScoped: true,
  },
  { method: "GET", path: "/api/briefs/:briefId/recommendations/:recId", briefScoped: true },
  { method: "PATCH", path: "/api/briefs/:briefId/recommendations/:recId", body: { title: "t2" }, briefScoped: true },
  { method: "DELETE", path: "/api/briefs/:briefId/recommendations/:recId", briefScoped: true },
  {
    method: "POST",
    path: "/api/briefs/:briefId/recommendations/:recId/transitions",
    body: { to: "in_review" },
    briefScoped: true,
  },
  {
    method: "POST",
    path: "/api/briefs/:briefId/reports",
    body: { title: "Notes", format: "text", content: "Introduction\n\nA paragraph of notes." },
    briefScoped: true,
  },
  { method: "GET", path: "/api/briefs/:briefId/reports", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/reports/some-report-id", briefScoped: true },
  {
    method: "PATCH",
    path: "/api/briefs/:briefId/reports/some-report-id",
    body: { title: "Renamed" },
    briefScoped: true,
  },
  { method: "DELETE", path: "/api/briefs/:briefId/reports/some-report-id", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/evidence?q=trade&limit=5", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/evidence/some-evidence-id", briefScoped: true },
  // Review. A viewer is refused (403) before the thread or comment is looked up, so sample ids do.
  { method: "GET", path: "/api/briefs/:briefId/recommendations/:recId/threads", briefScoped: true },
  {
    method: "POST",
    path: "/api/briefs/:briefId/recommendations/:recId/threads",
    body: {
      anchor: { from: { item: { client: 1, clock: 0 }, assoc: 0 }, to: { item: { client: 1, clock: 3 }, assoc: -1 } },
      quote: "text",
      body: "Why?",
    },
    briefScoped: true,
  },
  {
    method: "PATCH",
    path: "/api/briefs/:briefId/recommendations/:recId/threads/some-thread-id",
    body: { status: "resolved" },
    briefScoped: true,
  },
  {
    method: "POST",
    path: "/api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments",
    body: { body: "Agreed." },
    briefScoped: true,
  },
  {
    method: "PATCH",
    path: "/api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments/some-comment-id",
    body: { body: "Edited." },
    briefScoped: true,
  },
  {
    method: "DELETE",
    path: "/api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments/some-comment-id",
    briefScoped: true,
  },
  { method: "GET", path: "/api/briefs/:briefId/recommendations/:recId/versions", briefScoped: true },
  {
    method: "POST",
    path: "/api/briefs/:briefId/recommendations/:recId/versions",
    body: { name: "Before the call" },
    briefScoped: true,
  },
  { method: "GET", path: "/api/briefs/:briefId/recommendations/:recId/versions/last-review", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/recommendations/:recId/versions/some-version-id", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/activity?limit=5", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/dashboard", briefScoped: true },
  // Export: leads only; the 403 for other roles is pinned in export.test.ts (this sweep's viewer test covers mutations).
  { method: "GET", path: "/api/briefs/:briefId/export?format=md", briefScoped: true },
  { method: "GET", path: "/api/briefs/:briefId/export/preview", briefScoped: true },
];

export function fill<T>(value: T, ids: Record<string, string>): T {
  const json = JSON.stringify(value ?? null).replace(
    /:(briefId|recId|sectorId|userId|token|inviteId)/g,
    (_m, key: string) => ids[key] ?? `no-such-${key}`,
  );
  return JSON.parse(json) as T;
}
