import { CloseCode, MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness, textOf, type Harness, type RawClient } from "../../../test/helpers/collabHarness.js";

/**
 * SPEC P12 over real sockets: what waits to be sent is bounded, a client that does not read is
 * closed with SlowReader, and a sync step 1 is never answered twice at once. The accounting
 * itself is pinned message by message in Outbox.test.ts.
 */

const DOCUMENT_CHARS = 2_000_000;

function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** What a fresh client sends: an empty state vector (4 bytes in all). */
const ASK_FOR_EVERYTHING = syncStep1Frame(Y.encodeStateVector(new Y.Doc()));

const QUERY_AWARENESS = Uint8Array.from([MessageType.QueryAwareness]);

function isSyncStep2(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame);
  return (
    decoding.readVarUint(decoder) === MessageType.Sync &&
    decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2
  );
}

/** Applies a sync frame the server sent (step 2 or update) to `doc`. */
function applySyncFrame(doc: Y.Doc, frame: Uint8Array): void {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null);
}

/** A room whose document holds DOCUMENT_CHARS characters (about 2 MB), with two honest editors in it. */
async function largeDocument(options: Parameters<typeof startHarness>[0]) {
  const h = await startHarness(options);
  const alice = await h.client("rec-1", { user: "alice" });
  const bob = await h.client("rec-1", { user: "bob" });
  alice.text.insert(0, "x".repeat(DOCUMENT_CHARS));
  await eventually(() => expect(bob.text.length).toBe(DOCUMENT_CHARS), { timeoutMs: 20_000 });
  return { h, alice, bob };
}

function coalescedSyncSteps(h: Harness, userId: string): number {
  return h.logs.filter(
    (log) => log.userId === userId && log.msg === "sync step 1 while its previous answer is unsent: coalesced",
  ).length;
}

function slowReaderLogged(h: Harness, userId: string): boolean {
  return h.logs.some((log) => log.userId === userId && log.code === "SlowReader");
}

/** Sends `frame` `perTick` times every 50 ms (under the flood limit) until stopped. */
function keepSending(client: RawClient, frame: Uint8Array, perTick: number): () => void {
  const timer = setInterval(() => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    for (let i = 0; i < perTick; i++) client.socket.send(frame);
  }, 50);
  return () => clearInterval(timer);
}

describe("[P12] bounded send buffers", () => {
  it("[P12] a viewer that asks for a 2 MB document again and again and never reads is closed with SlowReader and what waited for it is released; the editors keep editing and converge", async () => {
    const { h, alice, bob } = await largeDocument({ maxSocketBufferBytes: 256 * 1024 });
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    mallory.socket.pause();
    const stopAsking = keepSending(mallory, ASK_FOR_EVERYTHING, 10);
    // Alice keeps typing meanwhile; what is relayed to Mallory piles up behind the document.
    let typed = 0;
    const typing = setInterval(() => {
      alice.text.insert(0, "y".repeat(4096));
      typed++;
    }, 20);
    try {
      await eventually(() => expect(slowReaderLogged(h, "mallory")).toBe(true), { timeoutMs: 20_000 });
    } finally {
      stopAsking();
      clearInterval(typing);
    }
    // Most of what Mallory asked for was never answered: one answer at a time.
    expect(coalescedSyncSteps(h, "mallory")).toBeGreaterThan(0);
    // Reading again, Mallory gets what the socket held, then the close frame.
    mallory.socket.resume();
    expect(await mallory.closed).toEqual({
      code: CloseCode.SlowReader,
      reason: "more than 262144 bytes waited to be sent to it",
    });

    const expected = DOCUMENT_CHARS + typed * 4096;
    await eventually(() => expect(bob.text.length).toBe(expected), { timeoutMs: 20_000 });
    expect(bob.text.toString()).toBe(alice.text.toString());
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toHaveLength(expected), {
      timeoutMs: 10_000,
    });
    expect(alice.closes.concat(bob.closes)).toEqual([]);
    // Nothing waits for anyone any more: the server holds no byte of what Mallory did not read.
    await eventually(() => expect(h.server.bufferedBytes).toBe(0));
    expect(h.server.connectionCount).toBe(2);
  });

  it("[P12] sync step 1 frames that arrive while the answer to the connection is unsent are answered once, when it was written", async () => {
    // Rate high enough never to be reached: this is about the answer on its way.
    const { h } = await largeDocument({ maxSyncAnswersPerSecond: 1000 });
    const reader = await h.raw("rec-1", { user: "reader", readOnly: true });
    const opening = reader.received.length;
    reader.socket.pause();
    // A state vector naming a client the document does not know: it lacks everything too.
    const stranger = new Y.Doc();
    stranger.clientID = 42;
    stranger.getText("other").insert(0, "z");
    const ask = syncStep1Frame(Y.encodeStateVector(stranger));
    stranger.destroy();
    // Asked until an answer is stuck on its way (the kernel's buffers take an answer or two first)…
    let sent = 0;
    await eventually(
      () => {
        reader.socket.send(ask);
        sent++;
        expect(coalescedSyncSteps(h, "reader")).toBeGreaterThan(0);
      },
      { timeoutMs: 20_000 },
    );
    // …then 40 more at once: each is coalesced into the one answer owed.
    const before = coalescedSyncSteps(h, "reader");
    for (let i = 0; i < 40; i++) reader.socket.send(ask);
    sent += 40;
    await eventually(() => expect(coalescedSyncSteps(h, "reader")).toBeGreaterThanOrEqual(before + 40));
    const coalesced = coalescedSyncSteps(h, "reader");
    reader.socket.resume();
    // Every frame answered at once, plus one answer for all those coalesced.
    await eventually(
      () => expect(reader.received.slice(opening).filter(isSyncStep2)).toHaveLength(sent - coalesced + 1),
      { timeoutMs: 20_000 },
    );
    for (const answer of reader.received.slice(opening).filter(isSyncStep2))
      expect(answer.byteLength).toBeGreaterThan(DOCUMENT_CHARS);
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
  });

  it("[P12] a client that reads and asks again and again is answered at most at the answer rate; its last ask is answered", async () => {
    const h = await startHarness({ maxSyncAnswersPerSecond: 2 });
    const alice = await h.client("rec-1", { user: "alice" });
    alice.text.insert(0, "Some text.");
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toBe("Some text."));
    const reader = await h.raw("rec-1", { user: "reader", readOnly: true });
    const opening = reader.received.length;
    const startedAt = performance.now();
    // Alice's state vector: almost nothing is lacking, yet each answer would encode the delete set.
    const ask = syncStep1Frame(Y.encodeStateVector(alice.doc));
    // 20 asks a second, each after the previous answer was read.
    const stopAsking = keepSending(reader, ask, 1);
    const rateCoalesced = () =>
      h.logs.filter((log) => log.userId === "reader" && log.msg === "sync step 1 past the answer rate: coalesced")
        .length;
    try {
      await eventually(() => expect(rateCoalesced()).toBeGreaterThanOrEqual(10), { timeoutMs: 10_000 });
    } finally {
      stopAsking();
    }
    const answers = () => reader.received.slice(opening).filter(isSyncStep2).length;
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    // The first answer, a burst of four, then two a second (and one that may be on its way).
    expect(answers()).toBeLessThanOrEqual(1 + 4 + Math.ceil(2 * elapsedSeconds) + 1);
    // What it asks last (now: everything) is answered once the rate allows.
    const before = reader.received.length;
    reader.socket.send(ASK_FOR_EVERYTHING);
    await eventually(() => {
      const doc = new Y.Doc();
      // The answer, and what was stored since it was made (P12's shared answer), if any.
      for (const frame of reader.received.slice(before).filter((f) => f[0] === MessageType.Sync))
        applySyncFrame(doc, frame);
      expect(doc.getText("t").toString()).toBe("Some text.");
      doc.destroy();
    });
  });

  it("[P12] while one answer to an empty state vector is on its way, fresh clients are sent the same bytes, then what was stored since: the document is encoded once", async () => {
    const { h, alice } = await largeDocument({});
    // A reader that stopped reading, and asks until its answer is stuck on the way to it.
    const holder = await h.raw("rec-1", { user: "holder", readOnly: true });
    holder.socket.pause();
    const stopAsking = keepSending(holder, ASK_FOR_EVERYTHING, 1);
    try {
      await eventually(() => expect(coalescedSyncSteps(h, "holder")).toBeGreaterThan(0), { timeoutMs: 20_000 });
    } finally {
      stopAsking();
    }
    alice.text.insert(0, "Typed later. ");
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toHaveLength(DOCUMENT_CHARS + 13));
    const dave = await h.raw("rec-1", { user: "dave" });
    const opening = dave.received.length;
    dave.socket.send(ASK_FOR_EVERYTHING);
    await eventually(() => expect(dave.received.length).toBe(opening + 2));
    const [answer, since] = dave.received.slice(opening);
    expect(isSyncStep2(answer!)).toBe(true);
    // The answer is the one made before Alice typed; her text follows it as an update.
    const doc = new Y.Doc();
    applySyncFrame(doc, answer!);
    expect(doc.getText("t").length).toBe(DOCUMENT_CHARS);
    applySyncFrame(doc, since!);
    expect(doc.getText("t").toString()).toBe(alice.text.toString());
    doc.destroy();

    // A state vector that knows a little of the document (one item of Alice's) is sent the same.
    const erin = await h.raw("rec-1", { user: "erin" });
    const erinOpening = erin.received.length;
    erin.socket.send(syncStep1Frame(Y.encodeStateVector(new Map([[alice.doc.clientID, 1]]))));
    await eventually(() => expect(erin.received.length).toBe(erinOpening + 2));
    expect(Buffer.from(erin.received[erinOpening]!).equals(Buffer.from(answer!))).toBe(true);
  });

  it("[P12] a client that asks who is here without reading is closed by its bound, and cut when it does not take the close frame; the room carries on", async () => {
    const h = await startHarness({ maxSocketBufferBytes: 64 * 1024, closeHandshakeTimeoutMs: 200 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    // 10 KB of presence: every answer to a query carries it.
    alice.provider.awareness.setLocalStateField("user", { name: "Alice", note: "n".repeat(10_000) });
    await eventually(() => expect(bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(true));
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    mallory.socket.pause();
    const stopAsking = keepSending(mallory, QUERY_AWARENESS, 10);
    try {
      await eventually(() => expect(slowReaderLogged(h, "mallory")).toBe(true), { timeoutMs: 20_000 });
    } finally {
      stopAsking();
    }
    expect(h.server.connectionCount).toBe(2);
    expect(h.server.bufferedBytes).toBe(0);
    // It never reads, so it never answers the close frame: the server cuts the socket (ws reports 1006).
    await eventually(() =>
      expect(
        h.logs.some(
          (log) => log.userId === "mallory" && log.msg === "document socket closed" && log.code === "Unknown(1006)",
        ),
      ).toBe(true),
    );
    alice.text.insert(0, "Still here.");
    await eventually(() => expect(bob.text.toString()).toBe("Still here."));
    expect(alice.closes.concat(bob.closes)).toEqual([]);
    // What the kernel had taken before the cut still arrives: here, the close frame with its code
    // (if the kernel had not taken it, the client would see 1006).
    mallory.socket.resume();
    expect([CloseCode.SlowReader, 1006]).toContain((await mallory.closed).code);
  });
});
