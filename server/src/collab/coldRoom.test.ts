import { MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness, TEXT, type Harness } from "../../../test/helpers/collabHarness.js";
import { mergeStoredParts, RoomDocument } from "./storedDocument.js";

/** [kind, payload] of each sync frame a raw client received. */
function syncFrames(frames: Uint8Array[]): Array<{ kind: "step1" | "step2" | "update"; payload: Uint8Array }> {
  const kinds = {
    [syncProtocol.messageYjsSyncStep1]: "step1",
    [syncProtocol.messageYjsSyncStep2]: "step2",
    [syncProtocol.messageYjsUpdate]: "update",
  } as const;
  return frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return [];
    const kind = kinds[decoding.readVarUint(decoder) as 0 | 1 | 2];
    return [{ kind, payload: decoding.readVarUint8Array(decoder) }];
  });
}

function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Alice writes `text`, leaves, and the room unloads. */
async function writeAndLeave(h: Harness, text: string): Promise<void> {
  const alice = await h.client("rec-1", { user: "alice" });
  alice.text.insert(0, text);
  await eventually(() => h.probe.appendsStored >= 1);
  alice.provider.destroy();
  await eventually(() => h.server.roomCount === 0);
}

describe("cold rooms", () => {
  it("[D9] a room that unloads compacts its log: the document at rest is one snapshot", async () => {
    const h = await startHarness();
    await writeAndLeave(h, "At rest.");
    await eventually(async () =>
      expect(await h.store.documentStats("rec-1")).toEqual({ updateCount: 0, updateBytes: 0 }),
    );
    const stored = await h.store.loadDocument("rec-1");
    expect(stored.updates).toEqual([]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.snapshot!);
    expect(doc.getText(TEXT).toString()).toBe("At rest.");
  });

  it("[P3][D8] a fresh client in a cold room gets the stored snapshot as sync step 2, then the server's sync step 1", async () => {
    const h = await startHarness();
    await writeAndLeave(h, "Sent as stored.");
    await eventually(async () => expect((await h.store.documentStats("rec-1")).updateCount).toBe(0));
    const { snapshot } = await h.store.loadDocument("rec-1");

    const fresh = await h.raw("rec-1", { user: "bob" });
    fresh.socket.send(syncStep1Frame(Y.encodeStateVector(new Y.Doc())));
    await eventually(() => expect(syncFrames(fresh.received).map((frame) => frame.kind)).toEqual(["step2", "step1"]));
    const [step2, step1] = syncFrames(fresh.received);
    expect(step2!.payload).toEqual(snapshot);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, step2!.payload);
    expect(doc.getText(TEXT).toString()).toBe("Sent as stored.");
    // The server's state vector is the document's: it lacks nothing the client could send.
    expect(step1!.payload).toEqual(Y.encodeStateVector(doc));
  });

  it("[P3] a client that says nothing still gets the server's sync step 1 after openingDelayMs", async () => {
    const h = await startHarness();
    await writeAndLeave(h, "Waiting.");
    const silent = await h.raw("rec-1", { user: "bob" });
    await eventually(() => expect(syncFrames(silent.received).map((frame) => frame.kind)).toEqual(["step1"]), {
      timeoutMs: 2_000,
    });
  });

  it("[D8] a client that has part of the document gets only what it lacks, from the applied document", async () => {
    const h = await startHarness();
    await writeAndLeave(h, "First part.");
    const partial = new Y.Doc();
    Y.applyUpdate(partial, (await h.store.loadDocument("rec-1")).snapshot!);
    const before = Y.encodeStateVector(partial);
    const bob = await h.client("rec-1", { user: "bob" });
    bob.text.insert(bob.text.length, " Second part.");
    await eventually(() => h.probe.appendsStored >= 2);

    const returning = await h.raw("rec-1", { user: "carol" });
    returning.socket.send(syncStep1Frame(before));
    await eventually(() => expect(syncFrames(returning.received).some((frame) => frame.kind === "step2")).toBe(true));
    Y.applyUpdate(partial, syncFrames(returning.received).find((frame) => frame.kind === "step2")!.payload);
    expect(partial.getText(TEXT).toString()).toBe("First part. Second part.");
  });

  it("[D8] a document at rest gives the server's state vector without being applied: the applied document's, byte for byte", () => {
    // Three clients, deletions and a compaction: the snapshot holds GC'd ranges and several clients.
    const writers = [11, 222, 3333].map((clientID) => Object.assign(new Y.Doc(), { clientID }));
    const updates: Uint8Array[] = [];
    for (const [i, writer] of writers.entries()) {
      for (const other of writers) if (other !== writer) Y.applyUpdate(writer, Y.encodeStateAsUpdate(other));
      writer.on("update", (update: Uint8Array) => updates.push(update));
      const text = writer.getText(TEXT);
      text.insert(text.length, `part ${i} with words to delete `);
      text.delete(2, 5 + i);
    }
    const onBadPart = () => expect.unreachable("every part applies");
    const snapshot = mergeStoredParts(updates, onBadPart);
    const applied = new Y.Doc();
    Y.applyUpdate(applied, snapshot);

    const atRest = new RoomDocument({ snapshot, updates: [] }, onBadPart);
    expect(atRest.stateVector()).toEqual(Y.encodeStateVector(applied));
    expect(Y.decodeStateVector(atRest.stateVector()).size).toBe(3);
    expect(atRest.isLive).toBe(false);

    // With a log to check, the vector comes from the applied document.
    const withLog = new RoomDocument({ snapshot, updates: [updates.at(-1)!] }, onBadPart);
    expect(withLog.stateVector()).toEqual(Y.encodeStateVector(applied));
    expect(withLog.isLive).toBe(true);
  });
});
