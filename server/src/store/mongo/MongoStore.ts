import { MongoServerError, type MongoClient } from "mongodb";
import {
  DEFAULT_CITATION_STYLE,
  positionAfter,
  type Invite,
  type Membership,
  type Recommendation,
  type Sector,
  type User,
} from "@accord/domain";
import { ConflictError } from "../../errors.js";
import { DEFAULT_SNAPSHOT_CHUNK_BYTES } from "../chunks.js";
import { createClock } from "../clock.js";
import { newId } from "../ids.js";
import { newRecommendation } from "../newRecommendation.js";
import type { Store } from "../Store.js";
import type {
  BriefDoc,
  Collections,
  InviteDoc,
  MembershipDoc,
  RecommendationDoc,
  SectorDoc,
  UserDoc,
} from "./collections.js";
import { toBrief } from "./collections.js";
import { connectMongo, transactionsOf } from "./connect.js";
import { createMongoVersions } from "./versions.js";
import { createMongoClaims } from "./claims.js";
import { createMongoDocumentLog } from "./documentLog.js";
import { createMongoCitations } from "./citations.js";
import { createMongoNotifications } from "./notifications.js";
import { createMongoReports } from "./reports.js";
import { createMongoReview } from "./review.js";

export interface MongoStoreOptions {
  /** A replica set (docker-compose starts a single-node one): briefs and invites use transactions. */
  url: string;
  dbName: string;
  /**
   * Largest piece a document snapshot is stored in; must stay under MongoDB's
   * 16 MB document limit with room for the other fields.
   * @default 8 MiB
   */
  snapshotChunkBytes?: number;
}

/**
 * The production adapter. Every write is acknowledged by a majority of the
 * replica set after journaling (client-wide write concern), which is what makes a
 * resolved appendUpdates "durable before visible" even across a failover.
 *
 * Multi-document transactions are used where several documents must change together (a
 * brief and its lead; an invite and the membership it grants; a member and their invites; a
 * recommendation with its document, review, versions, notifications and claim check) and where a read decides a
 * write (a new sector's or recommendation's place; a sector deleted only when empty). The
 * document log's appends and compactions do not depend on them (see documentLog.ts).
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { client, collections } = await connectMongo(options.url, options.dbName);
  return createMongoStore(client, collections, options.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES);
}

function createMongoStore(client: MongoClient, c: Collections, snapshotChunkBytes: number): Store {
  const documents = createMongoDocumentLog(c, snapshotChunkBytes);
  const now = createClock();
  const inTransaction = transactionsOf(client);
  const reports = createMongoReports(c, now, inTransaction);
  const citations = createMongoCitations(c, now, inTransaction);

  const { removeForRecommendation, ...review } = createMongoReview(c, now, inTransaction);
  const { removeNotificationsOfRecommendation, ...notifications } = createMongoNotifications(c, now);
  const { removeVersionsOfRecommendation, ...versions } = createMongoVersions(c, now, inTransaction);
  const { removeClaimsOfRecommendation, ...claims } = createMongoClaims(c, now, inTransaction);

  const getMembership = async (briefId: string, userId: string): Promise<Membership | null> => {
    const doc = await c.memberships.findOne({ briefId, userId });
    return doc ? toMembership(doc) : null;
  };

  const getRecommendation = async (id: string): Promise<Recommendation | null> => {
    const doc = await c.recommendations.findOne({ _id: id });
    return doc ? toRecommendation(doc) : null;
  };

  return {
    kind: "mongodb",

    async createUser(input) {
      const doc: UserDoc = {
        _id: newId(),
        email: input.email.toLowerCase(),
        name: input.name,
        passwordHash: input.passwordHash,
        createdAt: now(),
      };
      try {
        await c.users.insertOne(doc);
      } catch (error) {
        // The unique index decides, so two concurrent sign-ups cannot both win.
        if (error instanceof MongoServerError && error.code === 11000) {
          throw new ConflictError("An account with this email already exists.", "email");
        }
        throw error;
      }
      return toUser(doc);
    },
    async getUser(id) {
      const doc = await c.users.findOne({ _id: id });
      return doc ? toUser(doc) : null;
    },
    async findUserByEmail(email) {
      const doc = await c.users.findOne({ email: email.toLowerCase() });
      return doc ? { ...toUser(doc), passwordHash: doc.passwordHash } : null;
    },
    async createSession(input) {
      await c.sessions.insertOne({ _id: input.idHash, userId: input.userId, expiresAt: new Date(input.expiresAt) });
    },
    async getSession(idHash) {
      // The TTL monitor removes expired sessions only about once a minute: filter too.
      const doc = await c.sessions.findOne({ _id: idHash, expiresAt: { $gt: new Date() } });
      return doc ? { userId: doc.userId, expiresAt: doc.expiresAt.toISOString() } : null;
    },
    async deleteSession(idHash) {
      await c.sessions.deleteOne({ _id: idHash });
    },
    async deleteSessionsOfUser(userId, exceptIdHash) {
      // Read then delete exactly what was read: a session created in between is not reported
      // as ended while it lives on. (The TTL index purges expired sessions by itself.)
      const filter = exceptIdHash === undefined ? { userId } : { userId, _id: { $ne: exceptIdHash } };
      const hashes = (await c.sessions.find(filter, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
      if (hashes.length > 0) await c.sessions.deleteMany({ _id: { $in: hashes } });
      return hashes;
    },
    async setPasswordHash(userId, passwordHash) {
      const result = await c.users.updateOne({ _id: userId }, { $set: { passwordHash } });
      return result.matchedCount > 0;
    },

    async createBrief(input) {
      const at = now();
      const doc: BriefDoc = {
        _id: newId(),
        ...input,
        createdAt: at,
        updatedAt: at,
        citationStyle: DEFAULT_CITATION_STYLE,
        suggestEditsInReview: true,
      };
      await inTransaction(async (session) => {
        await c.briefs.insertOne(doc, { session });
        await c.memberships.insertOne(
          { briefId: doc._id, userId: input.createdBy, role: "lead", joinedAt: at },
          { session },
        );
      });
      return toBrief(doc);
    },
    async getBrief(id) {
      const doc = await c.briefs.findOne({ _id: id });
      return doc ? toBrief(doc) : null;
    },
    async updateBrief(id, patch) {
      const doc = await c.briefs.findOneAndUpdate(
        { _id: id },
        { $set: { ...definedOnly(patch), updatedAt: now() } },
        { returnDocument: "after" },
      );
      return doc ? toBrief(doc) : null;
    },
    async listBriefsForUser(userId) {
      const memberships = await c.memberships.find({ userId }).toArray();
      const roles = new Map(memberships.map((m) => [m.briefId, m.role]));
      const briefs = await c.briefs
        .find({ _id: { $in: [...roles.keys()] } })
        .sort({ updatedAt: -1, _id: 1 })
        .toArray();
      return briefs.map((doc) => ({ ...toBrief(doc), role: roles.get(doc._id)! }));
    },
    getMembership,
    async listMembers(briefId) {
      const memberships = await c.memberships.find({ briefId }).toArray();
      const users = await c.users.find({ _id: { $in: memberships.map((m) => m.userId) } }).toArray();
      const byId = new Map(users.map((u) => [u._id, u]));
      return memberships
        .flatMap((m) => {
          const user = byId.get(m.userId);
          return user ? [{ userId: m.userId, name: user.name, email: user.email, role: m.role }] : [];
        })
        .sort((a, b) => compare(a.name, b.name) || compare(a.email, b.email));
    },
    async putMember(briefId, userId, role) {
      return inTransaction(async (session) => {
        const doc = await c.memberships.findOneAndUpdate(
          { briefId, userId },
          { $set: { role }, $setOnInsert: { joinedAt: now() } },
          { session, upsert: true, returnDocument: "after" },
        );
        // Invites die with the lead role (as SQLite's triggers do).
        if (role !== "lead") await c.invites.deleteMany({ briefId, createdBy: userId, acceptedBy: null }, { session });
        return toMembership(doc!);
      });
    },
    async removeMember(briefId, userId) {
      return inTransaction(async (session) => {
        const removed = (await c.memberships.deleteOne({ briefId, userId }, { session })).deletedCount === 1;
        if (removed) await c.invites.deleteMany({ briefId, createdBy: userId, acceptedBy: null }, { session });
        return removed;
      });
    },

    async createInvite({ email, ...input }) {
      const invite: Invite = { id: newId(), ...input, email: email ?? null, createdAt: now(), acceptedBy: null };
      await c.invites.insertOne(fromInvite(invite));
      return invite;
    },
    async getInvite(tokenHash) {
      const doc = await c.invites.findOne({ _id: tokenHash });
      return doc ? toInvite(doc) : null;
    },
    async listPendingInvites(briefId, at) {
      const docs = await c.invites
        .find({ briefId, acceptedBy: null, expiresAt: { $gt: at } })
        .sort({ createdAt: 1, id: 1 })
        .toArray();
      return docs.map(toInvite);
    },
    async deleteInvite(briefId, id) {
      return (await c.invites.deleteOne({ briefId, id, acceptedBy: null })).deletedCount === 1;
    },
    async createSignupRequest(request) {
      const { tokenHash, expiresAt, ...rest } = request;
      await c.signupRequests.insertOne({ _id: tokenHash, ...rest, createdAt: now(), expiresAt: new Date(expiresAt) });
    },
    async takeSignupRequest(tokenHash) {
      const doc = await c.signupRequests.findOneAndDelete({ _id: tokenHash });
      if (!doc) return null;
      const { _id, expiresAt, ...rest } = doc;
      return { tokenHash: _id, ...rest, expiresAt: expiresAt.toISOString() };
    },
    async acceptInvite(tokenHash, userId) {
      return inTransaction(async (session) => {
        // The `acceptedBy: null` filter makes the acceptance single-use even without the transaction.
        const invite = await c.invites.findOneAndUpdate(
          { _id: tokenHash, acceptedBy: null },
          { $set: { acceptedBy: userId } },
          { session, returnDocument: "after" },
        );
        if (!invite) return false;
        // $setOnInsert only: an existing member keeps their role (a link never demotes a lead).
        await c.memberships.updateOne(
          { briefId: invite.briefId, userId },
          { $setOnInsert: { role: invite.role, joinedAt: now() } },
          { session, upsert: true },
        );
        return true;
      });
    },

    async listSectors(briefId) {
      const docs = await c.sectors.find({ briefId }).sort({ position: 1, _id: 1 }).toArray();
      return docs.map(toSector);
    },
    async getSector(id) {
      const doc = await c.sectors.findOne({ _id: id });
      return doc ? toSector(doc) : null;
    },
    async createSector(input) {
      return inTransaction(async (session) => {
        // Written first: two creations in one brief now write the same document, so MongoDB
        // aborts one (a write conflict) and withTransaction runs it again after the other
        // committed. Snapshot isolation alone would let both read the same last position.
        await c.briefs.updateOne({ _id: input.briefId }, { $inc: { sectorAppends: 1 } }, { session });
        const last = await c.sectors.findOne(
          { briefId: input.briefId },
          { session, sort: { position: -1 }, projection: { position: 1 } },
        );
        const doc: SectorDoc = { _id: newId(), ...input, position: positionAfter(last ? [last.position] : []) };
        await c.sectors.insertOne(doc, { session });
        return toSector(doc);
      });
    },
    async updateSector(id, patch) {
      const set = definedOnly(patch);
      // An empty $set is an error before MongoDB 5.0.
      const doc =
        Object.keys(set).length === 0
          ? await c.sectors.findOne({ _id: id })
          : await c.sectors.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: "after" });
      return doc ? toSector(doc) : null;
    },
    async deleteSector(id) {
      // Checked and deleted in one transaction that writes the sector, as every creation in it
      // does first (createRecommendation): a creation either commits before (and the check sees
      // it) or conflicts and finds the sector gone. A move into the sector writes only the
      // recommendation, so it can still slip in between: it then keeps a sectorId that names
      // nothing, and listRecommendations leaves it out.
      return inTransaction(async (session) => {
        if (await c.recommendations.findOne({ sectorId: id }, { session, projection: { _id: 1 } })) {
          throw new ConflictError("This sector still has recommendations: move or delete them first.");
        }
        return (await c.sectors.deleteOne({ _id: id }, { session })).deletedCount === 1;
      });
    },

    async listRecommendations(briefId, filter = {}) {
      const [sectors, docs] = await Promise.all([
        c.sectors.find({ briefId }, { projection: { position: 1 } }).toArray(),
        c.recommendations.find({ briefId, ...definedOnly(filter) }).toArray(),
      ]);
      const sectorPosition = new Map(sectors.map((s) => [s._id, s.position]));
      // Same order as SQLite's ORDER BY s.position, s.id, r.position, r.id.
      return docs
        .filter((doc) => sectorPosition.has(doc.sectorId))
        .sort(
          (a, b) =>
            sectorPosition.get(a.sectorId)! - sectorPosition.get(b.sectorId)! ||
            compare(a.sectorId, b.sectorId) ||
            a.position - b.position ||
            compare(a._id, b._id),
        )
        .map(toRecommendation);
    },
    getRecommendation,
    async createRecommendation(input) {
      return inTransaction(async (session) => {
        // Written first, as createSector writes the brief: concurrent creations in one sector
        // conflict and run one after the other, and so does a deletion of the sector.
        const sector = await c.sectors.updateOne(
          { _id: input.sectorId },
          { $inc: { recommendationAppends: 1 } },
          { session },
        );
        if (sector.matchedCount === 0)
          throw new ConflictError("This sector was deleted: choose another one.", "sectorId");
        const last = await c.recommendations.findOne(
          { sectorId: input.sectorId },
          { session, sort: { position: -1 }, projection: { position: 1 } },
        );
        const { id, ...fields } = newRecommendation(input, positionAfter(last ? [last.position] : []), now());
        const doc: RecommendationDoc = { _id: id, ...fields };
        await c.recommendations.insertOne(doc, { session });
        return toRecommendation(doc);
      });
    },
    async updateRecommendation(id, patch) {
      const set: Partial<RecommendationDoc> = { ...definedOnly(patch), updatedAt: now() };
      if (patch.citedEvidenceIds) set.citedEvidenceIds = [...patch.citedEvidenceIds];
      if (patch.citationIds) set.citationIds = [...patch.citationIds];
      const doc = await c.recommendations.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: "after" });
      return doc ? toRecommendation(doc) : null;
    },
    async deleteRecommendation(id) {
      // All or nothing, as SQLite's ON DELETE CASCADE: no thread, notification or document
      // outlives its recommendation, even when the process dies part-way.
      return inTransaction(async (session) => {
        if ((await c.recommendations.deleteOne({ _id: id }, { session })).deletedCount === 0) return false;
        // The document's name is the recommendation's id.
        await documents.deleteDocument(id, session);
        await removeForRecommendation(id, session);
        await removeNotificationsOfRecommendation(id, session);
        await removeVersionsOfRecommendation(id, session);
        await removeClaimsOfRecommendation(id, session);
        return true;
      });
    },

    ...reports,
    ...review,
    ...citations,
    ...notifications,
    ...versions,
    ...claims,

    ...documents,

    // Connected and indexed before this store was handed out; nothing starts later.
    ready: async () => {},
    async close() {
      await client.close();
    },
  };
}

/** Patch objects may carry `undefined` for "leave as is"; $set would store null. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Code-unit order, like SQLite's BINARY collation for these ASCII-heavy keys; not locale order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toUser(doc: UserDoc): User {
  return { id: doc._id, email: doc.email, name: doc.name, createdAt: doc.createdAt };
}

function toMembership(doc: MembershipDoc): Membership {
  return { briefId: doc.briefId, userId: doc.userId, role: doc.role, joinedAt: doc.joinedAt };
}

function fromInvite(invite: Invite): InviteDoc {
  const { tokenHash, ...rest } = invite;
  return { _id: tokenHash, ...rest };
}

function toInvite(doc: InviteDoc): Invite {
  return {
    id: doc.id,
    tokenHash: doc._id,
    briefId: doc.briefId,
    email: doc.email ?? null,
    role: doc.role,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    acceptedBy: doc.acceptedBy,
  };
}

function toSector(doc: SectorDoc): Sector {
  return { id: doc._id, briefId: doc.briefId, name: doc.name, description: doc.description, position: doc.position };
}

function toRecommendation(doc: RecommendationDoc): Recommendation {
  return {
    id: doc._id,
    briefId: doc.briefId,
    sectorId: doc.sectorId,
    title: doc.title,
    status: doc.status,
    ownerId: doc.ownerId,
    position: doc.position,
    citedEvidenceIds: doc.citedEvidenceIds,
    citationIds: doc.citationIds ?? [],
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
