/**
 * What the REST API answers, as types the server's presenters are checked against (`satisfies`
 * or return types) and the client reads: one declaration per shape, so the two cannot drift.
 * Types only, built from @accord/domain's entities: nothing here runs, and nothing of the server
 * (store, Express) is imported.
 */
import type {
  ActivityType,
  Brief,
  BriefAbilities,
  Comment,
  CommentAbilities,
  Member,
  Recommendation,
  RecommendationAbilities,
  Role,
  Sector,
  Status,
  Thread,
  ThreadAbilities,
} from "@accord/domain";
import type { ClaimFinding } from "@accord/claims";

/** What the API says about the person logged in (never a password hash or a session). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** One brief in `GET /api/briefs`. */
export interface BriefSummary {
  id: string;
  title: string;
  description: string;
  role: Role;
  updatedAt?: string;
}

/** `GET /api/briefs/:briefId`: the brief with the caller's role and what that role may do. */
export interface BriefDetails {
  brief: Brief;
  role: Role;
  abilities: BriefAbilities;
}

export type { Brief, Member, Sector };

export type RecommendationView = Recommendation & { abilities: RecommendationAbilities };

export interface InviteDetails {
  briefId: string;
  briefTitle: string;
  role: Role;
  invitedBy: string;
  /** Present when only the account with this e-mail may accept the invite. */
  email?: string;
}

export interface CreatedInvite {
  id: string;
  token: string;
  url: string;
  email: string | null;
  expiresAt: string;
}

/** An invite not yet accepted, as a brief's leads see it (never its token). */
export interface PendingInvite {
  id: string;
  role: Role;
  email: string | null;
  createdBy: { id: string; name: string };
  createdAt: string;
  expiresAt: string;
}

/** Who may create an account on this server (GET /api/auth/signup-policy). */
export interface SignupPolicy {
  mode: "open" | "invite" | "domains";
  domains?: string[];
  /** Signups are confirmed by an e-mailed link (the server has SMTP). */
  emailConfirmation: boolean;
}

/** A new account and the brief its invite joined (if any), or a link sent by e-mail. */
export type SignupResult =
  | { user: SessionUser; joined: { briefId: string; role: Role } | null }
  | { status: "confirm_email" };

/** A number a passage states, as the importer parsed it. */
export interface EvidenceFigure {
  kind: string;
  raw: string;
  value: number;
  unit: string;
  start: number;
}

/** One footnote as a passage's source: its number, the citation as written, and its URLs. */
export interface EvidenceNote {
  number: number;
  text: string;
  urls: string[];
}

/** One passage of an imported report, the thing a recommendation cites. */
export interface Evidence {
  id: string;
  reportId: string;
  reportTitle: string;
  /** The section's title, or null for text before the first heading. */
  section: string | null;
  page: number;
  /** A caption is a figure's or table's title, not running text. */
  kind: "paragraph" | "list_item" | "caption";
  /**
   * `markers`: the notes its own footnote markers point to. `page`: the report has no
   * markers, so these are every note of its page, and not all of them may apply.
   */
  sourcesFrom: "markers" | "page";
  /** Where each footnote marker stood in `text` (CITATIONS.md §1). */
  markers: Array<{ number: number; at: number }>;
  text: string;
  /** Every URL of its notes, once each. */
  sources: string[];
  /** Its footnotes in its order, each with its whole citation text. */
  notes: EvidenceNote[];
  footnotes: number[];
  figures: EvidenceFigure[];
  /** Ranges of `text` that match the query, as [start, end) offsets. */
  highlights?: Array<[number, number]>;
}

export type ReportFormat = "text" | "markdown" | "pdf" | "docx";

/** What the report says about itself (read at import, corrected by a lead). `title` is the report's title. */
export interface ReportMetadata {
  title: string;
  authors: string[];
  publisher: string | null;
  /** "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
  date: string | null;
  reportNumber: string | null;
}

/** A report as listed: its counts, not its text. */
export interface ReportSummary {
  id: string;
  briefId: string;
  title: string;
  metadata: ReportMetadata;
  format: ReportFormat;
  createdAt: string;
  sections: number;
  pages: number;
  passages: number;
  footnotes: number;
}

export interface SuggestedSector {
  /** The heading as written in the report, e.g. "RARE EARTH ELEMENTS". */
  section: string;
  /** The suggested sector name, e.g. "Rare Earth Elements". */
  name: string;
  /** A sector of that name already exists in the brief. */
  exists: boolean;
}

/** `POST …/reports`: the report imported, and the sectors its headings suggest. */
export interface ImportedReportResult {
  report: ReportSummary;
  suggestedSectors: SuggestedSector[];
}

export interface ReportSection {
  index: number;
  title: string;
  level?: number;
  sectorLike: boolean;
  sectorName: string | null;
}

export type CitedPassage = Evidence & { citedBy: Array<{ recommendationId: string; title: string }> };

export interface ReportPage {
  number: number;
  passages: CitedPassage[];
  footnotes: Array<{ number: number; url: string | null; urls: string[]; text: string }>;
}

export interface ReportDetails {
  id: string;
  title: string;
  metadata: ReportMetadata;
  format: ReportFormat;
  createdAt: string;
  sections: ReportSection[];
  pages: ReportPage[];
}

/** A 409 from DELETE: the recommendations citing the report's passages. */
export interface ReportCitation {
  recommendationId: string;
  title: string;
  sectorId: string;
}

/** Where a thread's range is in the body now, as the server resolved it. */
export type AnchorState = { state: "attached"; text: string } | { state: "detached" };

export interface CommentView extends Pick<Comment, "id" | "threadId" | "authorId" | "body" | "createdAt" | "editedAt"> {
  authorName: string;
  /** User ids of the members named with @ in the body. */
  mentions: string[];
  abilities: CommentAbilities;
}

/**
 * A review thread on a range of a recommendation's body, with its comments. The anchor is two
 * Yjs relative positions as JSON; only the editor decodes them.
 */
export interface ThreadView extends Thread {
  anchorState: AnchorState;
  comments: CommentView[];
  abilities: ThreadAbilities;
}

/** Every kind the server records: the domain's list, never a copy. */
export type { ActivityType };

export interface ActivityView {
  id: string;
  type: ActivityType;
  recommendationId: string | null;
  recommendationTitle: string | null;
  actor: { userId: string; name: string };
  /** Depends on the type, e.g. `{from, to, note}` for a status change, `{threadId, quote}` for a thread. */
  data: Record<string, unknown>;
  createdAt: string;
}

export interface DashboardCounts {
  counts: Record<Status, number>;
  openThreads: number;
  withoutCitations: number;
  /** Open (not ignored) figure findings of the sector's recommendations, summed (issue 19). */
  claims: ClaimCounts;
}

export interface Dashboard {
  sectors: Array<{ sectorId: string; name: string } & DashboardCounts>;
  totals: DashboardCounts;
  recentActivity: ActivityView[];
  /** Each recommendation of the brief with its open figure findings (issue 19), in no particular order. */
  recommendations: Array<{ recommendationId: string; sectorId: string; claims: ClaimCounts }>;
}

/** Why a person is notified; the store keeps the same list (a server test holds them equal). */
export const NOTIFICATION_KINDS = ["mention", "reply", "review_requested", "approved", "changes_requested"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification as `GET /api/notifications` answers it (and as a digest mails it). */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  read: boolean;
  createdAt: string;
  brief: { id: string; title: string };
  recommendation: { id: string; title: string };
  threadId: string | null;
  commentId: string | null;
  actor: { id: string; name: string };
  excerpt: string | null;
  /** Where it is shown in the app: the recommendation, with the thread opened when there is one. */
  path: string;
}

export interface NotificationPage {
  notifications: NotificationView[];
  unreadCount: number;
  nextBefore: string | null;
}

export interface NotificationSettings {
  email: boolean;
  /** Whether this server sends e-mail at all (SMTP_URL is set). */
  emailAvailable: boolean;
}

/** Why a version of a recommendation's body was saved (issue 18). */
export type VersionKind = "transition" | "named" | "auto" | "restore";

/**
 * One saved version of a recommendation's body, as `GET …/recommendations/:recId/versions`
 * lists it (newest first). `name` is what the history panel shows: the transition's label
 * ("Submitted for review"), the name someone gave it, "Edited" for an automatic one, or
 * `Restored “<name>”`. `authorIds`: who made it (the person who moved the status, named or
 * restored it; for an automatic version, everyone whose edits it gathers, at most 20).
 */
export interface VersionSummary {
  id: string;
  recommendationId: string;
  kind: VersionKind;
  name: string;
  authorIds: string[];
  /** The recommendation's status when the version was saved. */
  status: Status;
  createdAt: string;
  /** For `restore`: the version it brought back. */
  restoredFrom: string | null;
}

/** `GET …/versions/:versionId`: the version and its body, a ProseMirror JSON document of the shared schema. */
export interface VersionDetails {
  version: VersionSummary;
  body: unknown;
}

/** Open (not ignored) findings of the claim check, by kind (issue 19). */
export interface ClaimCounts {
  mismatch: number;
  unsupported: number;
  notFound: number;
  inconsistent: number;
}

/** Who ignored a finding, why and when. */
export interface ClaimIgnore {
  reason: string;
  userId: string;
  userName: string;
  at: string;
}

/** A finding of the claim check as the API answers it: @accord/claims' ClaimFinding, and whether someone ignored it. */
export type ClaimFindingView = ClaimFinding & { ignored: ClaimIgnore | null };

/**
 * `GET /api/briefs/:briefId/recommendations/:recId/claims`: the figures of the stored body that
 * disagree with (or lack) their evidence. `checkedAt` null: not checked yet (one is scheduled).
 * `counts` leave ignored findings out; `findings` hold them, with `ignored` set.
 */
export interface ClaimsView {
  checkedAt: string | null;
  counts: ClaimCounts;
  findings: ClaimFindingView[];
}

/** The longest reason one may give for ignoring a finding. */
export const MAX_CLAIM_IGNORE_REASON = 500;
