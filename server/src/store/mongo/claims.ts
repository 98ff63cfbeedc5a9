import type { ClientSession } from "mongodb";
import type { StoredClaimCheck, StoredClaimIgnore } from "../claims.js";
import type { ClaimsPort } from "../Store.js";
import type { ClaimCheckDoc, ClaimIgnoreDoc, Collections } from "./collections.js";
import type { InTransaction } from "./connect.js";

/**
 * The claim check on MongoDB, as on SQLite: a check or an ignore is written only while its
 * recommendation exists (read and written in one transaction, so a concurrent delete, which
 * removes both in its own transaction, leaves no orphan).
 */
export function createMongoClaims(
  c: Collections,
  now: () => string,
  inTransaction: InTransaction,
): ClaimsPort & {
  /** Removes a deleted recommendation's check and ignores, in deleteRecommendation's transaction. */
  removeClaimsOfRecommendation(recommendationId: string, session: ClientSession): Promise<void>;
} {
  return {
    async putClaimCheck(check) {
      const stored: StoredClaimCheck = { ...check, checkedAt: now() };
      return inTransaction(async (session) => {
        if (!(await c.recommendations.findOne({ _id: check.recommendationId }, { session, projection: { _id: 1 } })))
          return null;
        const { recommendationId, ...fields } = stored;
        await c.claimChecks.replaceOne({ _id: recommendationId }, fields, { session, upsert: true });
        return stored;
      });
    },

    async getClaimCheck(recommendationId) {
      const doc = await c.claimChecks.findOne({ _id: recommendationId });
      return doc ? toCheck(doc) : null;
    },

    async listClaimChecks(briefId) {
      return (await c.claimChecks.find({ briefId }).toArray()).map(toCheck);
    },

    async putClaimIgnore(input) {
      const ignore: StoredClaimIgnore = { ...input, createdAt: now() };
      return inTransaction(async (session) => {
        if (!(await c.recommendations.findOne({ _id: input.recommendationId }, { session, projection: { _id: 1 } })))
          return null;
        const { recommendationId, findingId, ...fields } = ignore;
        await c.claimIgnores.replaceOne(
          { _id: { recommendationId, findingId } },
          { recommendationId, ...fields },
          { session, upsert: true },
        );
        return ignore;
      });
    },

    async deleteClaimIgnore(recommendationId, findingId) {
      return (await c.claimIgnores.deleteOne({ _id: { recommendationId, findingId } })).deletedCount > 0;
    },

    async listClaimIgnores(recommendationId) {
      const docs = await c.claimIgnores.find({ recommendationId }).sort({ createdAt: 1, "_id.findingId": 1 }).toArray();
      return docs.map(toIgnore);
    },

    async removeClaimsOfRecommendation(recommendationId, session) {
      await c.claimChecks.deleteOne({ _id: recommendationId }, { session });
      await c.claimIgnores.deleteMany({ recommendationId }, { session });
    },
  };
}

function toCheck(doc: ClaimCheckDoc): StoredClaimCheck {
  return {
    recommendationId: doc._id,
    briefId: doc.briefId,
    findings: doc.findings,
    keys: doc.keys,
    counts: doc.counts,
    checkedAt: doc.checkedAt,
  };
}

function toIgnore(doc: ClaimIgnoreDoc): StoredClaimIgnore {
  return {
    recommendationId: doc._id.recommendationId,
    findingId: doc._id.findingId,
    reason: doc.reason,
    userId: doc.userId,
    createdAt: doc.createdAt,
  };
}
