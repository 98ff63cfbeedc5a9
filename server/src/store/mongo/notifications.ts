import type { ClientSession } from "mongodb";
import type { Collections, NotificationDoc } from "./collections.js";
import { newId } from "../ids.js";
import type { NotificationsPort, StoredNotification } from "../Store.js";

const toNotification = ({ _id, ...doc }: NotificationDoc): StoredNotification => ({ id: _id, ...doc });

/**
 * Notifications on MongoDB. Adding and trimming are separate writes: a reader may briefly see
 * one more than the cap, never fewer than it, and the next addition trims again.
 */
export function createMongoNotifications(
  c: Collections,
  now: () => string,
): NotificationsPort & {
  /** Removes a deleted recommendation's notifications, in deleteRecommendation's transaction. */
  removeNotificationsOfRecommendation(recommendationId: string, session: ClientSession): Promise<void>;
} {
  const trim = async (userId: string, maxPerUser: number) => {
    let excess = (await c.notifications.countDocuments({ userId })) - maxPerUser;
    // Read ones go first, then unread ones, oldest first within each.
    for (const readAt of [{ $ne: null }, null] as const) {
      if (excess <= 0) return;
      const doomed = await c.notifications
        .find({ userId, readAt }, { projection: { _id: 1 }, sort: { createdAt: 1, _id: 1 }, limit: excess })
        .toArray();
      if (doomed.length > 0) await c.notifications.deleteMany({ _id: { $in: doomed.map((doc) => doc._id) } });
      excess -= doomed.length;
    }
  };

  return {
    async addNotifications(input, maxPerUser) {
      const docs = input.map(
        (n): NotificationDoc => ({ _id: newId(), ...n, createdAt: now(), readAt: null, mailedAt: null }),
      );
      if (docs.length > 0) await c.notifications.insertMany(docs);
      for (const userId of new Set(docs.map((doc) => doc.userId))) await trim(userId, maxPerUser);
      return docs.map(toNotification);
    },
    async listNotifications(userId, query) {
      const docs = await c.notifications
        .find(
          {
            userId,
            briefId: { $in: [...query.briefIds] },
            ...(query.unreadOnly ? { readAt: null } : {}),
            ...(query.before
              ? {
                  $or: [
                    { createdAt: { $lt: query.before.createdAt } },
                    { createdAt: query.before.createdAt, _id: { $lt: query.before.id } },
                  ],
                }
              : {}),
          },
          { sort: { createdAt: -1, _id: -1 }, limit: query.limit },
        )
        .toArray();
      return docs.map(toNotification);
    },
    countUnreadNotifications: (userId, briefIds) =>
      c.notifications.countDocuments({ userId, readAt: null, briefId: { $in: [...briefIds] } }),
    async markNotificationsRead(userId, which) {
      const filter = which === "all" ? { userId, readAt: null } : { userId, readAt: null, _id: { $in: [...which] } };
      return (await c.notifications.updateMany(filter, { $set: { readAt: now() } })).modifiedCount;
    },
    async listUnmailedNotifications(userId, limit) {
      const docs = await c.notifications
        .find({ userId, readAt: null, mailedAt: null }, { sort: { createdAt: 1, _id: 1 }, limit })
        .toArray();
      return docs.map(toNotification);
    },
    async listDigestRecipients(afterUserId, limit) {
      const off = new Set(
        (await c.notificationSettings.find({ email: false }, { projection: { _id: 1 } }).toArray()).map(
          (doc) => doc._id,
        ),
      );
      const found: string[] = [];
      let after = afterUserId;
      // Ids in order, skipping those who turned e-mail off, until `limit` are found.
      while (found.length < limit) {
        const batch = (
          await c.notifications
            .aggregate<{ _id: string }>([
              { $match: { readAt: null, mailedAt: null, ...(after !== null ? { userId: { $gt: after } } : {}) } },
              { $group: { _id: "$userId" } },
              { $sort: { _id: 1 } },
              { $limit: limit },
            ])
            .toArray()
        ).map((doc) => doc._id);
        for (const userId of batch) if (!off.has(userId) && found.length < limit) found.push(userId);
        if (batch.length < limit) break;
        after = batch[batch.length - 1]!;
      }
      return found;
    },
    async markNotificationsMailed(userId, ids, at) {
      await c.notifications.updateMany({ userId, _id: { $in: [...ids] } }, { $set: { mailedAt: at } });
      await c.notificationSettings.updateOne(
        { _id: userId },
        { $set: { lastDigestAt: at }, $setOnInsert: { email: true } },
        { upsert: true },
      );
    },
    async getNotificationSettings(userId) {
      const doc = await c.notificationSettings.findOne({ _id: userId });
      return { email: doc?.email ?? true, lastDigestAt: doc?.lastDigestAt ?? null };
    },
    async setNotificationEmail(userId, email) {
      const doc = await c.notificationSettings.findOneAndUpdate(
        { _id: userId },
        { $set: { email }, $setOnInsert: { lastDigestAt: null } },
        { upsert: true, returnDocument: "after" },
      );
      return { email: doc?.email ?? email, lastDigestAt: doc?.lastDigestAt ?? null };
    },
    async removeNotificationsOfRecommendation(recommendationId, session) {
      await c.notifications.deleteMany({ recommendationId }, { session });
    },
  };
}
