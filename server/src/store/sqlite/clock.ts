import type Database from "better-sqlite3";

/**
 * The store's clock for `createdAt`/`updatedAt` (as ../clock.ts's, never the same instant twice
 * nor going back), kept in the file rather than in the process: several processes on one host
 * share the file, and each with a clock of its own would stamp two writes of the same
 * millisecond alike. The last instant is one row (schema.ts, migration 9) advanced by one
 * statement, under the write lock: inside a write transaction it is part of it; outside one
 * it is a write of its own, waiting for the lock as any write does.
 */
export function createSharedClock(db: Database.Database, wallClock: () => number = () => Date.now()): () => string {
  const tick = db
    .prepare<[number], number>(`UPDATE store_clock SET last_ms = max(last_ms + 1, ?) WHERE id = 0 RETURNING last_ms`)
    .pluck();
  return () => {
    const instant = tick.get(wallClock());
    if (instant === undefined) throw new Error("The store's clock row is missing (schema migration 9).");
    return new Date(instant).toISOString();
  };
}
