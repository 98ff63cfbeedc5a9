import type Database from "better-sqlite3";
import { copyBytes, DEFAULT_SNAPSHOT_CHUNK_BYTES, joinChunks, splitIntoChunks } from "../chunks.js";
import type { DocumentLog, LogStats, StandaloneDocumentLog, StoredDocument } from "../DocumentLog.js";
import { AppendBatcher, type AppendRequest } from "./appendBatcher.js";
import { openDatabase, type SqliteDatabaseOptions, writeTransaction } from "./database.js";

/**
 * The document half of the SQLite adapter, synchronous (better-sqlite3 is).
 *
 * Durability: every batch of appends is one transaction; in WAL mode a committed transaction
 * survives a killed process with `synchronous=NORMAL` and power loss with `FULL`.
 *
 * Compaction merges outside the write lock, then swaps under it. Several processes may share
 * the file (one host, one Accord process per core), and a process waiting for the lock waits
 * synchronously, its event loop stopped: a merge held under the lock (applying a large snapshot
 * takes tens of milliseconds) would stall every other process's writes and sockets with it. So
 * it reads the snapshot and the log in one read transaction, merges with no transaction open,
 * and then, in one IMMEDIATE transaction, stores the merge only if the snapshot it read is
 * still the stored one and every update it merged is still in the log; it deletes exactly the
 * seqs it merged. Updates appended meanwhile, by any connection, have higher seqs and stay.
 * Otherwise another compaction (or a deletion) came first: the merge is dropped, nothing is
 * lost, and the next compaction starts from what is stored.
 */
export interface SqliteDocumentLog {
  load(docName: string): StoredDocument;
  /** Several documents' appends in one transaction (appendBatcher.ts); the stats in order. */
  appendAll(requests: readonly AppendRequest[]): LogStats[];
  compact(docName: string, merge: (parts: Uint8Array[]) => Uint8Array): LogStats;
  stats(docName: string): LogStats;
  remove(docName: string): void;
}

interface StatsRow {
  updateCount: number;
  updateBytes: number;
}

interface UpdateRow {
  seq: number;
  data: Buffer;
}

export function createSqliteDocumentLog(db: Database.Database, chunkBytes: number): SqliteDocumentLog {
  const statements = {
    // Kept by triggers (schema.ts, migration 4): one row, however long the log.
    stats: db.prepare<[string], StatsRow>(
      `SELECT update_count AS updateCount, update_bytes AS updateBytes FROM document_log_stats WHERE doc_name = ?`,
    ),
    updates: db.prepare<[string], UpdateRow>(`SELECT seq, data FROM document_updates WHERE doc_name = ? ORDER BY seq`),
    updatesUpTo: db
      .prepare<[string, number], number>(`SELECT count(*) FROM document_updates WHERE doc_name = ? AND seq <= ?`)
      .pluck(),
    insertUpdate: db.prepare<[string, Uint8Array], void>(`INSERT INTO document_updates (doc_name, data) VALUES (?, ?)`),
    deleteUpdatesUpTo: db.prepare<[string, number], void>(
      `DELETE FROM document_updates WHERE doc_name = ? AND seq <= ?`,
    ),
    deleteAllUpdates: db.prepare<[string], void>(`DELETE FROM document_updates WHERE doc_name = ?`),
    snapshotVersion: db
      .prepare<[string], number | null>(`SELECT max(version) FROM document_snapshots WHERE doc_name = ?`)
      .pluck(),
    snapshotChunks: db
      .prepare<[string, number], Buffer>(
        `SELECT data FROM document_snapshots WHERE doc_name = ? AND version = ? ORDER BY chunk_index`,
      )
      .pluck(),
    insertChunk: db.prepare<[string, number, number, Uint8Array], void>(
      `INSERT INTO document_snapshots (doc_name, version, chunk_index, data) VALUES (?, ?, ?, ?)`,
    ),
    deleteSnapshotVersion: db.prepare<[string, number], void>(
      `DELETE FROM document_snapshots WHERE doc_name = ? AND version = ?`,
    ),
    deleteAllSnapshots: db.prepare<[string], void>(`DELETE FROM document_snapshots WHERE doc_name = ?`),
  };

  const stats = (docName: string): LogStats => {
    const row = statements.stats.get(docName);
    return { updateCount: row?.updateCount ?? 0, updateBytes: row?.updateBytes ?? 0 };
  };

  const readSnapshot = (docName: string): { version: number; data: Uint8Array } | null => {
    const version = statements.snapshotVersion.get(docName) ?? null;
    if (version === null) return null;
    return { version, data: joinChunks(statements.snapshotChunks.all(docName, version)) };
  };

  // A read transaction gives the two SELECTs one consistent view of the WAL.
  const load = db.transaction((docName: string): StoredDocument => {
    const snapshot = readSnapshot(docName);
    const updates = statements.updates.all(docName).map((row) => copyBytes(row.data));
    return { snapshot: snapshot?.data ?? null, updates };
  });

  const appendAll = writeTransaction(db, (requests: readonly AppendRequest[]): LogStats[] =>
    requests.map(({ docName, updates }) => {
      for (const update of updates) statements.insertUpdate.run(docName, update);
      return stats(docName);
    }),
  );

  // A read transaction: the snapshot and the log as one commit left them.
  const readForCompaction = db.transaction((docName: string) => ({
    snapshot: readSnapshot(docName),
    rows: statements.updates.all(docName),
  }));

  /** Stores `merged` in place of the snapshot and the updates up to `lastSeq`, if they are still what is stored. */
  const swapIn = writeTransaction(
    db,
    (docName: string, merged: Uint8Array, read: { version: number | null; lastSeq: number; count: number }) => {
      const version = statements.snapshotVersion.get(docName) ?? null;
      if (version !== read.version || statements.updatesUpTo.get(docName, read.lastSeq) !== read.count) {
        return stats(docName);
      }
      splitIntoChunks(merged, chunkBytes).forEach((chunk, index) => {
        statements.insertChunk.run(docName, (version ?? 0) + 1, index, chunk);
      });
      if (version !== null) statements.deleteSnapshotVersion.run(docName, version);
      statements.deleteUpdatesUpTo.run(docName, read.lastSeq);
      return stats(docName);
    },
  );

  const compact = (docName: string, merge: (parts: Uint8Array[]) => Uint8Array): LogStats => {
    const { snapshot, rows } = readForCompaction(docName);
    const last = rows.at(-1);
    if (last === undefined) return stats(docName);
    const parts = rows.map((row) => copyBytes(row.data));
    if (snapshot) parts.unshift(snapshot.data);
    const merged = merge(parts);
    return swapIn(docName, merged, { version: snapshot?.version ?? null, lastSeq: last.seq, count: rows.length });
  };

  const remove = writeTransaction(db, (docName: string): void => {
    statements.deleteAllUpdates.run(docName);
    statements.deleteAllSnapshots.run(docName);
  });

  return {
    load: (docName) => load(docName),
    appendAll: (requests) => appendAll(requests),
    compact: (docName, merge) => compact(docName, merge),
    stats,
    remove: (docName) => remove(docName),
  };
}

/**
 * The `DocumentLog` port over the synchronous log, with deletion: what the store spreads into
 * itself. Appends go through an AppendBatcher, so every document's appends of one turn of the
 * event loop share a transaction.
 */
export function sqliteDocumentLogPort(
  log: SqliteDocumentLog,
): DocumentLog & Pick<StandaloneDocumentLog, "deleteDocument"> {
  const appends = new AppendBatcher((requests) => log.appendAll(requests));
  return {
    loadDocument: async (docName) => log.load(docName),
    appendUpdates: (docName, updates) => appends.append(docName, updates),
    compactDocument: async (docName, merge) => log.compact(docName, merge),
    documentStats: async (docName) => log.stats(docName),
    deleteDocument: async (docName) => log.remove(docName),
  };
}

/**
 * A document log on its own connection, without the rest of the store (the file is migrated
 * as the store's is, so the two can share it). No checkpoint worker: SQLite's own
 * checkpoints at commit keep the WAL bounded.
 */
export function openSqliteDocumentLog(
  options: SqliteDatabaseOptions & { /** @default 8 MiB */ snapshotChunkBytes?: number },
): StandaloneDocumentLog {
  const db = openDatabase(options);
  const port = sqliteDocumentLogPort(
    createSqliteDocumentLog(db, options.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES),
  );
  return {
    ...port,
    close: async () => {
      if (db.open) db.close();
    },
  };
}
