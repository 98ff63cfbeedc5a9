import type { ClientSession } from "mongodb";
import { newId } from "../ids.js";
import type { VersionsPort } from "../Store.js";
import type { StoredVersion } from "../versions.js";
import type { Collections, VersionDoc } from "./collections.js";
import type { InTransaction } from "./connect.js";

/** Everything but the body: what lists and summaries read. */
const SUMMARY = { projection: { body: 0 } } as const;

/**
 * Versions on MongoDB, as on SQLite: a new version and the pruning past the bound are one
 * transaction (two saves at once both count the other, so the bound holds).
 */
export function createMongoVersions(
  c: Collections,
  now: () => string,
  inTransaction: InTransaction,
): VersionsPort & {
  /** Removes a deleted recommendation's versions, in deleteRecommendation's transaction. */
  removeVersionsOfRecommendation(recommendationId: string, session: ClientSession): Promise<void>;
} {
  return {
    async createVersion(input, maxPerRecommendation) {
      const doc: VersionDoc = { _id: newId(), ...input, authorIds: [...input.authorIds], createdAt: now() };
      await inTransaction(async (session) => {
        await c.versions.insertOne(doc, { session });
        const { recommendationId } = input;
        const excess = (await c.versions.countDocuments({ recommendationId }, { session })) - maxPerRecommendation;
        if (excess <= 0) return;
        // Automatic versions first, oldest first; then the oldest others; never the new one.
        const autos = await c.versions
          .find({ recommendationId, kind: "auto", _id: { $ne: doc._id } }, { session, projection: { _id: 1 } })
          .sort({ createdAt: 1, _id: 1 })
          .limit(excess)
          .toArray();
        const others =
          autos.length < excess
            ? await c.versions
                .find(
                  { recommendationId, kind: { $ne: "auto" }, _id: { $ne: doc._id } },
                  { session, projection: { _id: 1 } },
                )
                .sort({ createdAt: 1, _id: 1 })
                .limit(excess - autos.length)
                .toArray()
            : [];
        await c.versions.deleteMany({ _id: { $in: [...autos, ...others].map((v) => v._id) } }, { session });
      });
      return toVersion(doc);
    },

    async listVersions(recommendationId) {
      const docs = await c.versions.find({ recommendationId }, SUMMARY).sort({ createdAt: -1, _id: -1 }).toArray();
      return docs.map(toVersion);
    },

    async getVersion(id) {
      const doc = await c.versions.findOne({ _id: id });
      return doc ? { ...toVersion(doc), body: doc.body } : null;
    },

    async latestVersion(recommendationId, at) {
      const filter = at === undefined ? { recommendationId } : { recommendationId, createdAt: { $lte: at } };
      const doc = await c.versions.findOne(filter, { ...SUMMARY, sort: { createdAt: -1, _id: -1 } });
      return doc ? toVersion(doc) : null;
    },

    async lastReviewActionAt(recommendationId, userId) {
      const [transition, comment] = await Promise.all([
        c.activity.findOne(
          { recommendationId, actorId: userId, type: "status.changed" },
          { sort: { createdAt: -1 }, projection: { createdAt: 1 } },
        ),
        c.comments.findOne(
          { recommendationId, authorId: userId },
          { sort: { createdAt: -1 }, projection: { createdAt: 1 } },
        ),
      ]);
      const times = [transition?.createdAt, comment?.createdAt].filter((at): at is string => at !== undefined);
      // ISO instants of one clock: the text order is the time order.
      return times.sort().at(-1) ?? null;
    },

    async removeVersionsOfRecommendation(recommendationId, session) {
      await c.versions.deleteMany({ recommendationId }, { session });
    },
  };
}

function toVersion(doc: Omit<VersionDoc, "body"> & { body?: string }): StoredVersion {
  return {
    id: doc._id,
    briefId: doc.briefId,
    recommendationId: doc.recommendationId,
    kind: doc.kind,
    name: doc.name,
    authorIds: doc.authorIds,
    status: doc.status,
    createdAt: doc.createdAt,
    restoredFrom: doc.restoredFrom,
    bodyHash: doc.bodyHash,
  };
}
