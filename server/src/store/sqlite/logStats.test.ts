import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./SqliteStore.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-logstats-"));
  dirs.push(dir);
  return path.join(dir, "accord.db");
}

describe("document log sizes (migration 4)", () => {
  it("a database from before the counters gets them from its existing rows", async () => {
    const file = tempFile();
    const before = openSqliteStore({ file });
    await before.appendUpdates("a", [Uint8Array.of(1, 2, 3), Uint8Array.of(4)]);
    await before.appendUpdates("b", [Uint8Array.of(5, 6)]);
    await before.close();
    // Back to schema 3: the counters and their triggers did not exist yet.
    const raw = new Database(file);
    raw.exec("DROP TRIGGER document_updates_counted; DROP TRIGGER document_updates_uncounted; DROP TABLE document_log_stats;");
    raw.pragma("user_version = 3");
    raw.close();

    const after = openSqliteStore({ file });
    expect(await after.documentStats("a")).toEqual({ updateCount: 2, updateBytes: 4 });
    expect(await after.documentStats("b")).toEqual({ updateCount: 1, updateBytes: 2 });
    expect(await after.appendUpdates("a", [Uint8Array.of(7, 8)])).toEqual({ updateCount: 3, updateBytes: 6 });
    await after.close();
  });

  it("stay exact through appends, a compaction that raced with an append, and a deletion", async () => {
    const store = openSqliteStore({ file: tempFile() });
    await store.appendUpdates("doc", [Uint8Array.of(1), Uint8Array.of(2, 2)]);
    let raced: Promise<unknown> = Promise.resolve();
    const afterCompaction = await store.compactDocument("doc", (parts) => {
      // Sent while the merge runs: stored after it, in the log and in the counts.
      raced = store.appendUpdates("doc", [Uint8Array.of(3, 3, 3)]);
      return Uint8Array.of(parts.length);
    });
    expect(afterCompaction).toEqual({ updateCount: 0, updateBytes: 0 });
    expect(await raced).toEqual({ updateCount: 1, updateBytes: 3 });
    expect(await store.documentStats("doc")).toEqual({ updateCount: 1, updateBytes: 3 });
    await store.deleteDocument("doc");
    expect(await store.documentStats("doc")).toEqual({ updateCount: 0, updateBytes: 0 });
    await store.close();
  });
});
