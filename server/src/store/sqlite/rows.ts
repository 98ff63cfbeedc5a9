import type { Brief, Invite, Member, Membership, Recommendation, Role, Sector, Status, User } from "@accord/domain";

/**
 * Row shapes as SQLite returns them and their mapping to entities. Columns are
 * aliased to camelCase in the SELECTs, so most rows are the entity itself; only
 * JSON columns need decoding.
 */
export type UserRow = User & { passwordHash: string };
export type SessionRow = { userId: string; expiresAt: string };
/** SQLite has no booleans: `suggestEditsInReview` is 0 or 1 in a row. */
export type BriefRow = Omit<Brief, "suggestEditsInReview"> & { suggestEditsInReview: number };
export type BriefWithRoleRow = BriefRow & { role: Role };
export type MembershipRow = Membership;
export type MemberRow = Member;
export type InviteRow = Invite;
export type SectorRow = Sector;
export type RecommendationRow = Omit<Recommendation, "citedEvidenceIds" | "citationIds" | "status"> & {
  status: Status;
  citedEvidenceIds: string;
  citationIds: string;
};

export const USER_COLUMNS = `id, email, name, created_at AS createdAt`;
export const BRIEF_COLUMNS = `id, title, description, created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt,
  citation_style AS citationStyle, suggest_edits_in_review AS suggestEditsInReview`;
export const MEMBERSHIP_COLUMNS = `brief_id AS briefId, user_id AS userId, role, joined_at AS joinedAt`;
export const INVITE_COLUMNS = `id, token_hash AS tokenHash, brief_id AS briefId, email, role, created_by AS createdBy,
  created_at AS createdAt, expires_at AS expiresAt, accepted_by AS acceptedBy`;
export const SECTOR_COLUMNS = `id, brief_id AS briefId, name, description, position`;
export const RECOMMENDATION_COLUMNS = `r.id, r.brief_id AS briefId, r.sector_id AS sectorId, r.title, r.status,
  r.owner_id AS ownerId, r.position, r.cited_evidence_ids AS citedEvidenceIds, r.citation_ids AS citationIds,
  r.created_at AS createdAt, r.updated_at AS updatedAt`;

export function toUser(row: UserRow | User): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: row.createdAt };
}

export function toBrief<R extends BriefRow>(row: R): Omit<R, "suggestEditsInReview"> & Brief {
  return { ...row, suggestEditsInReview: row.suggestEditsInReview !== 0 };
}

export function fromBrief(brief: Brief): BriefRow {
  return { ...brief, suggestEditsInReview: brief.suggestEditsInReview ? 1 : 0 };
}

export function toRecommendation(row: RecommendationRow): Recommendation {
  return {
    ...row,
    citedEvidenceIds: JSON.parse(row.citedEvidenceIds) as string[],
    citationIds: JSON.parse(row.citationIds) as string[],
  };
}
