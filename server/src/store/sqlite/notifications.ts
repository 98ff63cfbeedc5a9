import type Database from "better-sqlite3";
import { newId } from "../ids.js";
import type {
  NewNotification,
  NotificationKind,
  NotificationSettings,
  NotificationsPort,
  StoredNotification,
} from "../Store.js";
import { writeTransaction } from "./database.js";

type NotificationRow = Omit<StoredNotification, "kind"> & { kind: string };

const COLUMNS = `id, user_id AS userId, kind, brief_id AS briefId, recommendation_id AS recommendationId,
  thread_id AS threadId, comment_id AS commentId, actor_id AS actorId, excerpt,
  created_at AS createdAt, read_at AS readAt, mailed_at AS mailedAt`;

const toNotification = (row: NotificationRow): StoredNotification => ({ ...row, kind: row.kind as NotificationKind });

/** Notifications and their settings on SQLite; adding and trimming is one transaction. */
export function createSqliteNotifications(db: Database.Database, now: () => string): NotificationsPort {
  const s = {
    insert: db.prepare<StoredNotification, void>(
      `INSERT INTO notifications (id, user_id, kind, brief_id, recommendation_id, thread_id, comment_id, actor_id,
                                  excerpt, created_at, read_at, mailed_at)
       VALUES (@id, @userId, @kind, @briefId, @recommendationId, @threadId, @commentId, @actorId,
               @excerpt, @createdAt, @readAt, @mailedAt)`,
    ),
    count: db.prepare<[string], number>(`SELECT count(*) FROM notifications WHERE user_id = ?`).pluck(),
    // Read ones first (read_at IS NULL sorts 0 for read), oldest first within each.
    trim: db.prepare<[string, number], void>(
      `DELETE FROM notifications WHERE id IN (
         SELECT id FROM notifications WHERE user_id = ?
          ORDER BY (read_at IS NULL), created_at, id
          LIMIT ?)`,
    ),
    list: db.prepare<
      {
        userId: string;
        briefIds: string;
        unreadOnly: number;
        beforeAt: string | null;
        beforeId: string;
        limit: number;
      },
      NotificationRow
    >(
      `SELECT ${COLUMNS} FROM notifications
        WHERE user_id = @userId
          AND brief_id IN (SELECT value FROM json_each(@briefIds))
          AND (@unreadOnly = 0 OR read_at IS NULL)
          AND (@beforeAt IS NULL OR created_at < @beforeAt OR (created_at = @beforeAt AND id < @beforeId))
        ORDER BY created_at DESC, id DESC
        LIMIT @limit`,
    ),
    countUnread: db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM notifications
        WHERE user_id = ? AND read_at IS NULL AND brief_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck(),
    markAll: db.prepare<[string, string], void>(
      `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`,
    ),
    markSome: db.prepare<[string, string, string], void>(
      `UPDATE notifications SET read_at = ?
        WHERE user_id = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
    ),
    unmailed: db.prepare<[string, number], NotificationRow>(
      `SELECT ${COLUMNS} FROM notifications
        WHERE user_id = ? AND read_at IS NULL AND mailed_at IS NULL
        ORDER BY created_at, id LIMIT ?`,
    ),
    recipients: db
      .prepare<{ after: string | null; limit: number }, string>(
        `SELECT DISTINCT n.user_id FROM notifications n
         LEFT JOIN notification_settings s ON s.user_id = n.user_id
        WHERE n.read_at IS NULL AND n.mailed_at IS NULL
          AND coalesce(s.email, 1) = 1
          AND (@after IS NULL OR n.user_id > @after)
        ORDER BY n.user_id LIMIT @limit`,
      )
      .pluck(),
    markMailed: db.prepare<[string, string, string], void>(
      `UPDATE notifications SET mailed_at = ? WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))`,
    ),
    getSettings: db.prepare<[string], { email: number; lastDigestAt: string | null }>(
      `SELECT email, last_digest_at AS lastDigestAt FROM notification_settings WHERE user_id = ?`,
    ),
    putEmail: db.prepare<[string, number], void>(
      `INSERT INTO notification_settings (user_id, email) VALUES (?, ?)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email`,
    ),
    putDigestAt: db.prepare<[string, string], void>(
      `INSERT INTO notification_settings (user_id, email, last_digest_at) VALUES (?, 1, ?)
       ON CONFLICT (user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at`,
    ),
  };

  const settingsOf = (userId: string): NotificationSettings => {
    const row = s.getSettings.get(userId);
    return { email: row ? row.email === 1 : true, lastDigestAt: row?.lastDigestAt ?? null };
  };

  const add = writeTransaction(db, (input: readonly NewNotification[], maxPerUser: number): StoredNotification[] => {
    const stored = input.map(
      (n): StoredNotification => ({ id: newId(), ...n, createdAt: now(), readAt: null, mailedAt: null }),
    );
    for (const notification of stored) s.insert.run(notification);
    for (const userId of new Set(stored.map((n) => n.userId))) {
      const excess = s.count.get(userId)! - maxPerUser;
      if (excess > 0) s.trim.run(userId, excess);
    }
    return stored;
  });

  const markMailed = writeTransaction(db, (userId: string, ids: readonly string[], at: string) => {
    s.markMailed.run(at, userId, JSON.stringify(ids));
    s.putDigestAt.run(userId, at);
  });

  return {
    addNotifications: async (input, maxPerUser) => add(input, maxPerUser),
    listNotifications: async (userId, query) =>
      s.list
        .all({
          userId,
          briefIds: JSON.stringify(query.briefIds),
          unreadOnly: query.unreadOnly ? 1 : 0,
          beforeAt: query.before?.createdAt ?? null,
          beforeId: query.before?.id ?? "",
          limit: query.limit,
        })
        .map(toNotification),
    countUnreadNotifications: async (userId, briefIds) => s.countUnread.get(userId, JSON.stringify(briefIds))!,
    markNotificationsRead: async (userId, which) => {
      const at = now();
      const result = which === "all" ? s.markAll.run(at, userId) : s.markSome.run(at, userId, JSON.stringify(which));
      return result.changes;
    },
    listUnmailedNotifications: async (userId, limit) => s.unmailed.all(userId, limit).map(toNotification),
    listDigestRecipients: async (afterUserId, limit) => s.recipients.all({ after: afterUserId, limit }),
    markNotificationsMailed: async (userId, ids, at) => markMailed(userId, ids, at),
    getNotificationSettings: async (userId) => settingsOf(userId),
    setNotificationEmail: async (userId, email) => {
      s.putEmail.run(userId, email ? 1 : 0);
      return settingsOf(userId);
    },
  };
}
