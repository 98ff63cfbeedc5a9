import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DocumentLog, StandaloneDocumentLog } from "../store/DocumentLog.js";
import { openSqliteDocumentLog } from "../store/sqlite/documentLog.js";
import { Compactor, DEFER_CEILING } from "./Compactor.js";
import { applyStoredDocument } from "./storedDocument.js";

/** Compaction on a real SQLite file (SPEC D5): what it stores, and how small. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Collab needs only the document log: one on a real SQLite file, without the rest of the store. */
function openStore(): StandaloneDocumentLog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-compaction-"));
  const store = openSqliteDocumentLog({ file: path.join(dir, "accord.db") });
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

function compactor(store: DocumentLog, logs: object[] = []): Compactor {
  const logger = pino({ level: "debug" }, { write: (line: string) => void logs.push(JSON.parse(line) as object) });
  return new Compactor({ store, logger, afterUpdates: 1, afterBytes: Number.MAX_SAFE_INTEGER });
}

/** One update per edit, as a typist's client sends them. */
function typist(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  return { doc, text: doc.getText("body"), updates };
}

/** A deterministic pseudo-random sequence (mulberry32), so the edits are the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function load(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  applyStoredDocument(doc, { snapshot: null, updates: [...parts] }, (index) => {
    throw new Error(`part ${index} does not apply`);
  });
  return doc;
}

describe("compaction", () => {
  it("[D5] compacting 3,000 stored one-edit updates stores the document they load into", async () => {
    const store = openStore();
    const writer = typist(7);
    const next = random(42);
    for (let i = 0; i < 3_000; i++) {
      const length = writer.text.length;
      // Two inserts for every delete, at random places: the kind of log typing leaves.
      if (length > 0 && next() < 1 / 3) writer.text.delete(Math.floor(next() * length), 1);
      else writer.text.insert(Math.floor(next() * (length + 1)), String.fromCharCode(97 + Math.floor(next() * 26)));
    }
    expect(writer.updates).toHaveLength(3_000);
    for (let i = 0; i < writer.updates.length; i += 100)
      await store.appendUpdates("rec", writer.updates.slice(i, i + 100));

    const c = compactor(store);
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();

    const stored = await store.loadDocument("rec");
    expect(stored.updates).toEqual([]);
    const fromSnapshot = load([stored.snapshot!]);
    const fromLog = load(writer.updates);
    expect(fromSnapshot.getText("body").toString()).toBe(writer.text.toString());
    expect(Y.encodeStateVector(fromSnapshot)).toEqual(Y.encodeStateVector(writer.doc));
    // Byte for byte what the log itself loads into: nothing kept that a load would not keep.
    expect(stored.snapshot).toEqual(Y.encodeStateAsUpdate(fromLog));
    for (const doc of [fromSnapshot, fromLog, writer.doc]) doc.destroy();
  });

  it("[D5] deleted text does not stay in the snapshot: 20,000 characters typed, 19,990 deleted", async () => {
    const store = openStore();
    const writer = typist(7);
    for (let i = 0; i < 20_000; i++) writer.text.insert(i, "x");
    // Deleted from the end, one keystroke at a time, leaving the first ten.
    for (let i = 20_000; i > 10; i--) writer.text.delete(i - 1, 1);
    expect(writer.updates).toHaveLength(39_990);
    await store.appendUpdates("rec", writer.updates);

    const c = compactor(store);
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();

    const { snapshot } = await store.loadDocument("rec");
    expect(load([snapshot!]).getText("body").toString()).toBe("xxxxxxxxxx");
    // The ten characters, the type's name, one deleted range whose 19,990 characters are
    // gone, and the delete set: 35 bytes. (Y.mergeUpdates of the same log: 123,503 bytes.)
    expect(snapshot!.byteLength).toBe(35);
    writer.doc.destroy();
  });

  it("[D5] compacting again merges the snapshot with the log appended after it", async () => {
    const store = openStore();
    const writer = typist(7);
    const c = compactor(store);
    writer.text.insert(0, "Price carbon");
    await store.appendUpdates("rec", writer.updates.splice(0));
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();

    writer.text.delete(0, 6);
    writer.text.insert(0, "Tax ");
    await store.appendUpdates("rec", writer.updates.splice(0));
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();

    const stored = await store.loadDocument("rec");
    expect(stored.updates).toEqual([]);
    expect(load([stored.snapshot!]).getText("body").toString()).toBe("Tax carbon");
    expect(stored.snapshot).toEqual(Y.encodeStateAsUpdate(writer.doc));
    writer.doc.destroy();
  });

  it("[D5] an update appended while the merge runs stays in the log, after the new snapshot", async () => {
    const store = openStore();
    const writer = typist(7);
    writer.text.insert(0, "early");
    const early = writer.updates.splice(0);
    writer.text.insert(5, ", late");
    const [late] = writer.updates.splice(0);
    await store.appendUpdates("rec", early);

    let raced: Promise<unknown> = Promise.resolve();
    const racing: DocumentLog = {
      ...store,
      compactDocument: (docName, merge) =>
        store.compactDocument(docName, (parts) => {
          // Another connection's write, sent after the compaction read the log.
          raced = store.appendUpdates(docName, [late!]);
          return merge(parts);
        }),
    };
    const c = compactor(racing);
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();
    await raced;

    const stored = await store.loadDocument("rec");
    expect(stored.updates).toEqual([late]);
    expect(load([stored.snapshot!]).getText("body").toString()).toBe("early");
    expect(
      load([stored.snapshot!, ...stored.updates])
        .getText("body")
        .toString(),
    ).toBe("early, late");
    writer.doc.destroy();
  });

  it("[D5] a stored part that does not apply is logged and left out; the rest is compacted", async () => {
    const store = openStore();
    const writer = typist(7);
    writer.text.insert(0, "Kept.");
    // Decodes, but throws when applied (found by fuzzing a valid update; see durability.test.ts D8).
    const poison = Uint8Array.from([
      1, 3, 174, 161, 177, 169, 13, 0, 7, 1, 7, 100, 101, 102, 97, 117, 108, 116, 6, 4, 0, 174, 161, 177, 169, 13, 1,
      11, 104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 40, 1, 1, 109, 1, 97, 1, 125, 1, 0,
    ]);
    await store.appendUpdates("rec", [poison, ...writer.updates]);

    const logs: { msg?: string; part?: number; bytes?: number }[] = [];
    const c = compactor(store, logs);
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();

    // What a load makes of the log (D8 skips the part the same way), and its text.
    const loaded = new Y.Doc();
    applyStoredDocument(loaded, { snapshot: null, updates: [poison, ...writer.updates] }, () => {});
    const stored = await store.loadDocument("rec");
    expect(stored).toEqual({ snapshot: Y.encodeStateAsUpdate(loaded), updates: [] });
    expect(load([stored.snapshot!]).getText("body").toString()).toBe("Kept.");
    expect(
      logs.filter((record) => record.msg === "a stored part does not apply: left out of the snapshot"),
    ).toMatchObject([{ part: 0, bytes: poison.byteLength }]);
    expect(logs.some((record) => record.msg === "compaction failed")).toBe(false);
    loaded.destroy();
    writer.doc.destroy();
  });

  it("[issue 20] while the event loop is saturated a due compaction waits, until the log is DEFER_CEILING times past its threshold", async () => {
    const store = openStore();
    const writer = typist(7);
    for (let i = 0; i < 50; i++) writer.text.insert(i, "y");
    const saturated = { busy: () => true };
    const logger = pino({ level: "silent" });
    const c = new Compactor({ store, logger, afterUpdates: 10, afterBytes: Number.MAX_SAFE_INTEGER, load: saturated });

    // 10 and 39 stored updates: due, and under the ceiling (40): nothing compacted.
    await store.appendUpdates("rec", writer.updates.slice(0, 10));
    c.consider("rec", await store.documentStats("rec"));
    await store.appendUpdates("rec", writer.updates.slice(10, 39));
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();
    expect(c.deferrals).toBe(2);
    expect((await store.documentStats("rec")).updateCount).toBe(39);

    // 40 = DEFER_CEILING × 10: compacted even under load.
    expect(DEFER_CEILING).toBe(4);
    await store.appendUpdates("rec", writer.updates.slice(39, 40));
    c.consider("rec", await store.documentStats("rec"));
    await c.whenIdle();
    expect(c.deferrals).toBe(2);
    const stored = await store.loadDocument("rec");
    expect(stored.updates).toEqual([]);
    const doc = load([stored.snapshot!]);
    expect(doc.getText("body").toString()).toBe("y".repeat(40));
    doc.destroy();
    writer.doc.destroy();
  });
});
