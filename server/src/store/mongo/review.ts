import type { ClientSession, Filter } from "mongodb";
import type { ActivityEntry, Comment, Thread } from "@accord/domain";
import { newId } from "../ids.js";
import { newThread } from "../newThread.js";
import type { ReviewPort } from "../Store.js";
import type { ActivityDoc, Collections, CommentDoc, ThreadDoc } from "./collections.js";
import type { InTransaction } from "./connect.js";

/**
 * Threads, comments and activity on MongoDB. A thread and its first comment are written in
 * one transaction, as are a comment's deletion and its thread's when it was the last one (T3).
 */
export function createMongoReview(
  c: Collections,
  now: () => string,
  inTransaction: InTransaction,
): ReviewPort & {
  /** Removes a deleted recommendation's review, in deleteRecommendation's transaction. */
  removeForRecommendation(recommendationId: string, session: ClientSession): Promise<void>;
} {
  return {
    async createThread(input) {
      const { thread, comment } = newThread(input, now());
      const { id: threadId, ...threadFields } = thread;
      const { id: commentId, ...commentFields } = comment;
      await inTransaction(async (session) => {
        await c.threads.insertOne({ _id: threadId, ...threadFields }, { session });
        // recommendationId: denormalized, so that deleting a recommendation's review is one deleteMany.
        await c.comments.insertOne(
          { _id: commentId, ...commentFields, recommendationId: input.recommendationId },
          { session },
        );
      });
      return { thread, comment };
    },

    async getThread(id) {
      const doc = await c.threads.findOne({ _id: id });
      return doc ? toThread(doc) : null;
    },

    async listThreads(briefId, filter = {}) {
      const query: Filter<ThreadDoc> = { briefId };
      if (filter.recommendationId !== undefined) query.recommendationId = filter.recommendationId;
      if (filter.status !== undefined) query.status = filter.status;
      const docs = await c.threads.find(query).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(toThread);
    },

    async setThreadStatus(id, status, actorId) {
      const resolved = status === "resolved";
      const at = now();
      // Filtering on the other status makes "already so" a no-op, as in SQLite.
      const doc = await c.threads.findOneAndUpdate(
        { _id: id, status: { $ne: status } },
        { $set: { status, resolvedBy: resolved ? actorId : null, resolvedAt: resolved ? at : null, updatedAt: at } },
        { returnDocument: "after" },
      );
      if (doc) return toThread(doc);
      const current = await c.threads.findOne({ _id: id });
      return current ? toThread(current) : null;
    },

    async createComment(input) {
      const thread = await c.threads.findOne({ _id: input.threadId }, { projection: { recommendationId: 1 } });
      if (!thread) return null;
      const doc: CommentDoc = {
        _id: newId(),
        threadId: input.threadId,
        recommendationId: thread.recommendationId,
        authorId: input.authorId,
        body: input.body,
        mentions: [...input.mentions],
        createdAt: now(),
        editedAt: null,
      };
      // In a transaction with a re-check: a comment must not land on a thread deleted meanwhile (T3).
      const inserted = await inTransaction(async (session) => {
        const touched = await c.threads.updateOne(
          { _id: input.threadId },
          { $set: { updatedAt: doc.createdAt } },
          { session },
        );
        if (touched.matchedCount === 0) return false;
        await c.comments.insertOne(doc, { session });
        return true;
      });
      return inserted ? toComment(doc) : null;
    },

    async getComment(id) {
      const doc = await c.comments.findOne({ _id: id });
      return doc ? toComment(doc) : null;
    },

    async listComments(threadIds) {
      if (threadIds.length === 0) return [];
      const docs = await c.comments
        .find({ threadId: { $in: [...threadIds] } })
        .sort({ createdAt: 1, _id: 1 })
        .toArray();
      return docs.map(toComment);
    },

    async updateComment(id, patch) {
      const editedAt = now();
      const doc = await c.comments.findOneAndUpdate(
        { _id: id },
        { $set: { body: patch.body, mentions: [...patch.mentions], editedAt } },
        { returnDocument: "after" },
      );
      if (!doc) return null;
      await c.threads.updateOne({ _id: doc.threadId }, { $set: { updatedAt: editedAt } });
      return toComment(doc);
    },

    async deleteComment(id) {
      return inTransaction(async (session) => {
        const doc = await c.comments.findOneAndDelete({ _id: id }, { session });
        if (!doc) return { deleted: false, threadDeleted: false };
        const left = await c.comments.countDocuments({ threadId: doc.threadId }, { session, limit: 1 });
        if (left === 0) {
          await c.threads.deleteOne({ _id: doc.threadId }, { session });
          return { deleted: true, threadDeleted: true };
        }
        await c.threads.updateOne({ _id: doc.threadId }, { $set: { updatedAt: now() } }, { session });
        return { deleted: true, threadDeleted: false };
      });
    },

    async addActivity(input) {
      const doc: ActivityDoc = { _id: newId(), ...input, data: { ...input.data }, createdAt: now() };
      await c.activity.insertOne(doc);
      return toActivity(doc);
    },

    async listActivity(briefId, query) {
      const filter: Filter<ActivityDoc> = { briefId };
      if (query.recommendationId !== undefined) filter.recommendationId = query.recommendationId;
      const docs = await c.activity.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).toArray();
      return docs.map(toActivity);
    },

    async removeForRecommendation(recommendationId, session) {
      await c.comments.deleteMany({ recommendationId }, { session });
      await c.threads.deleteMany({ recommendationId }, { session });
      await c.activity.deleteMany({ recommendationId }, { session });
    },
  };
}

function toThread(doc: ThreadDoc): Thread {
  return {
    id: doc._id,
    briefId: doc.briefId,
    recommendationId: doc.recommendationId,
    anchor: doc.anchor,
    quote: doc.quote,
    status: doc.status,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    resolvedBy: doc.resolvedBy,
    resolvedAt: doc.resolvedAt,
    suggestionId: doc.suggestionId ?? null,
  };
}

function toComment(doc: CommentDoc): Comment {
  return {
    id: doc._id,
    threadId: doc.threadId,
    authorId: doc.authorId,
    body: doc.body,
    mentions: doc.mentions,
    createdAt: doc.createdAt,
    editedAt: doc.editedAt,
  };
}

function toActivity(doc: ActivityDoc): ActivityEntry {
  return {
    id: doc._id,
    briefId: doc.briefId,
    recommendationId: doc.recommendationId,
    actorId: doc.actorId,
    type: doc.type,
    data: doc.data,
    createdAt: doc.createdAt,
  };
}
