import type {
  ActivityType,
  Brief,
  BriefAbilities,
  Member,
  Recommendation,
  RecommendationAbilities,
  Role,
  Sector,
  Status,
} from "@accord/domain";

/** What the API says about the person logged in (never a password hash or a session). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface BriefSummary {
  id: string;
  title: string;
  description: string;
  role: Role;
  updatedAt?: string;
}

export interface BriefDetails {
  brief: Brief;
  role: Role;
  abilities: BriefAbilities;
}

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

export type { Brief, Member, Sector };

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

export interface ImportedReportResult {
  report: ReportSummary & { briefId: string };
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

export interface EvidenceQuery {
  q?: string;
  reportId?: string;
  section?: string;
  limit?: number;
  ids?: string[];
}

/** Where a thread's range is in the body now, as the server resolved it. */
export type AnchorState = { state: "attached"; text: string } | { state: "detached" };

export interface CommentView {
  id: string;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  /** User ids of the members named with @ in the body. */
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  abilities: { edit: boolean; delete: boolean };
}

/** A review thread on a range of a recommendation's body, with its comments. */
export interface ThreadView {
  id: string;
  recommendationId: string;
  /** Two Yjs relative positions as JSON; only the editor decodes them. */
  anchor: { from: Record<string, unknown>; to: Record<string, unknown> };
  quote: string;
  status: "open" | "resolved";
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  anchorState: AnchorState;
  comments: CommentView[];
  abilities: { comment: boolean; resolve: boolean };
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
}

export interface Dashboard {
  sectors: Array<{ sectorId: string; name: string } & DashboardCounts>;
  totals: DashboardCounts;
  recentActivity: ActivityView[];
}
