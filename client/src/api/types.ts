import type {
  Brief,
  BriefAbilities,
  Member,
  Recommendation,
  RecommendationAbilities,
  Role,
  Sector,
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
}

export interface CreatedInvite {
  token: string;
  url: string;
}

export type { Brief, Member, Sector };

/** A number a passage states, as the importer parsed it. */
export interface EvidenceFigure {
  kind: string;
  raw: string;
  value: number;
  unit: string;
  start: number;
}

/** One passage of an imported report, the thing a recommendation cites. */
export interface Evidence {
  id: string;
  reportId: string;
  reportTitle: string;
  /** The section's title, or null for text before the first heading. */
  section: string | null;
  page: number;
  kind: "paragraph" | "list_item";
  text: string;
  sources: string[];
  footnotes: number[];
  figures: EvidenceFigure[];
  /** Ranges of `text` that match the query, as [start, end) offsets. */
  highlights?: Array<[number, number]>;
}

export type ReportFormat = "text" | "markdown" | "pdf" | "docx";

/** A report as listed: its counts, not its text. */
export interface ReportSummary {
  id: string;
  title: string;
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
  sectorLike: boolean;
  sectorName: string | null;
}

export type CitedPassage = Evidence & { citedBy: Array<{ recommendationId: string; title: string }> };

export interface ReportPage {
  number: number;
  passages: CitedPassage[];
  footnotes: Array<{ number: number; url: string | null; text: string }>;
}

export interface ReportDetails {
  id: string;
  title: string;
  format: ReportFormat;
  createdAt: string;
  sections: ReportSection[];
  pages: ReportPage[];
}

export interface EvidenceQuery {
  q?: string;
  reportId?: string;
  section?: string;
  limit?: number;
  ids?: string[];
}
