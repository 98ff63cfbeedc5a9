import type { VersionKind } from "@accord/protocol";
import type { Status } from "@accord/domain";
import type Database from "better-sqlite3";
import { newId } from "../ids.js";
import type { VersionsPort } from "../Store.js";
import type { NewVersion, StoredVersion, StoredVersionWithBody } from "../versions.js";
import { writeTransaction } from "./database.js";

type VersionRow = Omit<StoredVersion, "authorIds" | "kind" | "status"> & {
  kind: string;
  status: string;
  authorIds: string;
};
type VersionRowWithBody = VersionRow & { body: string };

const VERSION_COLUMNS = `id, brief_id AS briefId, recommendation_id AS recommendationId, kind, name,
  author_ids AS authorIds, status, created_at AS createdAt, restored_from AS restoredFrom, body_hash AS bodyHash`;

const toVersion = ({ body: _body, ...row }: VersionRow & { body?: string }): StoredVersion => ({
  ...row,
  kind: row.kind as VersionKind,
  status: row.status as Status,
  authorIds: JSON.parse(row.authorIds) as string[],
});

/** Versions on SQLite: a new version and the pruning it makes necessary are one transaction. */
export function createSqliteVersions(db: Database.Database, now: () => string): VersionsPort {
  const s = {
    insert: db.prepare<VersionRowWithBody, void>(
      `INSERT INTO versions (id, brief_id, recommendation_id, kind, name, author_ids, status, created_at,
                             restored_from, body, body_hash)
       VALUES (@id, @briefId, @recommendationId, @kind, @name, @authorIds, @status, @createdAt,
               @restoredFrom, @body, @bodyHash)`,
    ),
    // Past the bound: automatic versions first, then the others, oldest first; never the new one.
    // max(0, …): a negative LIMIT is no limit in SQLite.
    prune: db.prepare<{ recommendationId: string; keep: string; max: number }, void>(
      `DELETE FROM versions WHERE id IN (
         SELECT id FROM versions
          WHERE recommendation_id = @recommendationId AND id <> @keep
          ORDER BY (kind = 'auto') DESC, created_at, id
          LIMIT max(0, (SELECT count(*) FROM versions WHERE recommendation_id = @recommendationId) - @max))`,
    ),
    list: db.prepare<[string], VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM versions WHERE recommendation_id = ? ORDER BY created_at DESC, id DESC`,
    ),
    get: db.prepare<[string], VersionRowWithBody>(`SELECT ${VERSION_COLUMNS}, body FROM versions WHERE id = ?`),
    latest: db.prepare<{ recommendationId: string; at: string | null }, VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM versions
        WHERE recommendation_id = @recommendationId AND (@at IS NULL OR created_at <= @at)
        ORDER BY created_at DESC, id DESC LIMIT 1`,
    ),
    lastReviewAction: db
      .prepare<{ recommendationId: string; userId: string }, string | null>(
        `SELECT max(at) FROM (
           SELECT max(created_at) AS at FROM activity
            WHERE recommendation_id = @recommendationId AND actor_id = @userId AND type = 'status.changed'
           UNION ALL
           SELECT max(c.created_at) AS at FROM comments c JOIN threads t ON t.id = c.thread_id
            WHERE t.recommendation_id = @recommendationId AND c.author_id = @userId)`,
      )
      .pluck(),
  };

  const createVersion = writeTransaction(db, (input: NewVersion, maxPerRecommendation: number): StoredVersion => {
    const version: StoredVersionWithBody = {
      id: newId(),
      ...input,
      authorIds: [...input.authorIds],
      createdAt: now(),
    };
    s.insert.run({ ...version, authorIds: JSON.stringify(version.authorIds) });
    s.prune.run({ recommendationId: input.recommendationId, keep: version.id, max: maxPerRecommendation });
    return toVersion({ ...version, authorIds: JSON.stringify(version.authorIds) });
  });

  return {
    createVersion: async (input, max) => createVersion(input, max),
    listVersions: async (recommendationId) => s.list.all(recommendationId).map(toVersion),
    getVersion: async (id) => {
      const row = s.get.get(id);
      return row ? { ...toVersion(row), body: row.body } : null;
    },
    latestVersion: async (recommendationId, at) => {
      const row = s.latest.get({ recommendationId, at: at ?? null });
      return row ? toVersion(row) : null;
    },
    lastReviewActionAt: async (recommendationId, userId) =>
      s.lastReviewAction.get({ recommendationId, userId }) ?? null,
  };
}
