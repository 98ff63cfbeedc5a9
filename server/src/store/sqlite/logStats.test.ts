import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./SqliteStore.js";
import { migrate } from "./schema.js";

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
    // Schema 3, as a release before the counters left it, with a log in it.
    const raw = new Database(file);
    migrate(raw, 3);
    const append = raw.prepare("INSERT INTO document_updates (doc_name, data) VALUES (?, ?)");
    append.run("a", Buffer.from([1, 2, 3]));
    append.run("a", Buffer.from([4]));
    append.run("b", Buffer.from([5, 6]));
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
