import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./schema.js";

export interface SqliteDatabaseOptions {
  /** Path of the database file; its directory is created if missing. */
  file: string;
  /**
   * `NORMAL`: a commit survives a killed process (WAL). `FULL`: it also survives
   * power loss, at the cost of an fsync per commit.
   * @default "NORMAL"
   */
  synchronous?: "NORMAL" | "FULL";
  /**
   * How long a write waits for another process holding the file's write lock.
   * @default 5000
   */
  busyTimeoutMs?: number;
}

/**
 * Opens the file in WAL mode with foreign keys on, migrated to the current schema.
 *
 * Several processes may share the file (one host, one Accord process per core): the busy
 * timeout is set first, so that switching a new file to WAL and migrating it wait for another
 * process doing the same instead of failing, and every write transaction takes the write lock
 * before its first read (`writeTransaction`).
 */
export function openDatabase(options: SqliteDatabaseOptions): Database.Database {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs(options)}`);
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function busyTimeoutMs(options: SqliteDatabaseOptions): number {
  return Math.trunc(options.busyTimeoutMs ?? 5000);
}

/**
 * A transaction that writes, begun IMMEDIATE: it takes the file's write lock (waiting up to
 * the busy timeout for another connection to release it) before its first statement.
 *
 * better-sqlite3's default is DEFERRED, which is wrong for any transaction that reads and then
 * writes once another process shares the file: the read opens a snapshot, and the write that
 * follows cannot wait for the lock (SQLite would have to move the snapshot under the reads
 * already made), so it fails at once with SQLITE_BUSY whenever another process is writing or
 * has written since the snapshot. A read that decides a write (a new sector's position, "does
 * this email exist", "is this source still uncited") must also see the last commit of every
 * process, which only holds under the lock. Nested inside another transaction it is a
 * savepoint, as before.
 */
export function writeTransaction<A extends unknown[], R>(
  db: Database.Database,
  body: (...args: A) => R,
): (...args: A) => R {
  const transaction = db.transaction(body);
  return (...args) => transaction.immediate(...args);
}
