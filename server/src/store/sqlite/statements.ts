import type { Role } from "@accord/domain";
import type Database from "better-sqlite3";
import type { SignupRequest } from "../Store.js";
import {
  BRIEF_COLUMNS,
  type BriefRow,
  type BriefWithRoleRow,
  INVITE_COLUMNS,
  type InviteRow,
  MEMBERSHIP_COLUMNS,
  type MemberRow,
  type MembershipRow,
  RECOMMENDATION_COLUMNS,
  type RecommendationRow,
  SECTOR_COLUMNS,
  type SectorRow,
  type SessionRow,
  USER_COLUMNS,
  type UserRow,
} from "./rows.js";

type MembershipParams = { briefId: string; userId: string; role: Role; joinedAt: string };

/** Every statement of the domain tables, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    insertUser: db.prepare<UserRow, void>(
      `INSERT INTO users (id, email, name, password_hash, created_at)
       VALUES (@id, @email, @name, @passwordHash, @createdAt)`,
    ),
    getUser: db.prepare<[string], UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`),
    findUserByEmail: db.prepare<[string], UserRow>(
      `SELECT ${USER_COLUMNS}, password_hash AS passwordHash FROM users WHERE email = ?`,
    ),

    insertSession: db.prepare<{ idHash: string; userId: string; expiresAt: string }, void>(
      `INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (@idHash, @userId, @expiresAt)`,
    ),
    getSession: db.prepare<[string], SessionRow>(
      `SELECT user_id AS userId, expires_at AS expiresAt FROM sessions WHERE id_hash = ?`,
    ),
    deleteSession: db.prepare<[string], void>(`DELETE FROM sessions WHERE id_hash = ?`),
    deleteSessionsOfUser: db.prepare<[string, string | null], { idHash: string }>(
      `DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ? RETURNING id_hash AS idHash`,
    ),
    deleteExpiredSessionsOfUser: db.prepare<[string, string], void>(
      `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`,
    ),
    setPasswordHash: db.prepare<[string, string], void>(`UPDATE users SET password_hash = ? WHERE id = ?`),

    insertBrief: db.prepare<BriefRow, void>(
      `INSERT INTO briefs (id, title, description, created_by, created_at, updated_at, citation_style,
                           suggest_edits_in_review)
       VALUES (@id, @title, @description, @createdBy, @createdAt, @updatedAt, @citationStyle, @suggestEditsInReview)`,
    ),
    getBrief: db.prepare<[string], BriefRow>(`SELECT ${BRIEF_COLUMNS} FROM briefs WHERE id = ?`),
    updateBrief: db.prepare<BriefRow, void>(
      `UPDATE briefs SET title = @title, description = @description, citation_style = @citationStyle,
              suggest_edits_in_review = @suggestEditsInReview, updated_at = @updatedAt
        WHERE id = @id`,
    ),
    listBriefsForUser: db.prepare<[string], BriefWithRoleRow>(
      `SELECT b.id, b.title, b.description, b.created_by AS createdBy, b.created_at AS createdAt,
              b.updated_at AS updatedAt, b.citation_style AS citationStyle,
              b.suggest_edits_in_review AS suggestEditsInReview, m.role
         FROM memberships m JOIN briefs b ON b.id = m.brief_id
        WHERE m.user_id = ?
        ORDER BY b.updated_at DESC, b.id`,
    ),

    getMembership: db.prepare<[string, string], MembershipRow>(
      `SELECT ${MEMBERSHIP_COLUMNS} FROM memberships WHERE brief_id = ? AND user_id = ?`,
    ),
    upsertMembership: db.prepare<MembershipParams, void>(
      `INSERT INTO memberships (brief_id, user_id, role, joined_at) VALUES (@briefId, @userId, @role, @joinedAt)
       ON CONFLICT (brief_id, user_id) DO UPDATE SET role = excluded.role`,
    ),
    insertMembershipIfAbsent: db.prepare<MembershipParams, void>(
      `INSERT INTO memberships (brief_id, user_id, role, joined_at) VALUES (@briefId, @userId, @role, @joinedAt)
       ON CONFLICT (brief_id, user_id) DO NOTHING`,
    ),
    deleteMembership: db.prepare<[string, string], void>(`DELETE FROM memberships WHERE brief_id = ? AND user_id = ?`),
    listMembers: db.prepare<[string], MemberRow>(
      `SELECT m.user_id AS userId, u.name, u.email, m.role
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.brief_id = ?
        ORDER BY u.name, u.email`,
    ),

    insertInvite: db.prepare<InviteRow, void>(
      `INSERT INTO invites (id, token_hash, brief_id, email, role, created_by, created_at, expires_at, accepted_by)
       VALUES (@id, @tokenHash, @briefId, @email, @role, @createdBy, @createdAt, @expiresAt, @acceptedBy)`,
    ),
    getInvite: db.prepare<[string], InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites WHERE token_hash = ?`),
    listPendingInvites: db.prepare<[string, string], InviteRow>(
      `SELECT ${INVITE_COLUMNS} FROM invites
        WHERE brief_id = ? AND accepted_by IS NULL AND expires_at > ?
        ORDER BY created_at, id`,
    ),
    deletePendingInvite: db.prepare<[string, string], void>(
      `DELETE FROM invites WHERE brief_id = ? AND id = ? AND accepted_by IS NULL`,
    ),
    insertSignupRequest: db.prepare<SignupRequest, void>(
      `INSERT INTO signup_requests (token_hash, email, name, password_hash, invite_token_hash, created_at, expires_at)
       VALUES (@tokenHash, @email, @name, @passwordHash, @inviteTokenHash, @createdAt, @expiresAt)`,
    ),
    takeSignupRequest: db.prepare<[string], SignupRequest>(
      `DELETE FROM signup_requests WHERE token_hash = ?
       RETURNING token_hash AS tokenHash, email, name, password_hash AS passwordHash,
                 invite_token_hash AS inviteTokenHash, created_at AS createdAt, expires_at AS expiresAt`,
    ),
    deleteExpiredSignupRequests: db.prepare<[string], void>(`DELETE FROM signup_requests WHERE expires_at <= ?`),
    acceptInvite: db.prepare<[string, string], void>(
      `UPDATE invites SET accepted_by = ? WHERE token_hash = ? AND accepted_by IS NULL`,
    ),

    listSectors: db.prepare<[string], SectorRow>(
      `SELECT ${SECTOR_COLUMNS} FROM sectors WHERE brief_id = ? ORDER BY position, id`,
    ),
    getSector: db.prepare<[string], SectorRow>(`SELECT ${SECTOR_COLUMNS} FROM sectors WHERE id = ?`),
    // The highest position, or no row: where a new one goes is positionAfter's (@accord/domain).
    lastSectorPosition: db
      .prepare<[string], number>(`SELECT position FROM sectors WHERE brief_id = ? ORDER BY position DESC LIMIT 1`)
      .pluck(),
    insertSector: db.prepare<SectorRow, void>(
      `INSERT INTO sectors (id, brief_id, name, description, position)
       VALUES (@id, @briefId, @name, @description, @position)`,
    ),
    updateSector: db.prepare<SectorRow, void>(
      `UPDATE sectors SET name = @name, description = @description, position = @position WHERE id = @id`,
    ),
    sectorHasRecommendations: db
      .prepare<[string], number>(`SELECT EXISTS (SELECT 1 FROM recommendations WHERE sector_id = ?)`)
      .pluck(),
    deleteSector: db.prepare<[string], void>(`DELETE FROM sectors WHERE id = ?`),

    listRecommendations: db.prepare<
      { briefId: string; sectorId: string | null; status: string | null },
      RecommendationRow
    >(
      `SELECT ${RECOMMENDATION_COLUMNS}
         FROM recommendations r JOIN sectors s ON s.id = r.sector_id
        WHERE r.brief_id = @briefId
          AND (@sectorId IS NULL OR r.sector_id = @sectorId)
          AND (@status IS NULL OR r.status = @status)
        ORDER BY s.position, s.id, r.position, r.id`,
    ),
    getRecommendation: db.prepare<[string], RecommendationRow>(
      `SELECT ${RECOMMENDATION_COLUMNS} FROM recommendations r WHERE r.id = ?`,
    ),
    lastRecommendationPosition: db
      .prepare<[string], number>(
        `SELECT position FROM recommendations WHERE sector_id = ? ORDER BY position DESC LIMIT 1`,
      )
      .pluck(),
    insertRecommendation: db.prepare<RecommendationRow, void>(
      `INSERT INTO recommendations
         (id, brief_id, sector_id, title, status, owner_id, position, cited_evidence_ids, citation_ids, created_at, updated_at)
       VALUES (@id, @briefId, @sectorId, @title, @status, @ownerId, @position, @citedEvidenceIds, @citationIds, @createdAt, @updatedAt)`,
    ),
    updateRecommendation: db.prepare<RecommendationRow, void>(
      `UPDATE recommendations
          SET sector_id = @sectorId, title = @title, status = @status, owner_id = @ownerId,
              position = @position, cited_evidence_ids = @citedEvidenceIds, citation_ids = @citationIds, updated_at = @updatedAt
        WHERE id = @id`,
    ),
    deleteRecommendation: db.prepare<[string], void>(`DELETE FROM recommendations WHERE id = ?`),
  };
}
