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
 * - Reports (migration 2): a report and all its parts are written in one transaction, so
 *   a failed import leaves nothing. `passages.seq` is an INTEGER PRIMARY KEY because the
 *   FTS5 index is an external-content table keyed by rowid; `passages.id` is the evidence
 *   id citations use. Triggers keep the index in step with the table, including rows
 *   removed by ON DELETE CASCADE (SQLite fires triggers for cascaded deletes).
 *   Tokenizer: unicode61 without diacritics, under porter stemming ("tariffs" finds
 *   "tariff").
 * - Review (migration 3): threads, comments and activity hang off their recommendation with
 *   ON DELETE CASCADE, so deleting a recommendation removes its review in the same statement.
 *   `anchor`, `mentions` and `data` are JSON text. A thread never outlives its last comment:
 *   deleteComment removes both in one transaction (threads/SPEC.md T3).
 * - Log sizes (migration 4): `document_log_stats` counts each document's log rows and bytes,
 *   kept exact by triggers on every insert and delete, so the size every append answers is
 *   one row read. Counting the rows instead made each append O(log length): filling a
 *   260,000-row log that way took 284 s.
 * - Invites and signups (migration 5): an invite gets a public `id` (listing and revoking name
 *   it; the token hash never leaves the server) and an optional bound `email`. A lead's pending
 *   invites die with their lead role: triggers delete them in the same write that demotes or
 *   removes the lead, whichever code path does it, so a re-promoted lead's old links stay dead.
 *   `signup_requests` holds signups waiting for their e-mail confirmation (token hashed,
 *   single-use: taking one deletes it).
 * - Report metadata (migration 6): a report's own authors (JSON), publisher, date and number
 *   beside its title, and the sha256 of what was imported (null before: such a report is never
 *   found as a duplicate). Sections get their level, footnotes every URL (JSON; an older note's
 *   one URL), passages where their sources came from: older reports linked each passage to its
 *   page's notes, so "page".
 * - Citations (migration 7, packages/export/CITATIONS.md): a citation is its own row (quote,
 *   notes and chosen source ids as JSON), gone with its brief and with its report (a report
 *   can be deleted only when no body cites it, so what goes is citations no body holds).
 *   Bibliography sources keep their CSL-JSON as text and their order of addition in `seq`.
 *   A brief's custom CSL style is one row beside it; `briefs.citation_style` names the style
 *   in use. Passages keep their markers (JSON; older passages have none), recommendations
 *   the citation ids their body holds.
 * - Notifications (migration 8): one row per person per thing to hear about, gone with the
 *   person, the brief or the recommendation. `read_at` and `mailed_at` are null until then;
 *   a partial index finds what a digest still has to mail. `notification_settings` holds a
 *   person's e-mail choice (no row: e-mail on) and when their last digest went out.
 * - Clock (migration 9): the last instant the store stamped (`createdAt`, `updatedAt`), one row
 *   shared by every process on the file, so that no two writes get the same instant even from
 *   two processes in the same millisecond (clock.ts). A notifications page ends at `before`, an
 *   instant: a twin instant on the other side of it would be skipped.
 * - Versions (migration 10, issue 18): a saved copy of a recommendation's body (ProseMirror JSON
 *   as text, with its sha-256), gone with its recommendation by ON DELETE CASCADE. Holding the
 *   body itself, a version outlives any compaction of the document log. Threads get the
 *   suggestion they reply to (null: plain text); briefs whether editors suggest while in review.
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
  `
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    section_count INTEGER NOT NULL,
    page_count INTEGER NOT NULL,
    passage_count INTEGER NOT NULL,
    footnote_count INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX reports_by_brief ON reports(brief_id, created_at);

  CREATE TABLE report_sections (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section_index INTEGER NOT NULL,
    title TEXT NOT NULL,
    sector_like INTEGER NOT NULL,
    sector_name TEXT,
    PRIMARY KEY (report_id, section_index)
  ) STRICT;

  CREATE TABLE report_pages (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    PRIMARY KEY (report_id, number)
  ) STRICT;

  CREATE TABLE report_footnotes (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    page INTEGER NOT NULL,
    url TEXT,
    text TEXT NOT NULL,
    PRIMARY KEY (report_id, number)
  ) STRICT;

  CREATE TABLE passages (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    brief_id TEXT NOT NULL,
    section_index INTEGER,
    section_title TEXT,
    page INTEGER NOT NULL,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    figures TEXT NOT NULL,
    footnotes TEXT NOT NULL
  ) STRICT;
  CREATE INDEX passages_by_report ON passages(report_id, position);
  CREATE INDEX passages_by_brief ON passages(brief_id);

  CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = 'passages',
    content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER passages_fts_insert AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts (rowid, text) VALUES (new.seq, new.text);
  END;
  CREATE TRIGGER passages_fts_delete AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
  END;
  CREATE TRIGGER passages_fts_update AFTER UPDATE OF text ON passages BEGIN
    INSERT INTO passages_fts (passages_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO passages_fts (rowid, text) VALUES (new.seq, new.text);
  END;
  `,
  `
  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    anchor TEXT NOT NULL,
    quote TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    resolved_by TEXT REFERENCES users(id),
    resolved_at TEXT
  ) STRICT;
  CREATE INDEX threads_by_recommendation ON threads(recommendation_id, created_at);
  CREATE INDEX threads_by_brief ON threads(brief_id, status);

  CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    mentions TEXT NOT NULL,
    created_at TEXT NOT NULL,
    edited_at TEXT
  ) STRICT;
  CREATE INDEX comments_by_thread ON comments(thread_id, created_at);

  CREATE TABLE activity (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    recommendation_id TEXT REFERENCES recommendations(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES users(id),
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX activity_by_brief ON activity(brief_id, created_at);
  CREATE INDEX activity_by_recommendation ON activity(recommendation_id, created_at);
  `,
  `
  CREATE TABLE document_log_stats (
    doc_name TEXT PRIMARY KEY,
    update_count INTEGER NOT NULL,
    update_bytes INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO document_log_stats (doc_name, update_count, update_bytes)
    SELECT doc_name, count(*), sum(length(data)) FROM document_updates GROUP BY doc_name;
  CREATE TRIGGER document_updates_counted AFTER INSERT ON document_updates BEGIN
    INSERT INTO document_log_stats (doc_name, update_count, update_bytes) VALUES (new.doc_name, 1, length(new.data))
      ON CONFLICT (doc_name) DO UPDATE SET update_count = update_count + 1, update_bytes = update_bytes + excluded.update_bytes;
  END;
  CREATE TRIGGER document_updates_uncounted AFTER DELETE ON document_updates BEGIN
    UPDATE document_log_stats SET update_count = update_count - 1, update_bytes = update_bytes - length(old.data)
      WHERE doc_name = old.doc_name;
  END;
  `,
  `
  ALTER TABLE invites ADD COLUMN id TEXT NOT NULL DEFAULT '';
  ALTER TABLE invites ADD COLUMN email TEXT;
  UPDATE invites SET id = lower(hex(randomblob(16)));
  CREATE UNIQUE INDEX invites_by_id ON invites(id);
  CREATE INDEX invites_by_brief ON invites(brief_id, created_at);
  DELETE FROM invites WHERE accepted_by IS NULL AND NOT EXISTS (
    SELECT 1 FROM memberships m WHERE m.brief_id = invites.brief_id AND m.user_id = invites.created_by AND m.role = 'lead');
  CREATE TRIGGER invites_die_with_demotion AFTER UPDATE OF role ON memberships
    WHEN old.role = 'lead' AND new.role <> 'lead' BEGIN
    DELETE FROM invites WHERE brief_id = old.brief_id AND created_by = old.user_id AND accepted_by IS NULL;
  END;
  CREATE TRIGGER invites_die_with_removal AFTER DELETE ON memberships WHEN old.role = 'lead' BEGIN
    DELETE FROM invites WHERE brief_id = old.brief_id AND created_by = old.user_id AND accepted_by IS NULL;
  END;

  CREATE TABLE signup_requests (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    invite_token_hash TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX signup_requests_by_expiry ON signup_requests(expires_at);
  `,
  `
  ALTER TABLE reports ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE reports ADD COLUMN publisher TEXT;
  ALTER TABLE reports ADD COLUMN publication_date TEXT;
  ALTER TABLE reports ADD COLUMN report_number TEXT;
  ALTER TABLE reports ADD COLUMN content_hash TEXT;
  CREATE INDEX reports_by_content_hash ON reports(brief_id, content_hash);

  ALTER TABLE report_sections ADD COLUMN level INTEGER NOT NULL DEFAULT 1;

  ALTER TABLE report_footnotes ADD COLUMN urls TEXT NOT NULL DEFAULT '[]';
  UPDATE report_footnotes SET urls = json_array(url) WHERE url IS NOT NULL;

  ALTER TABLE passages ADD COLUMN sources_from TEXT NOT NULL DEFAULT 'page';
  `,
  `
  ALTER TABLE briefs ADD COLUMN citation_style TEXT NOT NULL DEFAULT 'chicago-fullnote-bibliography';
  ALTER TABLE recommendations ADD COLUMN citation_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE passages ADD COLUMN markers TEXT NOT NULL DEFAULT '[]';

  CREATE TABLE brief_sources (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    csl TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX brief_sources_by_brief ON brief_sources(brief_id, seq);

  CREATE TABLE citations (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    evidence_id TEXT,
    report_id TEXT REFERENCES reports(id) ON DELETE CASCADE,
    quote TEXT,
    notes TEXT NOT NULL,
    source_ids TEXT NOT NULL,
    sources_chosen INTEGER NOT NULL,
    source_id TEXT,
    locator TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX citations_by_brief ON citations(brief_id, created_at);
  CREATE INDEX citations_by_report ON citations(report_id);
  CREATE INDEX citations_by_source ON citations(source_id);

  CREATE TABLE brief_citation_styles (
    brief_id TEXT PRIMARY KEY REFERENCES briefs(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    xml TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    thread_id TEXT,
    comment_id TEXT,
    actor_id TEXT NOT NULL,
    excerpt TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT,
    mailed_at TEXT
  ) STRICT;
  CREATE INDEX notifications_by_user ON notifications(user_id, created_at);
  CREATE INDEX notifications_by_recommendation ON notifications(recommendation_id);
  CREATE INDEX notifications_by_brief ON notifications(brief_id);
  CREATE INDEX notifications_unmailed ON notifications(user_id, created_at) WHERE read_at IS NULL AND mailed_at IS NULL;

  CREATE TABLE notification_settings (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email INTEGER NOT NULL DEFAULT 1,
    last_digest_at TEXT
  ) STRICT;
  `,
  `
  CREATE TABLE store_clock (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    last_ms INTEGER NOT NULL
  ) STRICT;
  INSERT INTO store_clock (id, last_ms) VALUES (0, 0);
  `,
  `
  ALTER TABLE briefs ADD COLUMN suggest_edits_in_review INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE threads ADD COLUMN suggestion_id TEXT;

  CREATE TABLE versions (
    id TEXT PRIMARY KEY,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    author_ids TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    restored_from TEXT,
    body TEXT NOT NULL,
    body_hash TEXT NOT NULL
  ) STRICT;
  CREATE INDEX versions_by_recommendation ON versions(recommendation_id, created_at);
  `,
  `
  CREATE TABLE claim_checks (
    recommendation_id TEXT PRIMARY KEY REFERENCES recommendations(id) ON DELETE CASCADE,
    brief_id TEXT NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    findings TEXT NOT NULL,
    claim_keys TEXT NOT NULL,
    counts TEXT NOT NULL,
    checked_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX claim_checks_by_brief ON claim_checks(brief_id);

  CREATE TABLE claim_ignores (
    recommendation_id TEXT NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
    finding_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, finding_id)
  ) STRICT;
  `,
];

/** The schema version (`PRAGMA user_version`) of a file this server has migrated. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to the latest schema, all pending migrations in one transaction.
 * `target` stops earlier: tests build a database as an older release left it, and then let
 * the store migrate it (rolling a newer schema back by hand breaks with each new migration).
 *
 * Several processes may open one file at the same moment (one Accord process per core): the
 * version is read inside the IMMEDIATE transaction, under the write lock, so the second process
 * waits for the first to finish and then finds nothing left to run. Read before the lock, both
 * saw version 0 and the second failed on "table users already exists".
 */
export function migrate(db: Database.Database, target: number = MIGRATIONS.length): void {
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The database schema (version ${current}) is newer than this server knows (${MIGRATIONS.length}): upgrade the server.`,
      );
    }
    if (current >= target) return;
    for (const sql of MIGRATIONS.slice(current, target)) db.exec(sql);
    // PRAGMA takes no bound parameters; the value is our own integer.
    db.pragma(`user_version = ${Math.min(target, MIGRATIONS.length)}`);
  }).immediate();
}
