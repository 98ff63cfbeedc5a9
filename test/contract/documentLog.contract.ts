import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { StandaloneDocumentLog, StoredDocument } from "../../server/src/store/DocumentLog.js";
import { openEach, type OpenOptions } from "./harness.js";

const EMPTY = { updateCount: 0, updateBytes: 0 };

/** A Y.Doc that records every update it produces, as a client's edits would arrive. */
function recordingDoc() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const text = doc.getText("body");
  return {
    text,
    /** Makes one edit and answers the update it produced. */
    edit(change: (text: Y.Text) => void): Uint8Array {
      change(text);
      return updates.at(-1)!;
    },
    destroy: () => doc.destroy(),
  };
}

/** The text a server would see after loading what the store answers. */
function textOf(stored: StoredDocument): string {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  });
  const text = doc.getText("body").toString();
  doc.destroy();
  return text;
}

function bytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);
}

function sumBytes(parts: readonly Uint8Array[]): number {
  return parts.reduce((sum, part) => sum + part.byteLength, 0);
}

/**
 * The behaviour every `DocumentLog` must have (server/src/store/DocumentLog.ts): loads, group
 * appends, compaction, chunked snapshots, deletion. An adapter's test file calls this with
 * `open`, which opens a log on the current test's storage without the rest of the store
 * (opening again reopens the same data), and `cleanup`, which removes that storage after every
 * log the test opened is closed.
 */
export function describeDocumentLogContract(
  name: string,
  open: (options?: OpenOptions) => Promise<StandaloneDocumentLog>,
  cleanup: () => Promise<void>,
): void {
  describe(`DocumentLog contract: ${name}`, () => {
    const harness = openEach(open, cleanup);
    it("loads a document never written as empty, and compacting it does nothing", async () => {
      const store = await harness.open();
      expect(await store.loadDocument("never")).toEqual({ snapshot: null, updates: [] });
      expect(await store.documentStats("never")).toEqual(EMPTY);
      let merges = 0;
      const stats = await store.compactDocument("never", (parts) => {
        merges += 1;
        return Y.mergeUpdates(parts);
      });
      expect(stats).toEqual(EMPTY);
      expect(merges).toBe(0);
      expect(await store.loadDocument("never")).toEqual({ snapshot: null, updates: [] });
    });

    it("appends groups of updates and loads them in append order, per document", async () => {
      const store = await harness.open();
      const [a, b, c] = [bytes(3, 1), bytes(5, 2), bytes(7, 3)];
      expect(await store.appendUpdates("doc", [a, b])).toEqual({ updateCount: 2, updateBytes: 8 });
      expect(await store.appendUpdates("doc", [c])).toEqual({ updateCount: 3, updateBytes: 15 });
      expect(await store.appendUpdates("doc", [])).toEqual({ updateCount: 3, updateBytes: 15 });
      await store.appendUpdates("other", [bytes(11, 4)]);

      expect(await store.loadDocument("doc")).toEqual({ snapshot: null, updates: [a, b, c] });
      expect(await store.documentStats("doc")).toEqual({ updateCount: 3, updateBytes: 15 });
      expect(await store.loadDocument("other")).toEqual({ snapshot: null, updates: [bytes(11, 4)] });
    });

    it("compacts the stored snapshot and updates into a new snapshot that loads the same text", async () => {
      const store = await harness.open();
      const client = recordingDoc();
      const first = [
        client.edit((t) => t.insert(0, "Price carbon")),
        client.edit((t) => t.insert(12, " fairly")),
        client.edit((t) => t.delete(0, 6)),
      ];
      await store.appendUpdates("rec", first.slice(0, 2));
      await store.appendUpdates("rec", first.slice(2));

      const seen: Uint8Array[][] = [];
      const merge = (parts: Uint8Array[]) => {
        seen.push(parts);
        return Y.mergeUpdates(parts);
      };
      expect(await store.compactDocument("rec", merge)).toEqual(EMPTY);
      expect(seen).toEqual([first]);
      const snapshot = Y.mergeUpdates(first);
      expect(await store.loadDocument("rec")).toEqual({ snapshot, updates: [] });
      expect(textOf(await store.loadDocument("rec"))).toBe("carbon fairly");

      const second = [client.edit((t) => t.insert(0, "Tax ")), client.edit((t) => t.insert(17, " now"))];
      await store.appendUpdates("rec", second);
      expect(await store.compactDocument("rec", merge)).toEqual(EMPTY);
      expect(seen[1]).toEqual([snapshot, ...second]);
      const loaded = await store.loadDocument("rec");
      expect(loaded.updates).toEqual([]);
      expect(textOf(loaded)).toBe("Tax carbon fairly now");
      client.destroy();
    });

    it("keeps the updates appended while a compaction runs", async () => {
      const store = await harness.open();
      const client = recordingDoc();
      const early = [client.edit((t) => t.insert(0, "early")), client.edit((t) => t.insert(5, " text"))];
      const late = client.edit((t) => t.insert(0, "late, "));
      await store.appendUpdates("rec", early);

      let lateAppend: Promise<unknown> | undefined;
      await store.compactDocument("rec", (parts) => {
        // Another connection's edit arrives after the compaction read the log.
        lateAppend = store.appendUpdates("rec", [late]);
        return Y.mergeUpdates(parts);
      });
      await lateAppend;

      const loaded = await store.loadDocument("rec");
      expect(loaded).toEqual({ snapshot: Y.mergeUpdates(early), updates: [late] });
      expect(await store.documentStats("rec")).toEqual({ updateCount: 1, updateBytes: late.byteLength });
      expect(textOf(loaded)).toBe("late, early text");
      client.destroy();
    });

    it("leaves the document as it was when the merge fails", async () => {
      const store = await harness.open();
      await store.appendUpdates("rec", [bytes(4, 1)]);
      await store.compactDocument("rec", () => bytes(6, 2));
      await store.appendUpdates("rec", [bytes(5, 3)]);
      const before = await store.loadDocument("rec");

      const failure = new Error("merge failed");
      await expect(
        store.compactDocument("rec", () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.loadDocument("rec")).toEqual(before);
      expect(before).toEqual({ snapshot: bytes(6, 2), updates: [bytes(5, 3)] });
    });

    it("stores a snapshot larger than one chunk and loads it back byte for byte", async () => {
      const store = await harness.open({ snapshotChunkBytes: 16 });
      for (const length of [16, 48, 49, 1000, 0]) {
        const snapshot = bytes(length, length);
        await store.appendUpdates("blob", [bytes(2, 0)]);
        await store.compactDocument("blob", () => snapshot);
        expect(await store.loadDocument("blob")).toEqual({ snapshot, updates: [] });
      }

      const client = recordingDoc();
      const words = Array.from({ length: 400 }, (_, i) => `word${i} `).join("");
      const updates = [client.edit((t) => t.insert(0, words)), client.edit((t) => t.delete(0, 6))];
      await store.appendUpdates("rec", updates);
      await store.compactDocument("rec", Y.mergeUpdates);
      const loaded = await store.loadDocument("rec");
      expect(loaded.snapshot!.byteLength).toBeGreaterThan(16 * 100);
      expect(textOf(loaded)).toBe(words.slice(6));
      client.destroy();
    });

    it("stores a snapshot over 8 MiB (more than one default chunk) and loads it back", async () => {
      const store = await harness.open();
      const client = recordingDoc();
      const big = "0123456789abcdef".repeat(9 * 65_536); // 9 MiB of text
      const updates = [client.edit((t) => t.insert(0, big)), client.edit((t) => t.insert(0, "> "))];
      expect(await store.appendUpdates("big", updates)).toEqual({ updateCount: 2, updateBytes: sumBytes(updates) });
      await store.compactDocument("big", Y.mergeUpdates);

      const loaded = await store.loadDocument("big");
      expect(loaded.snapshot!.byteLength).toBeGreaterThan(9 * 1024 * 1024);
      expect(loaded.updates).toEqual([]);
      const text = textOf(loaded);
      expect(text.length).toBe(big.length + 2);
      expect(text === `> ${big}`).toBe(true); // not toBe: a failing diff of 9 MiB helps no one
      client.destroy();
    });

    it("deletes a document's snapshot and updates, and only that document's", async () => {
      const store = await harness.open();
      for (const name of ["gone", "kept"]) {
        await store.appendUpdates(name, [bytes(3, 1)]);
        await store.compactDocument(name, () => bytes(8, 2));
        await store.appendUpdates(name, [bytes(4, 3)]);
      }
      await store.deleteDocument("gone");
      expect(await store.loadDocument("gone")).toEqual({ snapshot: null, updates: [] });
      expect(await store.documentStats("gone")).toEqual(EMPTY);
      expect(await store.loadDocument("kept")).toEqual({ snapshot: bytes(8, 2), updates: [bytes(4, 3)] });
      await store.deleteDocument("never-written");

      // A deleted name starts over cleanly.
      await store.appendUpdates("gone", [bytes(2, 9)]);
      expect(await store.loadDocument("gone")).toEqual({ snapshot: null, updates: [bytes(2, 9)] });
    });

    it("keeps every update of appends made at the same moment, each append's in the order given", async () => {
      const store = await harness.open();
      // Ten connections' group commits landing together (collab's rooms write concurrently).
      const groups = Array.from({ length: 10 }, (_, i) => [bytes(2, i), bytes(3, 100 + i)]);
      await Promise.all(groups.map((group) => store.appendUpdates("doc", group)));

      const { snapshot, updates } = await store.loadDocument("doc");
      expect(snapshot).toBeNull();
      expect(updates).toHaveLength(20);
      for (const group of groups) {
        const at = updates.findIndex((update) => Buffer.from(update).equals(Buffer.from(group[0]!)));
        expect(updates.slice(at, at + 2)).toEqual(group);
      }
      expect(await store.documentStats("doc")).toEqual({ updateCount: 20, updateBytes: 50 });
    });

    it("keeps the updates appended beside a compaction, whichever finishes first", async () => {
      const store = await harness.open();
      const client = recordingDoc();
      await store.appendUpdates("rec", [
        client.edit((t) => t.insert(0, "one")),
        client.edit((t) => t.insert(3, " two")),
      ]);
      const during = [client.edit((t) => t.insert(7, " three")), client.edit((t) => t.insert(13, " four"))];

      await Promise.all([
        store.compactDocument("rec", Y.mergeUpdates),
        store.appendUpdates("rec", [during[0]!]),
        store.appendUpdates("rec", [during[1]!]),
      ]);

      const loaded = await store.loadDocument("rec");
      expect(textOf(loaded)).toBe("one two three four");
      // Whatever the compaction did not merge is still in the log, and the stats count exactly that.
      expect(await store.documentStats("rec")).toEqual({
        updateCount: loaded.updates.length,
        updateBytes: sumBytes(loaded.updates),
      });
      client.destroy();
    });

    it("two compactions at once leave one snapshot holding everything", async () => {
      const store = await harness.open();
      const client = recordingDoc();
      await store.appendUpdates("rec", [
        client.edit((t) => t.insert(0, "Carbon")),
        client.edit((t) => t.insert(6, " border tax")),
      ]);

      await Promise.all([store.compactDocument("rec", Y.mergeUpdates), store.compactDocument("rec", Y.mergeUpdates)]);

      // (What each call answers depends on which finished first: MongoDB's loser counts the log
      // before the winner has trimmed it.)
      expect(await store.documentStats("rec")).toEqual(EMPTY);
      const loaded = await store.loadDocument("rec");
      expect(loaded.updates).toEqual([]);
      expect(textOf(loaded)).toBe("Carbon border tax");
      client.destroy();
    });

    it("compacts nothing when nothing is beyond the snapshot: merge is not called and the snapshot stays", async () => {
      const store = await harness.open();
      await store.appendUpdates("rec", [bytes(3, 1)]);
      await store.compactDocument("rec", () => bytes(5, 2));
      let merges = 0;
      const stats = await store.compactDocument("rec", () => {
        merges += 1;
        return bytes(1, 0);
      });
      expect([stats, merges]).toEqual([EMPTY, 0]);
      expect(await store.loadDocument("rec")).toEqual({ snapshot: bytes(5, 2), updates: [] });
    });

    it("a deleted document is a document never written: empty, nothing to compact, and it survives a reopen so", async () => {
      const store = await harness.open();
      await store.appendUpdates("gone", [bytes(3, 1)]);
      await store.compactDocument("gone", () => bytes(8, 2));
      await store.appendUpdates("gone", [bytes(4, 3)]);
      await store.deleteDocument("gone");
      await store.deleteDocument("gone"); // twice: nothing left to delete is no error

      let merges = 0;
      expect(
        await store.compactDocument("gone", (parts) => {
          merges += 1;
          return Y.mergeUpdates(parts);
        }),
      ).toEqual(EMPTY);
      expect(merges).toBe(0);
      await store.close();

      const reopened = await harness.open();
      expect(await reopened.loadDocument("gone")).toEqual({ snapshot: null, updates: [] });
      expect(await reopened.documentStats("gone")).toEqual(EMPTY);
    });

    it("keeps names apart at their bounds: a prefix, a longest id, an empty append to a new name", async () => {
      const store = await harness.open();
      const longest = "x".repeat(64); // ids are at most 64 URL-safe characters (store/ids.ts)
      await store.appendUpdates("rec", [bytes(1, 1)]);
      await store.appendUpdates("rec-1", [bytes(2, 2)]);
      await store.appendUpdates(longest, [bytes(3, 3)]);
      expect(await store.appendUpdates("unwritten", [])).toEqual(EMPTY);

      expect(await store.loadDocument("rec")).toEqual({ snapshot: null, updates: [bytes(1, 1)] });
      expect(await store.loadDocument("rec-1")).toEqual({ snapshot: null, updates: [bytes(2, 2)] });
      expect(await store.loadDocument(longest)).toEqual({ snapshot: null, updates: [bytes(3, 3)] });
      expect(await store.loadDocument("unwritten")).toEqual({ snapshot: null, updates: [] });
      await store.compactDocument("rec", () => bytes(4, 4));
      expect(await store.loadDocument("rec-1")).toEqual({ snapshot: null, updates: [bytes(2, 2)] });
    });
  });
}
