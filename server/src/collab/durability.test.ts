import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { CloseCode } from "@accord/protocol";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import {
  barrier,
  makeUpdate,
  startHarness,
  TEXT,
  textOf,
  updateFrame,
  updatesIn,
  type Harness,
  type RawClient,
} from "../../../test/helpers/collabHarness.js";

describe("durability", () => {
  it("[D1] an update is stored before any other client sees it", async () => {
    const changed: string[] = [];
    const h = await startHarness({ onDocumentChanged: (docName) => void changed.push(docName) });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    let storedWhenBobSawIt: number | null = null;
    bob.text.observe(() => {
      storedWhenBobSawIt ??= h.probe.appendsStored;
    });

    const gate = h.probe.holdAppends();
    alice.text.insert(0, "Durable first.");
    await eventually(() => h.probe.appendCalls.length === 1);
    // While the store holds the write, nobody sees the edit: not Bob, not a client connecting now.
    const carol = await h.client("rec-1", { user: "carol" });
    expect(bob.text.toString()).toBe("");
    expect(carol.text.toString()).toBe("");
    expect(changed).toEqual([]);

    gate.open();
    await eventually(() => expect(bob.text.toString()).toBe("Durable first."));
    expect(storedWhenBobSawIt).toBe(1);
    expect(textOf(await h.storedDoc("rec-1"))).toBe("Durable first.");
    await eventually(() => expect(carol.text.toString()).toBe("Durable first."));
    expect(changed).toEqual(["rec-1"]);
  });

  it("[D2] updates arriving while a write is in flight go to the store in one write, in arrival order", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });
    const { gate, first, fromAlice, fromBob } = await queueBehindAHeldWrite(h, alice, bob);
    expect(h.probe.appendCalls).toHaveLength(1);

    gate.open();
    await eventually(() => h.probe.appendsStored === 2);
    expect(h.probe.appendCalls).toEqual([[first], [...fromAlice, fromBob]]);
    expect((await h.store.loadDocument("rec-1")).updates).toEqual([first, ...fromAlice, fromBob]);
  });

  it("[D1] a stored batch reaches each connection as one update: the merge of what it did not send", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });
    const carol = await h.raw("rec-1", { user: "carol" });
    // Queued behind the held write: one batch from two senders.
    const { gate, first, fromBob } = await queueBehindAHeldWrite(h, alice, bob);

    gate.open();
    await eventually(() => h.probe.appendsStored === 2);
    await eventually(() => expect(updatesIn(carol.received)).toHaveLength(2));
    await barrier(alice);
    await barrier(bob);

    const contentOf = (updates: Uint8Array[]) => {
      const doc = new Y.Doc();
      for (const update of updates) Y.applyUpdate(doc, update);
      // Three concurrent pushes from three fresh documents: Yjs orders them by client id.
      const a = doc.getArray<number>("a").toArray().sort();
      return { text: doc.getText(TEXT).toString(), a, b: doc.getArray("b").toArray() };
    };
    // Carol sent nothing: the first write, then the whole second batch in one message.
    expect(updatesIn(carol.received)[0]).toEqual(first);
    expect(contentOf(updatesIn(carol.received).slice(1))).toEqual({ text: "", a: [1, 2, 3], b: ["bob"] });
    // Alice gets only Bob's update, as he sent it; Bob gets the first write, then Alice's three merged.
    expect(updatesIn(alice.received)).toEqual([fromBob]);
    expect(updatesIn(bob.received)).toHaveLength(2);
    expect(updatesIn(bob.received)[0]).toEqual(first);
    expect(contentOf(updatesIn(bob.received).slice(1))).toEqual({ text: "", a: [1, 2, 3], b: [] });
  });

  it("[D2] frames that arrive in the same turn of the event loop are stored in one write", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1");
    const updates = ["a", "b", "c"].map((name) => makeUpdate((doc) => doc.getMap("m").set(name, 1)));
    // In one write to the TCP socket, so that they reach the server together however busy the
    // machine is (sent one by one, the server may read the first before the others arrive).
    const tcp = (alice.socket as unknown as { _socket: Socket })._socket;
    tcp.cork();
    for (const update of updates) alice.socket.send(updateFrame(update));
    tcp.uncork();
    await eventually(() => h.probe.appendsStored === 1);
    expect(h.probe.appendCalls).toEqual([updates]);
  });

  it("[D2] a room's updates reach other clients in the order they were received", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const seen: string[] = [];
    bob.doc.getArray<string>("log").observe((event) => {
      for (const delta of event.changes.delta) if (delta.insert) seen.push(...(delta.insert as string[]));
    });
    const log = alice.doc.getArray<string>("log");
    for (let i = 0; i < 20; i++) log.push([`entry ${i}`]);
    await eventually(() => expect(seen).toHaveLength(20));
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `entry ${i}`));
  });

  it("[D3] a failed write relays nothing, closes its sender with StoreUnavailable, and is retried until stored", async () => {
    const h = await startHarness({ retryDelayMs: () => 20 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    let storedWhenBobSawIt: number | null = null;
    bob.text.observe(() => {
      storedWhenBobSawIt ??= h.probe.appendsStored;
    });

    h.probe.failNextAppends = 2;
    alice.text.insert(0, "Saved in the end.");
    await eventually(() => expect(alice.closes.map((close) => close.code)).toContain(CloseCode.StoreUnavailable));
    await eventually(() => expect(bob.text.toString()).toBe("Saved in the end."));
    expect(storedWhenBobSawIt).toBe(1);
    expect(textOf(await h.storedDoc("rec-1"))).toBe("Saved in the end.");
    expect(h.logs.filter((record) => record.msg === "storing updates failed: retrying")).toHaveLength(2);

    // 4500 is a "try again" code: Alice's provider reconnects and carries on.
    await eventually(() => alice.provider.synced);
    alice.text.insert(alice.text.length, " Still editing.");
    await eventually(() => expect(bob.text.toString()).toBe("Saved in the end. Still editing."));
  });

  it("[D3] a room whose write keeps failing stays in memory after everyone left, and unloads once it is stored", async () => {
    const h = await startHarness({ retryDelayMs: () => 10 });
    const alice = await h.raw("rec-1");
    h.probe.failNextAppends = Number.POSITIVE_INFINITY;
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Not lost."))));
    expect((await alice.closed).code).toBe(CloseCode.StoreUnavailable);
    await eventually(() => h.probe.appendCalls.length >= 3);
    expect(h.server.roomCount).toBe(1);

    h.probe.failNextAppends = 0;
    await eventually(() => h.server.roomCount === 0);
    expect(textOf(await h.storedDoc("rec-1"))).toBe("Not lost.");
  });

  it("[D4] the empty sync step 2 every client sends on connect is not stored", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    await h.client("rec-1", { user: "bob" });
    alice.text.insert(0, "x");
    await eventually(() => h.probe.appendsStored === 1);
    await h.client("rec-1", { user: "carol" });
    await h.server.flush();
    expect(h.probe.appendCalls).toHaveLength(1);
  });

  it("[D5] past compactAfterUpdates the stored log is merged into a snapshot, and the document reloads equal", async () => {
    const h = await startHarness({ compactAfterUpdates: 5 });
    const alice = await h.client("rec-1");
    for (let i = 0; i < 12; i++) {
      alice.text.insert(alice.text.length, `line ${i}\n`);
      await eventually(() => h.probe.appendsStored === i + 1);
    }
    await eventually(() => h.probe.compactionsRunning === 0 && h.probe.compactCalls === 2);
    // Compacted after the 5th and the 10th write; the 11th and 12th are in the log.
    expect(await h.store.documentStats("rec-1")).toMatchObject({ updateCount: 2 });
    expect((await h.store.loadDocument("rec-1")).snapshot).not.toBeNull();
    expect(textOf(await h.storedDoc("rec-1"))).toBe(alice.text.toString());

    alice.provider.destroy();
    await eventually(() => h.server.roomCount === 0);
    const later = await h.client("rec-1", { user: "bob" });
    expect(later.text.toString()).toBe(Array.from({ length: 12 }, (_, i) => `line ${i}\n`).join(""));
  });

  it("[D5] past compactAfterBytes the log is compacted too", async () => {
    const h = await startHarness({ compactAfterBytes: 1_000 });
    const alice = await h.client("rec-1");
    alice.text.insert(0, "small");
    await eventually(() => h.probe.appendsStored === 1);
    expect(h.probe.compactCalls).toBe(0);
    alice.text.insert(5, "x".repeat(2_000));
    await eventually(() => h.probe.compactCalls === 1 && h.probe.compactionsRunning === 0);
    expect(await h.store.documentStats("rec-1")).toEqual({ updateCount: 0, updateBytes: 0 });
    expect(textOf(await h.storedDoc("rec-1"))).toBe(`small${"x".repeat(2_000)}`);
  });

  it("[D5] never two compactions of one document at once; updates appended meanwhile are kept", async () => {
    const h = await startHarness({ compactAfterUpdates: 2 });
    const alice = await h.client("rec-1");
    const gate = h.probe.holdCompactions();
    for (let i = 0; i < 6; i++) {
      alice.text.insert(alice.text.length, String(i));
      await eventually(() => h.probe.appendsStored === i + 1);
    }
    expect(h.probe.compactCalls).toBe(1);

    gate.open();
    await eventually(() => h.probe.compactionsRunning === 0);
    expect(h.probe.maxConcurrentCompactions).toBe(1);
    // The held compaction merged all six; two more writes make the next one due.
    expect(await h.store.documentStats("rec-1")).toMatchObject({ updateCount: 0 });
    for (const digit of ["6", "7"]) alice.text.insert(alice.text.length, digit);
    await eventually(() => h.probe.compactCalls === 2 && h.probe.compactionsRunning === 0);
    expect(h.probe.maxConcurrentCompactions).toBe(1);
    expect(textOf(await h.storedDoc("rec-1"))).toBe("01234567");
  });

  it("[D6] close() stores every accepted update before it resolves, and closes clients with ServerShutdown", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1");
    const gate = h.probe.holdAppends();
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Kept at shutdown."))));
    await eventually(() => h.probe.appendCalls.length === 1);

    let closed = false;
    const closing = h.server.close().then(() => {
      closed = true;
    });
    expect((await alice.closed).code).toBe(CloseCode.ServerShutdown);
    expect(closed).toBe(false); // still waiting for the store
    expect(await h.refusedStatus("/collab/rec-2")).toBe(503);

    gate.open();
    await closing;
    expect(textOf(await h.storedDoc("rec-1"))).toBe("Kept at shutdown.");
    expect(h.server.roomCount).toBe(0);
    expect(h.server.connectionCount).toBe(0);
  });

  it("[D6] close() gives up on a store that never answers after shutdownFlushTimeoutMs, and says so", async () => {
    const h = await startHarness({ shutdownFlushTimeoutMs: 100 });
    const alice = await h.raw("rec-1");
    h.probe.holdAppends(); // never opened
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Stuck."))));
    await eventually(() => h.probe.appendCalls.length === 1);
    await h.server.close();
    expect(
      h.logs.find((record) => record.level === 50 && String(record.msg).startsWith("shutting down with updates")),
    ).toMatchObject({
      docName: "rec-1",
      updates: 1,
    });
    expect(h.server.roomCount).toBe(0);
  });

  it("[D6] flush() resolves once every update accepted before it is stored", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1");
    const gate = h.probe.holdAppends();
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Flushed."))));
    await barrier(alice);
    let flushed = false;
    const flushing = h.server.flush().then(() => {
      flushed = true;
    });
    await eventually(() => h.probe.appendCalls.length === 1);
    expect(flushed).toBe(false);
    gate.open();
    await flushing;
    expect(textOf(await h.storedDoc("rec-1"))).toBe("Flushed.");
  });

  it("[D7] readDocument answers the stored document, with its room loaded or not", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1");
    const gate = h.probe.holdAppends();
    alice.text.insert(0, "Read me.");
    await eventually(() => h.probe.appendCalls.length === 1);
    // Accepted but not yet stored: readDocument waits for it rather than answer without it.
    const reading = h.server.readDocument("rec-1");
    gate.open();
    const whileLoaded = await reading;
    expect(textOf(whileLoaded)).toBe("Read me.");
    whileLoaded.destroy();

    alice.provider.destroy();
    await eventually(() => h.server.roomCount === 0);
    const unloaded = await h.server.readDocument("rec-1");
    expect(textOf(unloaded)).toBe("Read me.");
    expect(h.server.roomCount).toBe(0);
    unloaded.destroy();
  });

  it("[D7] readStored reads a loaded room's document in place, only what is stored, and the store's when no room is loaded", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1");
    alice.text.insert(0, "Stored.");
    await eventually(() => h.probe.appendsStored === 1);
    const loadsBefore = h.probe.loadCalls;
    const gate = h.probe.holdAppends();
    alice.text.insert(alice.text.length, " Not yet.");
    await eventually(() => h.probe.appendCalls.length === 2);
    // Loaded: the room's document itself, without a load; the held update is not in it (D1).
    expect(await h.server.readStored("rec-1", textOf)).toBe("Stored.");
    expect(h.probe.loadCalls).toBe(loadsBefore);
    gate.open();
    await eventually(async () => expect(await h.server.readStored("rec-1", textOf)).toBe("Stored. Not yet."));

    alice.provider.destroy();
    await eventually(() => h.server.roomCount === 0);
    expect(await h.server.readStored("rec-1", textOf)).toBe("Stored. Not yet.");
    expect(h.probe.loadCalls).toBe(loadsBefore + 1);
    expect(h.server.roomCount).toBe(0);
  });

  it("[D8] a stored part that does not apply is skipped and logged; the rest of the document loads", async () => {
    const h = await startHarness();
    const good = makeUpdate((doc) => doc.getText(TEXT).insert(0, "Kept."));
    // Decodes, but throws when applied (found by fuzzing a valid update).
    const poison = Uint8Array.from([
      1, 3, 174, 161, 177, 169, 13, 0, 7, 1, 7, 100, 101, 102, 97, 117, 108, 116, 6, 4, 0, 174, 161, 177, 169, 13, 1,
      11, 104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 40, 1, 1, 109, 1, 97, 1, 125, 1, 0,
    ]);
    expect(() => Y.applyUpdate(new Y.Doc(), poison)).toThrow();
    await h.store.appendUpdates("rec-1", [poison, good]);

    const alice = await h.client("rec-1");
    expect(alice.text.toString()).toBe("Kept.");
    expect(
      h.logs.find((record) => record.msg === "a stored part of the document does not apply: skipped"),
    ).toMatchObject({
      docName: "rec-1",
      part: 0,
    });
  });
});

/**
 * Alice's first update is written and held there; then three more from her and one from Bob
 * arrive, which queue behind it as the next batch. Returns once all four are checked and in the
 * room's write queue: a barrier says the server read a frame, not that its check (on the worker
 * thread) has answered, which on a busy machine comes later.
 */
async function queueBehindAHeldWrite(h: Harness, alice: RawClient, bob: RawClient) {
  const gate = h.probe.holdAppends();
  const first = makeUpdate((doc) => doc.getText(TEXT).insert(0, "0"));
  alice.socket.send(updateFrame(first));
  await eventually(() => h.probe.appendCalls.length === 1);
  const fromAlice = [1, 2, 3].map((n) => makeUpdate((doc) => doc.getArray("a").push([n])));
  const fromBob = makeUpdate((doc) => doc.getArray("b").push(["bob"]));
  for (const update of fromAlice) alice.socket.send(updateFrame(update));
  // Bob's is read after Alice's: checks answer in the order asked, so it queues after them.
  await barrier(alice);
  bob.socket.send(updateFrame(fromBob));
  await eventually(() => h.server.updatesWaiting("rec-1") === 4);
  return { gate, first, fromAlice, fromBob };
}
