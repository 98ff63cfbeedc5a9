import type Database from "better-sqlite3";

/**
 * Migrations, applied in order; `PRAGMA user_version` records how many ran. Never
 * edit one that has shipped: append a new one.
 *
 * Design notes:
 * - Emails are stored lower-cased, so the UNIQUE constraint is the case-insensitive
 *   uniqueness users expect.
 * - Foreign keys guard the parent/child structure (a recommendation in a sector
 *   of its brief). `recommendations.sector_id` has no ON DELETE action on purpose:
 *   deleting a sector that still has recommendations must fail (see deleteSector).
 * - Document bodies: `document_updates` is the append-only log (AUTOINCREMENT, so
 *   a seq is never reused even after the rows it merged are deleted), and
 *   `document_snapshots` holds the compacted snapshot as chunks of one version.
 *   A compaction writes version n+1 and deletes version n in the same transaction,
 *   so a reader only ever sees one complete version.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_user ON sessions(user_id);

  CREATE TABLE briefs (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE memberships (
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (brief_id, user_id)
  ) STRICT;
  CREATE INDEX memberships_by_user ON memberships(user_id);

  CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_by TEXT REFERENCES users(id)
  ) STRICT;

  CREATE TABLE sectors (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    position INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sectors_by_brief ON sectors(brief_id, position);

  CREATE TABLE recommendations (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    sector_id TEXT NOT NULL REFERENCES sectors(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    position INTEGER NOT NULL,
    cited_evidence_ids TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX recommendations_by_brief ON recommendations(brief_id);
  CREATE INDEX recommendations_by_sector ON recommendations(sector_id, position);

  CREATE TABLE document_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_name TEXT NOT NULL,
    data BLOB NOT NULL
  ) STRICT;
  CREATE INDEX document_updates_by_doc ON document_updates(doc_name, seq);

  CREATE TABLE document_snapshots (
    doc_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    chunk_index INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (doc_name, version, chunk_index)
  ) STRICT;
  `,
];

/** Brings the database up to the latest schema, all pending migrations in one transaction. */
export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The database schema (version ${current}) is newer than this server knows (${MIGRATIONS.length}): upgrade the server.`,
    );
  }
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
