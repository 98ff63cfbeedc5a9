import type { Role } from "./roles.js";
import type { Status } from "./status.js";

/** Timestamps are ISO-8601 strings in UTC everywhere: the store, the API and the client. */
export type IsoDate = string;

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: IsoDate;
}

export interface Brief {
  id: string;
  title: string;
  description: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  /** A bundled CSL style id, or "custom" (the lead's own CSL file). */
  citationStyle: string;
  /**
   * Whether editors start in suggesting mode while a recommendation is `in_review` (issue 18).
   * The lead sets it; a brief starts with it on.
   */
  suggestEditsInReview: boolean;
}

/** The style a brief starts with: Chicago notes-bibliography, full note first, short note after. */
export const DEFAULT_CITATION_STYLE = "chicago-fullnote-bibliography";
/** `Brief.citationStyle` when the brief uses the lead's uploaded CSL file. */
export const CUSTOM_CITATION_STYLE = "custom";

export interface Membership {
  briefId: string;
  userId: string;
  role: Role;
  joinedAt: IsoDate;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

export interface Sector {
  id: string;
  briefId: string;
  name: string;
  description: string;
  position: number;
}

export interface Recommendation {
  id: string;
  briefId: string;
  sectorId: string;
  title: string;
  status: Status;
  ownerId: string;
  position: number;
  citedEvidenceIds: string[];
  /** The body's citation nodes naming a citation of this brief, in body order (CitationTracker). */
  citationIds: string[];
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface Invite {
  /** The invite's public name (listing, revoking); unrelated to the token. */
  id: string;
  /** sha-256 of the token: the token itself is only ever in the link. */
  tokenHash: string;
  briefId: string;
  /** Lower-cased. When set, only the account with this e-mail may accept the invite. */
  email: string | null;
  role: Role;
  createdBy: string;
  createdAt: IsoDate;
  expiresAt: IsoDate;
  acceptedBy: string | null;
}

/** The exact words cited, as `[start, end)` of the passage's text (UTF-16 offsets). */
export interface CitationQuote {
  text: string;
  start: number;
  end: number;
}

/**
 * A citation of a passage (with its quote and chosen sources) or, directly, of a source of the
 * brief's bibliography. packages/export/CITATIONS.md §2.
 */
export interface Citation {
  id: string;
  briefId: string;
  /** A passage citation: the cited passage and its report. Null for a direct source citation. */
  evidenceId: string | null;
  reportId: string | null;
  /** The exact words cited; null = the whole passage. */
  quote: CitationQuote | null;
  /** Footnote numbers of the passage's report chosen as its sources. */
  notes: number[];
  /** Sources of the brief's bibliography chosen as its sources. */
  sourceIds: string[];
  /** False only while a page-sourced passage's sources were never chosen. */
  sourcesChosen: boolean;
  /** A direct citation of a bibliography source: its id; else null. */
  sourceId: string | null;
  /** For a direct citation: "p. 12", "chap. 3"… (≤ 100 chars); else null. */
  locator: string | null;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** A CSL name: a person, or an organisation as one literal. */
export type CslName = { family: string; given?: string } | { literal: string };

/** A CSL date: year, optional month and day. */
export interface CslDate {
  "date-parts": [[number] | [number, number] | [number, number, number]];
}

/** The item types CSL 1.0.2 defines. */
export const CSL_TYPES = [
  "article",
  "article-journal",
  "article-magazine",
  "article-newspaper",
  "bill",
  "book",
  "broadcast",
  "chapter",
  "classic",
  "collection",
  "dataset",
  "document",
  "entry",
  "entry-dictionary",
  "entry-encyclopedia",
  "event",
  "figure",
  "graphic",
  "hearing",
  "interview",
  "legal_case",
  "legislation",
  "manuscript",
  "map",
  "motion_picture",
  "musical_score",
  "pamphlet",
  "paper-conference",
  "patent",
  "performance",
  "periodical",
  "personal_communication",
  "post",
  "post-weblog",
  "regulation",
  "report",
  "review",
  "review-book",
  "software",
  "song",
  "speech",
  "standard",
  "thesis",
  "treaty",
  "webpage",
] as const;

export type CslType = (typeof CSL_TYPES)[number];

/** CSL-JSON without `id` (the source id is the item's id). Checked by packages/export's `validateCslItem`. */
export interface CslItem {
  type: CslType;
  title: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: CslDate;
  accessed?: CslDate;
  URL?: string;
  DOI?: string;
  ISBN?: string;
  publisher?: string;
  "publisher-place"?: string;
  "container-title"?: string;
  volume?: string;
  issue?: string;
  page?: string;
  edition?: string;
  number?: string;
}

/** A source of the brief's bibliography beyond its reports (a web page, a book, an article). */
export interface BriefSource {
  id: string;
  briefId: string;
  csl: CslItem;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

/** A marker in a passage's text: footnote `number` stood at UTF-16 offset `at`. */
export interface PassageMarker {
  number: number;
  at: number;
}
