import {
  type Brief,
  DEFAULT_CITATION_STYLE,
  type Membership,
  positionAfter,
  type Recommendation,
  type Role,
  type Sector,
} from "@accord/domain";
import type Database from "better-sqlite3";
import { ConflictError } from "../../errors.js";
import { DEFAULT_SNAPSHOT_CHUNK_BYTES } from "../chunks.js";
import { newId } from "../ids.js";
import { newRecommendation } from "../newRecommendation.js";
import type { NewRecommendation, Store } from "../Store.js";
import { type Checkpointer, startCheckpointer } from "./checkpointer.js";
import { createSharedClock } from "./clock.js";
import { createSqliteCitations } from "./citations.js";
import { createSqliteClaims } from "./claims.js";
import { busyTimeoutMs, openDatabase, type SqliteDatabaseOptions, writeTransaction } from "./database.js";
import { createSqliteDocumentLog, sqliteDocumentLogPort } from "./documentLog.js";
import { createSqliteNotifications } from "./notifications.js";
import { createSqliteReports } from "./reports.js";
import { createSqliteReview } from "./review.js";
import {
  fromBrief,
  type InviteRow,
  type RecommendationRow,
  type SectorRow,
  type SessionRow,
  toBrief,
  toRecommendation,
  toUser,
  type UserRow,
} from "./rows.js";
import { prepareStatements } from "./statements.js";
import { createSqliteVersions } from "./versions.js";

export interface SqliteStoreOptions extends SqliteDatabaseOptions {
  /**
   * Largest piece a document snapshot is stored in. SQLite itself does not need
   * chunks below its 1 GB blob limit; the option exists so both adapters store
   * snapshots the same way and tests can force several chunks.
   * @default 8 MiB
   */
  snapshotChunkBytes?: number;
  /** WAL checkpoints run in a worker thread (checkpointer.ts); called if it fails. */
  onCheckpointerError?: (error: Error) => void;
}

/**
 * The embedded adapter: one better-sqlite3 connection, WAL mode, foreign keys on.
 * better-sqlite3 is synchronous, so every method does all its work (and its
 * transaction) before the returned promise settles: two calls never interleave
 * inside this process.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options);
  try {
    const checkpointer = startCheckpointer(db, {
      file: options.file,
      busyTimeoutMs: busyTimeoutMs(options),
      onError: options.onCheckpointerError,
    });
    return createSqliteStore(db, checkpointer, options.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createSqliteStore(db: Database.Database, checkpointer: Checkpointer, snapshotChunkBytes: number): Store {
  const s = prepareStatements(db);
  const documents = createSqliteDocumentLog(db, snapshotChunkBytes);
  const now = createSharedClock(db);
  const reports = createSqliteReports(db, now);
  const review = createSqliteReview(db, now);
  const citations = createSqliteCitations(db, now);
  const notifications = createSqliteNotifications(db, now);
  const versions = createSqliteVersions(db, now);
  const claims = createSqliteClaims(db, now);

  const getMembership = (briefId: string, userId: string): Membership | null =>
    s.getMembership.get(briefId, userId) ?? null;

  const putMember = (briefId: string, userId: string, role: Role): Membership => {
    s.upsertMembership.run({ briefId, userId, role, joinedAt: now() });
    return getMembership(briefId, userId)!;
  };

  const getRecommendation = (id: string): Recommendation | null => {
    const row = s.getRecommendation.get(id);
    return row ? toRecommendation(row) : null;
  };

  const createUser = writeTransaction(db, (input: { email: string; name: string; passwordHash: string }) => {
    const email = input.email.toLowerCase();
    if (s.findUserByEmail.get(email)) {
      throw new ConflictError("An account with this email already exists.", "email");
    }
    const row: UserRow = { id: newId(), email, name: input.name, passwordHash: input.passwordHash, createdAt: now() };
    s.insertUser.run(row);
    return toUser(row);
  });

  const createBrief = writeTransaction(db, (input: { title: string; description: string; createdBy: string }) => {
    const at = now();
    const brief: Brief = {
      id: newId(),
      ...input,
      createdAt: at,
      updatedAt: at,
      citationStyle: DEFAULT_CITATION_STYLE,
      suggestEditsInReview: true,
    };
    s.insertBrief.run(fromBrief(brief));
    s.upsertMembership.run({ briefId: brief.id, userId: input.createdBy, role: "lead", joinedAt: at });
    return brief;
  });

  const updateBrief = writeTransaction(db, (id: string, patch: Parameters<Store["updateBrief"]>[1]): Brief | null => {
    const row = s.getBrief.get(id);
    if (!row) return null;
    const current = toBrief(row);
    const next: Brief = {
      ...current,
      title: patch.title ?? current.title,
      description: patch.description ?? current.description,
      citationStyle: patch.citationStyle ?? current.citationStyle,
      suggestEditsInReview: patch.suggestEditsInReview ?? current.suggestEditsInReview,
      updatedAt: now(),
    };
    s.updateBrief.run(fromBrief(next));
    return next;
  });

  const acceptInvite = writeTransaction(db, (tokenHash: string, userId: string): boolean => {
    const invite = s.getInvite.get(tokenHash);
    if (!invite || invite.acceptedBy !== null) return false;
    s.acceptInvite.run(userId, tokenHash);
    // An existing member keeps their role: accepting a link must never demote a lead.
    s.insertMembershipIfAbsent.run({ briefId: invite.briefId, userId, role: invite.role, joinedAt: now() });
    return true;
  });

  // The last position is read and the new one inserted after it in one synchronous transaction,
  // so concurrent creations get distinct places (positionAfter, @accord/domain).
  const createSector = writeTransaction(db, (input: { briefId: string; name: string; description: string }) => {
    const sector: SectorRow = {
      id: newId(),
      ...input,
      position: positionAfter(s.lastSectorPosition.all(input.briefId)),
    };
    s.insertSector.run(sector);
    return sector;
  });

  const updateSector = writeTransaction(
    db,
    (id: string, patch: { name?: string; description?: string; position?: number }): Sector | null => {
      const current = s.getSector.get(id);
      if (!current) return null;
      const next: SectorRow = {
        ...current,
        name: patch.name ?? current.name,
        description: patch.description ?? current.description,
        position: patch.position ?? current.position,
      };
      s.updateSector.run(next);
      return next;
    },
  );

  const deleteSector = writeTransaction(db, (id: string): boolean => {
    if (!s.getSector.get(id)) return false;
    if (s.sectorHasRecommendations.get(id)) {
      throw new ConflictError("This sector still has recommendations: move or delete them first.");
    }
    s.deleteSector.run(id);
    return true;
  });

  const createRecommendation = writeTransaction(db, (input: NewRecommendation): Recommendation => {
    const recommendation = newRecommendation(
      input,
      positionAfter(s.lastRecommendationPosition.all(input.sectorId)),
      now(),
    );
    s.insertRecommendation.run(toRow(recommendation));
    return recommendation;
  });

  const updateRecommendation = writeTransaction(
    db,
    (id: string, patch: Parameters<Store["updateRecommendation"]>[1]): Recommendation | null => {
      const current = getRecommendation(id);
      if (!current) return null;
      const next: Recommendation = {
        ...current,
        title: patch.title ?? current.title,
        ownerId: patch.ownerId ?? current.ownerId,
        sectorId: patch.sectorId ?? current.sectorId,
        status: patch.status ?? current.status,
        citedEvidenceIds: patch.citedEvidenceIds ? [...patch.citedEvidenceIds] : current.citedEvidenceIds,
        citationIds: patch.citationIds ? [...patch.citationIds] : current.citationIds,
        position: patch.position ?? current.position,
        updatedAt: now(),
      };
      s.updateRecommendation.run(toRow(next));
      return next;
    },
  );

  const deleteRecommendation = writeTransaction(db, (id: string): boolean => {
    // Its threads, comments, activity, versions and claim check go by ON DELETE CASCADE, in this transaction.
    const deleted = s.deleteRecommendation.run(id).changes > 0;
    // The document's name is the recommendation's id.
    if (deleted) documents.remove(id);
    return deleted;
  });

  const getSession = (idHash: string): SessionRow | null => {
    const session = s.getSession.get(idHash);
    if (!session) return null;
    // Expired sessions are invisible (and swept lazily), as with MongoDB's TTL index.
    if (Date.parse(session.expiresAt) <= Date.now()) {
      s.deleteSession.run(idHash);
      return null;
    }
    return session;
  };

  return {
    kind: "sqlite",

    createUser: async (input) => createUser(input),
    getUser: async (id) => s.getUser.get(id) ?? null,
    findUserByEmail: async (email) => s.findUserByEmail.get(email.toLowerCase()) ?? null,
    createSession: async (input) => {
      // The user's expired sessions go here, so that the table holds at most one TTL's worth of
      // logins per person (no background sweep needed); the index on user_id keeps it cheap.
      s.deleteExpiredSessionsOfUser.run(input.userId, new Date().toISOString());
      s.insertSession.run(input);
    },
    getSession: async (idHash) => getSession(idHash),
    deleteSession: async (idHash) => {
      s.deleteSession.run(idHash);
    },
    deleteSessionsOfUser: async (userId, exceptIdHash) =>
      s.deleteSessionsOfUser.all(userId, exceptIdHash ?? null).map((row) => row.idHash),
    setPasswordHash: async (userId, passwordHash) => s.setPasswordHash.run(passwordHash, userId).changes > 0,

    createBrief: async (input) => createBrief(input),
    getBrief: async (id) => {
      const row = s.getBrief.get(id);
      return row ? toBrief(row) : null;
    },
    updateBrief: async (id, patch) => updateBrief(id, patch),
    listBriefsForUser: async (userId) => s.listBriefsForUser.all(userId).map(toBrief),
    getMembership: async (briefId, userId) => getMembership(briefId, userId),
    listMembers: async (briefId) => s.listMembers.all(briefId),
    putMember: async (briefId, userId, role) => putMember(briefId, userId, role),
    removeMember: async (briefId, userId) => s.deleteMembership.run(briefId, userId).changes > 0,

    createInvite: async ({ email, ...input }) => {
      const invite: InviteRow = { id: newId(), ...input, email: email ?? null, createdAt: now(), acceptedBy: null };
      s.insertInvite.run(invite);
      return invite;
    },
    getInvite: async (tokenHash) => s.getInvite.get(tokenHash) ?? null,
    listPendingInvites: async (briefId, at) => s.listPendingInvites.all(briefId, at),
    deleteInvite: async (briefId, id) => s.deletePendingInvite.run(briefId, id).changes > 0,
    createSignupRequest: async (request) => {
      // Expired requests are swept here, so that the table holds at most one TTL's worth.
      s.deleteExpiredSignupRequests.run(new Date().toISOString());
      s.insertSignupRequest.run({ ...request, createdAt: now() });
    },
    takeSignupRequest: async (tokenHash) => s.takeSignupRequest.get(tokenHash) ?? null,
    acceptInvite: async (tokenHash, userId) => acceptInvite(tokenHash, userId),

    listSectors: async (briefId) => s.listSectors.all(briefId),
    getSector: async (id) => s.getSector.get(id) ?? null,
    createSector: async (input) => createSector(input),
    updateSector: async (id, patch) => updateSector(id, patch),
    deleteSector: async (id) => deleteSector(id),

    listRecommendations: async (briefId, filter = {}) =>
      s.listRecommendations
        .all({ briefId, sectorId: filter.sectorId ?? null, status: filter.status ?? null })
        .map(toRecommendation),
    getRecommendation: async (id) => getRecommendation(id),
    createRecommendation: async (input) => createRecommendation(input),
    updateRecommendation: async (id, patch) => updateRecommendation(id, patch),
    deleteRecommendation: async (id) => deleteRecommendation(id),

    ...reports,
    ...review,
    ...citations,
    ...notifications,
    ...versions,
    ...claims,

    ...sqliteDocumentLogPort(documents),

    ready: () => checkpointer.ready(),
    close: async () => {
      await checkpointer.close();
      if (db.open) db.close();
    },
  };
}

function toRow(recommendation: Recommendation): RecommendationRow {
  return {
    ...recommendation,
    citedEvidenceIds: JSON.stringify(recommendation.citedEvidenceIds),
    citationIds: JSON.stringify(recommendation.citationIds),
  };
}
