import type { Role, Status } from "@accord/domain";
import type { Request } from "./request";
import type {
  ActivityView,
  Brief,
  BriefDetails,
  BriefSummary,
  CommentView,
  CreatedInvite,
  Dashboard,
  Evidence,
  InviteDetails,
  Member,
  PendingInvite,
  RecommendationView,
  ReportDetails,
  ReportMetadata,
  ReportSummary,
  Sector,
  SessionUser,
  SignupPolicy,
  SignupResult,
  ThreadView,
} from "@accord/protocol";

const segment = encodeURIComponent;

/** What an evidence search asks for (`GET …/evidence`); `ids` fetches those passages. */
export interface EvidenceQuery {
  q?: string;
  reportId?: string;
  section?: string;
  limit?: number;
  ids?: string[];
}

function evidenceSearch(query: EvidenceQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.reportId) params.set("reportId", query.reportId);
  if (query.section) params.set("section", query.section);
  if (query.limit !== undefined) params.set("limit", String(query.limit));
  if (query.ids && query.ids.length > 0) params.set("ids", query.ids.join(","));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** Every REST call the client makes, named after what it does. See API.md for the contract. */
export function createApi(request: Request) {
  const brief = (briefId: string) => `/api/briefs/${segment(briefId)}`;

  const threads = (briefId: string, recId: string) => `${brief(briefId)}/recommendations/${segment(recId)}/threads`;
  const comments = (briefId: string, recId: string, threadId: string) =>
    `${threads(briefId, recId)}/${segment(threadId)}/comments`;

  return {
    auth: {
      me: () => request<{ user: SessionUser }>("GET", "/api/me", { sessionRequired: false }),
      signup: (body: { email: string; name: string; password: string; inviteToken?: string }) =>
        request<SignupResult>("POST", "/api/auth/signup", { body, sessionRequired: false }),
      confirm: (token: string) =>
        request<{ user: SessionUser; joined: { briefId: string; role: Role } | null }>("POST", "/api/auth/confirm", {
          body: { token },
          sessionRequired: false,
        }),
      signupPolicy: () => request<SignupPolicy>("GET", "/api/auth/signup-policy", { sessionRequired: false }),
      login: (body: { email: string; password: string }) =>
        request<{ user: SessionUser }>("POST", "/api/auth/login", { body, sessionRequired: false }),
      logout: () => request<void>("POST", "/api/auth/logout", { sessionRequired: false }),
      logoutEverywhere: () => request<void>("POST", "/api/auth/logout-everywhere", { sessionRequired: false }),
      /** 400 names `currentPassword` (wrong) or `newPassword` (too weak); the other sessions end. */
      changePassword: (body: { currentPassword: string; newPassword: string }) =>
        request<void>("POST", "/api/auth/password", { body }),
    },

    briefs: {
      list: () => request<{ briefs: BriefSummary[] }>("GET", "/api/briefs"),
      create: (body: { title: string; description?: string }) =>
        request<{ brief: Brief }>("POST", "/api/briefs", { body }),
      get: (briefId: string) => request<BriefDetails>("GET", brief(briefId)),
      update: (briefId: string, body: { title?: string; description?: string; suggestEditsInReview?: boolean }) =>
        request<{ brief: Brief }>("PATCH", brief(briefId), { body }),
    },

    members: {
      list: (briefId: string) => request<{ members: Member[] }>("GET", `${brief(briefId)}/members`),
      setRole: (briefId: string, userId: string, role: Role) =>
        request<{ member: Member }>("PATCH", `${brief(briefId)}/members/${segment(userId)}`, { body: { role } }),
      remove: (briefId: string, userId: string) =>
        request<void>("DELETE", `${brief(briefId)}/members/${segment(userId)}`),
    },

    invites: {
      create: (briefId: string, role: Role, email?: string) =>
        request<CreatedInvite>("POST", `${brief(briefId)}/invites`, { body: email ? { role, email } : { role } }),
      list: (briefId: string) => request<{ invites: PendingInvite[] }>("GET", `${brief(briefId)}/invites`),
      revoke: (briefId: string, inviteId: string) =>
        request<void>("DELETE", `${brief(briefId)}/invites/${segment(inviteId)}`),
      get: (token: string) =>
        request<InviteDetails>("GET", `/api/invites/${segment(token)}`, { sessionRequired: false }),
      accept: (token: string) =>
        request<{ briefId: string; role: Role }>("POST", `/api/invites/${segment(token)}/accept`),
    },

    sectors: {
      list: (briefId: string) => request<{ sectors: Sector[] }>("GET", `${brief(briefId)}/sectors`),
      create: (briefId: string, body: { name: string; description?: string }) =>
        request<{ sector: Sector }>("POST", `${brief(briefId)}/sectors`, { body }),
      update: (briefId: string, sectorId: string, body: { name?: string; description?: string; position?: number }) =>
        request<{ sector: Sector }>("PATCH", `${brief(briefId)}/sectors/${segment(sectorId)}`, { body }),
      remove: (briefId: string, sectorId: string) =>
        request<void>("DELETE", `${brief(briefId)}/sectors/${segment(sectorId)}`),
    },

    recommendations: {
      list: (briefId: string) =>
        request<{ recommendations: RecommendationView[] }>("GET", `${brief(briefId)}/recommendations`),
      get: (briefId: string, recId: string) =>
        request<{ recommendation: RecommendationView }>("GET", `${brief(briefId)}/recommendations/${segment(recId)}`),
      create: (briefId: string, body: { sectorId: string; title: string }) =>
        request<{ recommendation: RecommendationView }>("POST", `${brief(briefId)}/recommendations`, { body }),
      update: (
        briefId: string,
        recId: string,
        body: { title?: string; ownerId?: string; sectorId?: string; position?: number },
      ) =>
        request<{ recommendation: RecommendationView }>(
          "PATCH",
          `${brief(briefId)}/recommendations/${segment(recId)}`,
          {
            body,
          },
        ),
      remove: (briefId: string, recId: string) =>
        request<void>("DELETE", `${brief(briefId)}/recommendations/${segment(recId)}`),
      /** `confirmMismatches`: approve although figures disagree with their evidence (else 409 `open_mismatches`, issue 19). */
      transition: (briefId: string, recId: string, body: { to: Status; note?: string; confirmMismatches?: true }) =>
        request<{ recommendation: RecommendationView }>(
          "POST",
          `${brief(briefId)}/recommendations/${segment(recId)}/transitions`,
          { body },
        ),
    },

    reports: {
      list: (briefId: string, signal?: AbortSignal) =>
        request<{ reports: ReportSummary[] }>("GET", `${brief(briefId)}/reports`, { signal }),
      get: (briefId: string, reportId: string, signal?: AbortSignal) =>
        request<{ report: ReportDetails }>("GET", `${brief(briefId)}/reports/${segment(reportId)}`, { signal }),
      /** Rename it or correct what it says about itself (a lead). */
      update: (briefId: string, reportId: string, body: Partial<ReportMetadata>) =>
        request<{ report: ReportSummary }>("PATCH", `${brief(briefId)}/reports/${segment(reportId)}`, { body }),
      /** Refused with 409 (`details.citedBy`) while a recommendation cites it. */
      remove: (briefId: string, reportId: string) =>
        request<void>("DELETE", `${brief(briefId)}/reports/${segment(reportId)}`),
      /** The path a file is uploaded to (see uploadReport.ts, which needs XMLHttpRequest for progress). */
      uploadPath: (briefId: string) => `${brief(briefId)}/reports`,
    },

    threads: {
      list: (briefId: string, recId: string, signal?: AbortSignal) =>
        request<{ threads: ThreadView[] }>("GET", threads(briefId, recId), { signal }),
      /** `suggestionId` makes it a suggestion's reply thread (anchored on the suggestion's text). */
      create: (
        briefId: string,
        recId: string,
        body: { anchor: ThreadView["anchor"]; quote: string; body: string; suggestionId?: string },
      ) => request<{ thread: ThreadView }>("POST", threads(briefId, recId), { body }),
      setStatus: (briefId: string, recId: string, threadId: string, status: ThreadView["status"]) =>
        request<{ thread: ThreadView }>("PATCH", `${threads(briefId, recId)}/${segment(threadId)}`, {
          body: { status },
        }),
      reply: (briefId: string, recId: string, threadId: string, body: string) =>
        request<{ comment: CommentView }>("POST", comments(briefId, recId, threadId), { body: { body } }),
      editComment: (briefId: string, recId: string, threadId: string, commentId: string, body: string) =>
        request<{ comment: CommentView }>("PATCH", `${comments(briefId, recId, threadId)}/${segment(commentId)}`, {
          body: { body },
        }),
      deleteComment: (briefId: string, recId: string, threadId: string, commentId: string) =>
        request<void>("DELETE", `${comments(briefId, recId, threadId)}/${segment(commentId)}`),
    },

    activity: {
      list: (briefId: string, query: { recommendationId?: string; limit?: number } = {}, signal?: AbortSignal) => {
        const params = new URLSearchParams();
        if (query.recommendationId) params.set("recommendationId", query.recommendationId);
        if (query.limit !== undefined) params.set("limit", String(query.limit));
        const search = params.toString();
        return request<{ activity: ActivityView[] }>("GET", `${brief(briefId)}/activity${search ? `?${search}` : ""}`, {
          signal,
        });
      },
    },

    dashboard: {
      get: (briefId: string, signal?: AbortSignal) =>
        request<Dashboard>("GET", `${brief(briefId)}/dashboard`, { signal }),
    },

    evidence: {
      search: (briefId: string, query: EvidenceQuery, signal?: AbortSignal) =>
        request<{ evidence: Evidence[] }>("GET", `${brief(briefId)}/evidence${evidenceSearch(query)}`, { signal }),
      get: (briefId: string, evidenceId: string, signal?: AbortSignal) =>
        request<{ evidence: Evidence }>("GET", `${brief(briefId)}/evidence/${segment(evidenceId)}`, { signal }),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
