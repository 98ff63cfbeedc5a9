import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { AppendBatcher, type AppendRequest, MAX_APPENDS_PER_TRANSACTION } from "./appendBatcher.js";
import { createSqliteDocumentLog } from "./documentLog.js";
import { migrate } from "./schema.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A real document log on a real file, and the batches the batcher handed it. */
function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-batcher-"));
  const db = new Database(path.join(dir, "accord.db"));
  db.pragma("journal_mode = WAL");
  migrate(db);
  cleanups.push(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const log = createSqliteDocumentLog(db, 1 << 20);
  const transactions: string[][] = [];
  const batcher = new AppendBatcher((requests: readonly AppendRequest[]) => {
    transactions.push(requests.map((request) => request.docName));
    return log.appendAll(requests);
  });
  return { log, batcher, transactions };
}

describe("AppendBatcher", () => {
  it("stores the appends of one turn, from every document, in one transaction; each gets its own log size", async () => {
    const { log, batcher, transactions } = setup();
    const answers = await Promise.all([
      batcher.append("a", [Uint8Array.of(1), Uint8Array.of(2, 2)]),
      batcher.append("b", [Uint8Array.of(3, 3, 3)]),
      batcher.append("c", []),
    ]);
    expect(transactions).toEqual([["a", "b", "c"]]);
    expect(answers).toEqual([
      { updateCount: 2, updateBytes: 3 },
      { updateCount: 1, updateBytes: 3 },
      { updateCount: 0, updateBytes: 0 },
    ]);
    expect(log.load("a").updates).toEqual([Uint8Array.of(1), Uint8Array.of(2, 2)]);
    // The next turn is the next transaction.
    await batcher.append("a", [Uint8Array.of(4)]);
    expect(transactions).toEqual([["a", "b", "c"], ["a"]]);
  });

  it("appends made in different tasks of one turn (as two sockets' reads are) share its transaction", async () => {
    const { log, batcher, transactions } = setup();
    const first = batcher.append("a", [Uint8Array.of(1)]);
    // Later in the turn: after the microtasks of the first append's task have run.
    await Promise.resolve();
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    const second = batcher.append("b", [Uint8Array.of(2)]);
    await Promise.all([first, second]);
    expect(transactions).toEqual([["a", "b"]]);
    expect(log.load("b").updates).toEqual([Uint8Array.of(2)]);
  });

  it("once MAX_APPENDS_PER_TRANSACTION documents' appends wait, they are written at the end of that task, not of the turn", async () => {
    const { log, batcher, transactions } = setup();
    const names = Array.from({ length: MAX_APPENDS_PER_TRANSACTION + 2 }, (_, i) => `doc-${i}`);
    const appends = names.map((name, i) => batcher.append(name, [Uint8Array.of(i)]));
    await Promise.resolve();
    // Within the microtasks of the task that filled it: written, with the two appended after in that task.
    expect(transactions).toEqual([names]);
    await Promise.all(appends);
    expect(log.load("doc-65").updates).toEqual([Uint8Array.of(65)]);
    // Fewer wait for the turn's end.
    const later = [batcher.append("x", [Uint8Array.of(1)]), batcher.append("y", [Uint8Array.of(2)])];
    await Promise.resolve();
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(transactions).toHaveLength(1);
    await Promise.all(later);
    expect(transactions).toEqual([names, ["x", "y"]]);
  });

  it("a transaction that fails is retried one document at a time: only the append at fault fails", async () => {
    const { log, batcher, transactions } = setup();
    const results = await Promise.allSettled([
      batcher.append("good", [Uint8Array.of(1)]),
      // NULL breaks the NOT NULL on the data column: this document's append cannot be stored.
      batcher.append("bad", [null as unknown as Uint8Array]),
      batcher.append("also-good", [Uint8Array.of(2)]),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    expect(transactions).toEqual([["good", "bad", "also-good"], ["good"], ["bad"], ["also-good"]]);
    expect(log.load("good").updates).toEqual([Uint8Array.of(1)]);
    expect(log.load("bad").updates).toEqual([]);
    expect(log.load("also-good").updates).toEqual([Uint8Array.of(2)]);
  });
});
