import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { mergeStoredParts } from "../../collab/storedDocument.js";
import type { StandaloneDocumentLog } from "../DocumentLog.js";
import type { NotificationCursor, Store } from "../Store.js";
import { openSqliteDocumentLog } from "./documentLog.js";
import { openSqliteStore } from "./SqliteStore.js";
import { SCHEMA_VERSION } from "./schema.js";
import type { SharedFileResult, SharedFileWorkload } from "./testing/sharedFileProcess.js";

/**
 * One host's SQLite file under several Accord processes (issue 17): what each process does on
 * its own connection must hold against what the others do at the same moment. Most of it runs
 * in real processes (testing/sharedFileProcess.ts), started together.
 */

const PROCESS_SCRIPT = path.join(import.meta.dirname, "testing", "sharedFileProcess.ts");

const dirs: string[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-shared-file-"));
  dirs.push(dir);
  return path.join(dir, "accord.db");
}

function openStore(file: string): Store {
  const store = openSqliteStore({ file });
  cleanups.push(() => store.close());
  return store;
}

/** A process running one workload on the file; `started` once it loaded and waits for `go`. */
function startProcess(file: string, workload: SharedFileWorkload) {
  const child = spawn(process.execPath, ["--import", "tsx", PROCESS_SCRIPT, file, JSON.stringify(workload)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const messages = createInterface({ input: child.stdout });
  // "close", not "exit": it comes after the last line the process printed.
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const next = (key: "ready" | "done") =>
    new Promise<unknown>((resolve, reject) => {
      const onLine = (line: string) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line);
        } catch {
          return; // not ours
        }
        if ("failed" in message) reject(new Error(`a process failed: ${String(message.failed)}`));
        else if (key in message) resolve(message[key]);
        else return;
        messages.off("line", onLine);
      };
      messages.on("line", onLine);
      void exited.then((code) => reject(new Error(`the process exited (${code}) early:\n${errors}`)));
    });
  const started = next("ready");
  return {
    started,
    /** Starts the work; resolves with its result. */
    go(): Promise<SharedFileResult> {
      const done = next("done") as Promise<SharedFileResult>;
      child.stdin.write("go\n");
      return done;
    },
    exited,
  };
}

/** Starts every workload in a process of its own, all at the same moment; their results in order. */
async function runTogether(file: string, workloads: SharedFileWorkload[]): Promise<SharedFileResult[]> {
  const processes = workloads.map((workload) => startProcess(file, workload));
  await Promise.all(processes.map((one) => one.started));
  const results = await Promise.all(processes.map((one) => one.go()));
  await Promise.all(processes.map((one) => one.exited));
  return results;
}

function loadText(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  for (const part of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, part);
  cleanups.push(() => doc.destroy());
  return doc;
}

describe("one SQLite file under several processes", () => {
  it("four processes creating the same new file at once all start on the current schema", async () => {
    const file = tempFile();
    const results = await runTogether(
      file,
      Array.from({ length: 4 }, () => ({ kind: "open" as const })),
    );
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ kind: "open" })));
    const db = new Database(file, { readonly: true });
    cleanups.push(() => db.close());
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
  }, 60_000);

  it("three processes creating sectors in one brief at once: every one stored, each at its own position", async () => {
    const file = tempFile();
    const store = openStore(file);
    const lead = await store.createUser({ email: "lead@example.org", name: "Lena Lead", passwordHash: "x" });
    const brief = await store.createBrief({ title: "Brief", description: "", createdBy: lead.id });
    const results = await runTogether(
      file,
      Array.from({ length: 3 }, () => ({ kind: "sectors" as const, briefId: brief.id, count: 300 })),
    );

    const positions = results.flatMap((result) => (result.kind === "sectors" ? result.positions : []));
    expect(positions).toHaveLength(900);
    expect(new Set(positions).size).toBe(900);
    const stored = await store.listSectors(brief.id);
    expect(stored.map((sector) => sector.position).sort((a, b) => a - b)).toEqual([...positions].sort((a, b) => a - b));
  }, 60_000);

  it("three processes appending to one document and compacting it at once lose no update", async () => {
    const file = tempFile();
    const store = openStore(file);
    const letters = ["a", "b", "c"];
    const count = 160;
    const results = await runTogether(
      file,
      letters.map((letter) => ({ kind: "type" as const, docName: "doc", count, compactEvery: 20, letter })),
    );

    const doc = loadText(await store.loadDocument("doc"));
    const text = doc.getText("body").toString();
    for (const letter of letters) expect(text.split(letter).length - 1).toBe(count);
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(doc));
    for (const result of results) {
      if (result.kind !== "type") throw new Error(`unexpected result ${result.kind}`);
      expect(stateVector.get(result.clientId)).toBe(count);
      expect(result.compactions).toBe(count / 20);
    }
    // What the counters say is what the log holds: the triggers count every process's rows.
    const stored = await store.loadDocument("doc");
    expect(await store.documentStats("doc")).toEqual({
      updateCount: stored.updates.length,
      updateBytes: stored.updates.reduce((sum, update) => sum + update.byteLength, 0),
    });
  }, 60_000);
});

describe("two stores on one file (two processes' connections)", () => {
  it("each reads the other's writes at once: log sizes, snapshots and positions are never cached", async () => {
    const file = tempFile();
    const first = openStore(file);
    const second = openStore(file);

    const writer = new Y.Doc();
    cleanups.push(() => writer.destroy());
    const text = writer.getText("body");
    const appendOne = async (store: Store, letter: string) => {
      const before = Y.encodeStateVector(writer);
      text.insert(text.length, letter);
      return store.appendUpdates("doc", [Y.encodeStateAsUpdate(writer, before)]);
    };
    await appendOne(first, "x");
    await appendOne(second, "y");
    expect((await first.documentStats("doc")).updateCount).toBe(2);
    expect((await second.documentStats("doc")).updateCount).toBe(2);

    const merge = (parts: Uint8Array[]) => mergeStoredParts(parts, () => undefined);
    expect(await second.compactDocument("doc", merge)).toEqual({ updateCount: 0, updateBytes: 0 });
    expect(await first.documentStats("doc")).toEqual({ updateCount: 0, updateBytes: 0 });
    // The first store's answer to its next append counts from the other's compaction.
    expect((await appendOne(first, "z")).updateCount).toBe(1);
    await first.compactDocument("doc", merge);
    const loaded = await second.loadDocument("doc");
    expect(loaded.updates).toEqual([]);
    expect(loadText(loaded).getText("body").toString()).toBe("xyz");

    const lead = await first.createUser({ email: "lead@example.org", name: "Lena Lead", passwordHash: "x" });
    const brief = await first.createBrief({ title: "Brief", description: "", createdBy: lead.id });
    const a = await first.createSector({ briefId: brief.id, name: "A", description: "" });
    const b = await second.createSector({ briefId: brief.id, name: "B", description: "" });
    const c = await first.createSector({ briefId: brief.id, name: "C", description: "" });
    expect(a.position).toBeLessThan(b.position);
    expect(b.position).toBeLessThan(c.position);
  });
});

describe("the store's clock under several processes", () => {
  it("two processes writing in the same millisecond stamp different instants: a page of notifications skips none", async () => {
    const file = tempFile();
    const first = openStore(file);
    const second = openStore(file);
    const lead = await first.createUser({ email: "lead@example.org", name: "Lena Lead", passwordHash: "x" });
    const reader = await first.createUser({ email: "rita@example.org", name: "Rita Reader", passwordHash: "x" });
    const brief = await first.createBrief({ title: "Brief", description: "", createdBy: lead.id });
    const sector = await first.createSector({ briefId: brief.id, name: "Energy", description: "" });
    const rec = await first.createRecommendation({
      briefId: brief.id,
      sectorId: sector.id,
      title: "Build grid links",
      ownerId: lead.id,
    });

    // Both processes' wall clocks read the same millisecond for every write below.
    vi.spyOn(Date, "now").mockReturnValue(Date.parse("2030-01-01T00:00:00.000Z"));
    cleanups.push(() => vi.restoreAllMocks());
    const notify = (store: Store, excerpt: string) =>
      store.addNotifications(
        [
          {
            userId: reader.id,
            kind: "mention",
            briefId: brief.id,
            recommendationId: rec.id,
            threadId: null,
            commentId: null,
            actorId: lead.id,
            excerpt,
          },
        ],
        100,
      );
    const [fromFirst] = await notify(first, "from the first");
    const [fromSecond] = await notify(second, "from the second");
    expect([fromFirst!.createdAt, fromSecond!.createdAt]).toEqual([
      "2030-01-01T00:00:00.000Z",
      "2030-01-01T00:00:00.001Z",
    ]);

    // Page by page, one a page, as the inbox reads them.
    const seen: string[] = [];
    let before: NotificationCursor | undefined;
    for (;;) {
      const page = await second.listNotifications(reader.id, {
        briefIds: [brief.id],
        unreadOnly: false,
        before,
        limit: 1,
      });
      if (page.length === 0) break;
      seen.push(page[0]!.excerpt!);
      before = page[0]!;
    }
    expect(seen).toEqual(["from the second", "from the first"]);
  });
});

describe("compaction beside another process", () => {
  function openLog(file: string): StandaloneDocumentLog {
    const log = openSqliteDocumentLog({ file });
    cleanups.push(() => log.close());
    return log;
  }

  /** One writer's edits to the document's text, each as its own update. */
  function writer() {
    const doc = new Y.Doc();
    cleanups.push(() => doc.destroy());
    const text = doc.getText("body");
    return (change: (text: Y.Text) => void): Uint8Array => {
      const before = Y.encodeStateVector(doc);
      change(text);
      return Y.encodeStateAsUpdate(doc, before);
    };
  }

  const merge = (parts: Uint8Array[]) => mergeStoredParts(parts, () => undefined);
  const textOf = (stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }) =>
    loadText(stored).getText("body").toString();

  it("merges without holding the write lock: another process appends meanwhile, without waiting, and keeps its update", async () => {
    const file = tempFile();
    const log = openLog(file);
    const edit = writer();
    await log.appendUpdates("doc", [edit((t) => t.insert(0, "Carbon")), edit((t) => t.insert(6, " tax"))]);
    const late = edit((t) => t.insert(0, "A "));

    // Another process's connection that does not wait at all for the lock.
    const other = new Database(file);
    cleanups.push(() => other.close());
    other.pragma("busy_timeout = 0");
    const after = await log.compactDocument("doc", (parts) => {
      other.prepare("INSERT INTO document_updates (doc_name, data) VALUES (?, ?)").run("doc", late);
      return merge(parts);
    });

    expect(after).toEqual({ updateCount: 1, updateBytes: late.byteLength });
    const stored = await log.loadDocument("doc");
    expect(stored.updates).toEqual([late]);
    expect(textOf(stored)).toBe("A Carbon tax");
  });

  it("a compaction overtaken by another process's during its merge drops its own: every update stored once", async () => {
    const file = tempFile();
    const first = openLog(file);
    const second = openLog(file);
    const edit = writer();
    await first.appendUpdates("doc", [edit((t) => t.insert(0, "Border")), edit((t) => t.insert(6, " levy"))]);

    let overtaken: Promise<unknown> | undefined;
    await first.compactDocument("doc", (parts) => {
      overtaken = second.compactDocument("doc", merge);
      return merge(parts);
    });
    await overtaken;
    await first.appendUpdates("doc", [edit((t) => t.insert(0, "A "))]);
    await second.compactDocument("doc", merge);

    const stored = await first.loadDocument("doc");
    expect(stored.updates).toEqual([]);
    expect(textOf(stored)).toBe("A Border levy");
  });

  it("a document deleted by another process during a compaction's merge stays deleted", async () => {
    const file = tempFile();
    const first = openLog(file);
    const second = openLog(file);
    const edit = writer();
    await first.appendUpdates("doc", [edit((t) => t.insert(0, "Doomed"))]);

    await first.compactDocument("doc", (parts) => {
      void second.deleteDocument("doc");
      return merge(parts);
    });

    expect(await first.loadDocument("doc")).toEqual({ snapshot: null, updates: [] });
    expect(await second.documentStats("doc")).toEqual({ updateCount: 0, updateBytes: 0 });
  });
});
