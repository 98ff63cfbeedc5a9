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

/** Opens the file in WAL mode with foreign keys on, migrated to the current schema. */
export function openDatabase(options: SqliteDatabaseOptions): Database.Database {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
    db.pragma(`busy_timeout = ${busyTimeoutMs(options)}`);
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
