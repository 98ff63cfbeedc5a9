import type { ActivityEntry, ActivityType, Comment, Thread, ThreadAnchor, ThreadStatus } from "@accord/domain";
import type Database from "better-sqlite3";
import { newId } from "../ids.js";
import { newThread } from "../newThread.js";
import type { NewThread, ReviewPort } from "../Store.js";
import { writeTransaction } from "./database.js";

type ThreadRow = Omit<Thread, "anchor"> & { anchor: string };
type CommentRow = Omit<Comment, "mentions"> & { mentions: string };
type ActivityRow = Omit<ActivityEntry, "data"> & { data: string };

const THREAD_COLUMNS = `id, brief_id AS briefId, recommendation_id AS recommendationId, anchor, quote, status,
  created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt,
  resolved_by AS resolvedBy, resolved_at AS resolvedAt, suggestion_id AS suggestionId`;
const COMMENT_COLUMNS = `id, thread_id AS threadId, author_id AS authorId, body, mentions,
  created_at AS createdAt, edited_at AS editedAt`;
const ACTIVITY_COLUMNS = `id, brief_id AS briefId, recommendation_id AS recommendationId, actor_id AS actorId,
  type, data, created_at AS createdAt`;

const toThread = (row: ThreadRow): Thread => ({ ...row, anchor: JSON.parse(row.anchor) as ThreadAnchor });
const toComment = (row: CommentRow): Comment => ({ ...row, mentions: JSON.parse(row.mentions) as string[] });
const toActivity = (row: ActivityRow): ActivityEntry => ({
  ...row,
  type: row.type as ActivityType,
  data: JSON.parse(row.data) as Record<string, unknown>,
});

/** Threads, comments and activity on SQLite; each multi-row change is one transaction. */
export function createSqliteReview(db: Database.Database, now: () => string): ReviewPort {
  const s = {
    insertThread: db.prepare<ThreadRow, void>(
      `INSERT INTO threads (id, brief_id, recommendation_id, anchor, quote, status, created_by, created_at,
                            updated_at, resolved_by, resolved_at, suggestion_id)
       VALUES (@id, @briefId, @recommendationId, @anchor, @quote, @status, @createdBy, @createdAt,
               @updatedAt, @resolvedBy, @resolvedAt, @suggestionId)`,
    ),
    getThread: db.prepare<[string], ThreadRow>(`SELECT ${THREAD_COLUMNS} FROM threads WHERE id = ?`),
    listThreads: db.prepare<{ briefId: string; recommendationId: string | null; status: string | null }, ThreadRow>(
      `SELECT ${THREAD_COLUMNS} FROM threads
        WHERE brief_id = @briefId
          AND (@recommendationId IS NULL OR recommendation_id = @recommendationId)
          AND (@status IS NULL OR status = @status)
        ORDER BY created_at, id`,
    ),
    setThreadStatus: db.prepare<
      { id: string; status: string; resolvedBy: string | null; resolvedAt: string | null; updatedAt: string },
      void
    >(
      `UPDATE threads SET status = @status, resolved_by = @resolvedBy, resolved_at = @resolvedAt, updated_at = @updatedAt
        WHERE id = @id`,
    ),
    touchThread: db.prepare<[string, string], void>(`UPDATE threads SET updated_at = ? WHERE id = ?`),
    deleteThread: db.prepare<[string], void>(`DELETE FROM threads WHERE id = ?`),
    insertComment: db.prepare<CommentRow, void>(
      `INSERT INTO comments (id, thread_id, author_id, body, mentions, created_at, edited_at)
       VALUES (@id, @threadId, @authorId, @body, @mentions, @createdAt, @editedAt)`,
    ),
    getComment: db.prepare<[string], CommentRow>(`SELECT ${COMMENT_COLUMNS} FROM comments WHERE id = ?`),
    listComments: db.prepare<[string], CommentRow>(
      `SELECT ${COMMENT_COLUMNS} FROM comments
        WHERE thread_id IN (SELECT value FROM json_each(?))
        ORDER BY created_at, id`,
    ),
    updateComment: db.prepare<{ id: string; body: string; mentions: string; editedAt: string }, void>(
      `UPDATE comments SET body = @body, mentions = @mentions, edited_at = @editedAt WHERE id = @id`,
    ),
    deleteComment: db.prepare<[string], void>(`DELETE FROM comments WHERE id = ?`),
    countComments: db.prepare<[string], number>(`SELECT count(*) FROM comments WHERE thread_id = ?`).pluck(),
    insertActivity: db.prepare<ActivityRow, void>(
      `INSERT INTO activity (id, brief_id, recommendation_id, actor_id, type, data, created_at)
       VALUES (@id, @briefId, @recommendationId, @actorId, @type, @data, @createdAt)`,
    ),
    listActivity: db.prepare<{ briefId: string; recommendationId: string | null; limit: number }, ActivityRow>(
      `SELECT ${ACTIVITY_COLUMNS} FROM activity
        WHERE brief_id = @briefId AND (@recommendationId IS NULL OR recommendation_id = @recommendationId)
        ORDER BY created_at DESC, id DESC
        LIMIT @limit`,
    ),
  };

  const getThread = (id: string): Thread | null => {
    const row = s.getThread.get(id);
    return row ? toThread(row) : null;
  };
  const getComment = (id: string): Comment | null => {
    const row = s.getComment.get(id);
    return row ? toComment(row) : null;
  };

  const createThread = writeTransaction(db, (input: NewThread) => {
    const { thread, comment } = newThread(input, now());
    s.insertThread.run({ ...thread, anchor: JSON.stringify(thread.anchor) });
    s.insertComment.run({ ...comment, mentions: JSON.stringify(comment.mentions) });
    return { thread, comment };
  });

  const setThreadStatus = writeTransaction(db, (id: string, status: ThreadStatus, actorId: string): Thread | null => {
    const current = getThread(id);
    if (!current || current.status === status) return current;
    const resolved = status === "resolved";
    const at = now();
    s.setThreadStatus.run({
      id,
      status,
      resolvedBy: resolved ? actorId : null,
      resolvedAt: resolved ? at : null,
      updatedAt: at,
    });
    return getThread(id);
  });

  const createComment = writeTransaction(
    db,
    (input: { threadId: string; authorId: string; body: string; mentions: string[] }): Comment | null => {
      if (!s.getThread.get(input.threadId)) return null;
      const comment: Comment = {
        id: newId(),
        ...input,
        mentions: [...input.mentions],
        createdAt: now(),
        editedAt: null,
      };
      s.insertComment.run({ ...comment, mentions: JSON.stringify(comment.mentions) });
      s.touchThread.run(comment.createdAt, input.threadId);
      return comment;
    },
  );

  const updateComment = writeTransaction(
    db,
    (id: string, patch: { body: string; mentions: string[] }): Comment | null => {
      const current = getComment(id);
      if (!current) return null;
      const editedAt = now();
      s.updateComment.run({ id, body: patch.body, mentions: JSON.stringify(patch.mentions), editedAt });
      s.touchThread.run(editedAt, current.threadId);
      return { ...current, body: patch.body, mentions: [...patch.mentions], editedAt };
    },
  );

  const deleteComment = writeTransaction(db, (id: string) => {
    const current = s.getComment.get(id);
    if (!current) return { deleted: false, threadDeleted: false };
    s.deleteComment.run(id);
    // T3: a thread without comments has nothing left to say.
    if (s.countComments.get(current.threadId) === 0) {
      s.deleteThread.run(current.threadId);
      return { deleted: true, threadDeleted: true };
    }
    s.touchThread.run(now(), current.threadId);
    return { deleted: true, threadDeleted: false };
  });

  return {
    createThread: async (input) => createThread(input),
    getThread: async (id) => getThread(id),
    listThreads: async (briefId, filter = {}) =>
      s.listThreads
        .all({ briefId, recommendationId: filter.recommendationId ?? null, status: filter.status ?? null })
        .map(toThread),
    setThreadStatus: async (id, status, actorId) => setThreadStatus(id, status, actorId),
    createComment: async (input) => createComment(input),
    getComment: async (id) => getComment(id),
    listComments: async (threadIds) =>
      threadIds.length === 0 ? [] : s.listComments.all(JSON.stringify(threadIds)).map(toComment),
    updateComment: async (id, patch) => updateComment(id, patch),
    deleteComment: async (id) => deleteComment(id),
    addActivity: async (input) => {
      const entry: ActivityEntry = { id: newId(), ...input, data: { ...input.data }, createdAt: now() };
      s.insertActivity.run({ ...entry, data: JSON.stringify(entry.data) });
      return entry;
    },
    listActivity: async (briefId, query) =>
      s.listActivity
        .all({ briefId, recommendationId: query.recommendationId ?? null, limit: query.limit })
        .map(toActivity),
  };
}
