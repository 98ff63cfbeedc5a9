import { CloseCode, MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import {
  barrier,
  startHarness,
  typeOfFrame,
  type Harness,
  type ProviderClient,
  type RawClient,
} from "../../../test/helpers/collabHarness.js";
import { encodeAwarenessEntries } from "./messages.js";

/**
 * SPEC P13: awareness is bounded — the size of one state, the ids one connection introduces,
 * the bytes of a room's states together — and an id belongs to the connection that introduced
 * it. Whatever is refused is dropped: never relayed, never kept, never sent to a newcomer; and
 * the honest y-websocket client, which sends back every awareness change it receives, is never
 * closed for it.
 */

interface Entry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** An awareness frame as a client sends it, of states written as JSON. */
function awarenessFrame(entries: Entry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(
    encoder,
    encodeAwarenessEntries(entries.map((entry) => ({ ...entry, json: JSON.stringify(entry.state) }))),
  );
  return encoding.toUint8Array(encoder);
}

/** The client ids an awareness frame carries a state for (removals left out). */
function idsWithState(frame: Uint8Array): number[] {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const ids: number[] = [];
  const count = decoding.readVarUint(update);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update);
    decoding.readVarUint(update);
    if (JSON.parse(decoding.readVarString(update)) !== null) ids.push(clientId);
  }
  return ids;
}

/** Every id with a state in any awareness frame a raw client received. */
function idsSeenBy(client: RawClient): Set<number> {
  return new Set(client.received.filter((frame) => typeOfFrame(frame) === MessageType.Awareness).flatMap(idsWithState));
}

function otherIds(client: ProviderClient): number[] {
  return [...client.provider.awareness.getStates().keys()]
    .filter((id) => id !== client.doc.clientID)
    .sort((a, b) => a - b);
}

/** A cursor state like the Tiptap collaboration caret's: a user and two relative positions. */
function caretState(name: string) {
  return {
    user: { name, color: "#3366ff" },
    cursor: {
      anchor: { type: { client: 1, clock: 0 }, tname: null, item: { client: 1, clock: 5 }, assoc: 0 },
      head: { type: { client: 1, clock: 0 }, tname: null, item: { client: 1, clock: 5 }, assoc: 0 },
    },
  };
}

function refusals(h: Harness, userId: string): string[] {
  return h.logs
    .filter((log) => log.userId === userId && log.msg === "awareness refused: dropped, not relayed")
    .map((log) => String(log.reason));
}

describe("[P13] bounded awareness", () => {
  it("[P13] a state larger than the limit is dropped: never relayed, kept or sent to a newcomer; the sender stays open and its small state passes", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    alice.provider.awareness.setLocalState(caretState("Alice"));
    // A connection that may write: a read-only one's 6 MB frame is refused at its header (P7).
    const mallory = await h.raw("rec-1", { user: "mallory" });
    mallory.socket.send(
      awarenessFrame([{ clientId: 1001, clock: 1, state: { user: { name: "M" }, padding: "p".repeat(6_000_000) } }]),
    );
    mallory.socket.send(awarenessFrame([{ clientId: 1002, clock: 1, state: { user: { name: "Mallory" } } }]));
    await barrier(mallory);
    await eventually(() => expect(otherIds(alice)).toEqual([1002]));
    expect(refusals(h, "mallory")).toEqual([
      `an awareness state of ${6_000_000 + '{"user":{"name":"M"},"padding":""}'.length} bytes (at most 16384)`,
    ]);

    const carol = await h.raw("rec-1", { user: "carol" });
    await barrier(carol);
    expect([...idsSeenBy(carol)].sort((a, b) => a - b)).toEqual([1002, alice.doc.clientID].sort((a, b) => a - b));
    expect(mallory.socket.readyState).toBe(mallory.socket.OPEN);
    expect(alice.closes).toEqual([]);
  });

  it("[P13] a connection cannot set or remove a client id another connection introduced: the real user's presence stays", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    alice.provider.awareness.setLocalState(caretState("Alice"));
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual(caretState("Alice")),
    );
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    // A far newer clock, then a removal: y-protocols alone would take both.
    mallory.socket.send(
      awarenessFrame([{ clientId: alice.doc.clientID, clock: 1000, state: caretState("Not Alice") }]),
    );
    mallory.socket.send(awarenessFrame([{ clientId: alice.doc.clientID, clock: 1001, state: null }]));
    await barrier(mallory);
    // Alice's own next change still counts: her clock was never overtaken.
    alice.provider.awareness.setLocalState(caretState("Alice B."));
    await eventually(() =>
      expect(bob.provider.awareness.getStates().get(alice.doc.clientID)).toEqual(caretState("Alice B.")),
    );
    const carol = await h.client("rec-1", { user: "carol" });
    await eventually(() =>
      expect(carol.provider.awareness.getStates().get(alice.doc.clientID)).toEqual(caretState("Alice B.")),
    );
    // A forged update is not a refusal worth a warning: y-websocket's echoes look the same.
    expect(refusals(h, "mallory")).toEqual([]);
    expect(alice.closes.concat(bob.closes, carol.closes)).toEqual([]);
  });

  it("[P13] an id whose connection left stays its user's for 30 s: nobody else can take it over meanwhile", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    alice.provider.awareness.setLocalState(caretState("Alice"));
    await eventually(() => expect(otherIds(bob)).toEqual([alice.doc.clientID]));
    const aliceId = alice.doc.clientID;
    alice.provider.disconnect();
    await eventually(() => expect(otherIds(bob)).toEqual([]));
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    mallory.socket.send(awarenessFrame([{ clientId: aliceId, clock: 1000, state: caretState("Alice") }]));
    await barrier(mallory);
    expect(idsSeenBy(mallory).has(aliceId)).toBe(false);
    expect(refusals(h, "mallory")).toEqual(["an awareness client id another user left less than 30 s ago"]);
    expect(otherIds(bob)).toEqual([]);
  });

  it("[P13] one connection introduces at most maxClientIdsPerConnection client ids", async () => {
    const h = await startHarness({ awareness: { maxClientIdsPerConnection: 4 } });
    const bob = await h.client("rec-1", { user: "bob" });
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    mallory.socket.send(
      awarenessFrame([1, 2, 3, 4, 5, 6].map((clientId) => ({ clientId, clock: 1, state: { n: clientId } }))),
    );
    // Removing one of its own frees nothing: the ids it introduced stay its own while it is here.
    mallory.socket.send(awarenessFrame([{ clientId: 1, clock: 2, state: null }]));
    mallory.socket.send(awarenessFrame([{ clientId: 7, clock: 1, state: { n: 7 } }]));
    await barrier(mallory);
    await eventually(() => expect(otherIds(bob)).toEqual([2, 3, 4]));
    expect(refusals(h, "mallory")).toEqual(["more than 4 awareness client ids"]);
    // Its own ids it may still change.
    mallory.socket.send(awarenessFrame([{ clientId: 2, clock: 2, state: { n: "two" } }]));
    await eventually(() => expect(bob.provider.awareness.getStates().get(2)).toEqual({ n: "two" }));
  });

  it("[P13] the states of a room together stay within maxRoomBytes: a state that would pass it is refused until room is made", async () => {
    const h = await startHarness({ awareness: { maxStateBytes: 2048, maxRoomBytes: 4096 } });
    const observer = await h.client("rec-1", { user: "observer" });
    const state = (name: string) => ({ name, padding: "p".repeat(1500) });
    const ann = await h.raw("rec-1", { user: "ann" });
    const bea = await h.raw("rec-1", { user: "bea" });
    const cid = await h.raw("rec-1", { user: "cid" });
    ann.socket.send(awarenessFrame([{ clientId: 1, clock: 1, state: state("ann") }]));
    await barrier(ann);
    bea.socket.send(awarenessFrame([{ clientId: 2, clock: 1, state: state("bea") }]));
    await barrier(bea);
    cid.socket.send(awarenessFrame([{ clientId: 3, clock: 1, state: state("cid") }]));
    await barrier(cid);
    await eventually(() => expect(otherIds(observer)).toEqual([1, 2]));
    const size = JSON.stringify(state("cid")).length;
    expect(refusals(h, "cid")).toEqual([`the room's awareness states would hold ${3 * size} bytes (at most 4096)`]);
    // Ann leaves; her state goes, and Cid's fits.
    ann.socket.close();
    await eventually(() => expect(otherIds(observer)).toEqual([2]));
    cid.socket.send(awarenessFrame([{ clientId: 3, clock: 2, state: state("cid") }]));
    await eventually(() => expect(otherIds(observer)).toEqual([2, 3]));
  });

  it("[P13] answers to a client's own query-awareness earn it no free echoes: what it sends back pays its flood limit", async () => {
    const h = await startHarness({ maxMessagesPerSecond: 50 });
    const alice = await h.client("rec-1", { user: "alice" });
    alice.provider.awareness.setLocalState(caretState("Alice"));
    const mallory = await h.raw("rec-1", { user: "mallory", readOnly: true });
    await eventually(() => expect(idsSeenBy(mallory).has(alice.doc.clientID)).toBe(true));
    // 60 queries of the burst of 100, each answered with Alice's state…
    for (let i = 0; i < 60; i++) mallory.socket.send(Uint8Array.from([MessageType.QueryAwareness]));
    // …then 60 frames that change nothing (Alice's id is hers), as an echo would: 20 too many.
    const echo = awarenessFrame([{ clientId: alice.doc.clientID, clock: 1, state: caretState("Alice") }]);
    for (let i = 0; i < 60; i++) mallory.socket.send(echo);
    expect((await mallory.closed).code).toBe(CloseCode.Flooding);
    expect(alice.closes).toEqual([]);
  });

  it("[P13] an honest y-websocket client stays connected and keeps editing while four sockets send oversized states and renew their own faster than its flood limit", async () => {
    const h = await startHarness({ maxMessagesPerSecond: 100 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    alice.provider.awareness.setLocalState(caretState("Alice"));
    bob.provider.awareness.setLocalState(caretState("Bob"));
    // Connections that may write: a read-only one's 6 MB frame is refused at its header (P7).
    const mallories = await Promise.all([1, 2, 3, 4].map((n) => h.raw("rec-1", { user: `mallory${n}` })));
    // 6 MB from each: refused, so nobody is sent them back and forth.
    mallories.forEach((mallory, n) =>
      mallory.socket.send(
        awarenessFrame([{ clientId: 2000 + n, clock: 1, state: { padding: "p".repeat(6_000_000) } }]),
      ),
    );
    // Then each renews a small state 80 times a second (under its own limit of 100): 320 changes a
    // second reach Alice and Bob, and y-websocket sends each back — more than their own limit.
    let clock = 1;
    const renewing = setInterval(() => {
      clock++;
      for (let i = 0; i < 8; i++)
        mallories.forEach((mallory, n) =>
          mallory.socket.send(
            awarenessFrame([{ clientId: 3000 + n, clock: clock * 10 + i, state: { user: { name: `M${n}` } } }]),
          ),
        );
    }, 100);
    let typed = "";
    const typing = setInterval(() => {
      alice.text.insert(alice.text.length, "a");
      typed += "a";
    }, 20);
    try {
      await eventually(() =>
        expect(otherIds(bob)).toEqual([3000, 3001, 3002, 3003, alice.doc.clientID].sort((a, b) => a - b)),
      );
      // Long enough for the echoes to empty a bucket of 200 frames twice over.
      const until = Date.now() + 3_000;
      await eventually(() => expect(Date.now()).toBeGreaterThan(until), { timeoutMs: 5_000 });
    } finally {
      clearInterval(renewing);
      clearInterval(typing);
    }
    await eventually(() => expect(bob.text.toString()).toBe(typed));
    expect(alice.closes.concat(bob.closes)).toEqual([]);
    expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
    expect(otherIds(alice)).not.toContain(2000);
    for (const mallory of mallories) expect(mallory.socket.readyState).toBe(mallory.socket.OPEN);
  });
});

/** Each entry of an awareness frame: id, clock and state. */
function entriesOf(frame: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(frame);
  decoding.readVarUint(decoder);
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const entries: Entry[] = [];
  for (let count = decoding.readVarUint(update); count > 0; count--) {
    const clientId = decoding.readVarUint(update);
    const clock = decoding.readVarUint(update);
    entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) });
  }
  return entries;
}

function awarenessFramesSince(client: RawClient, from: number): Uint8Array[] {
  return client.received.slice(from).filter((frame) => typeOfFrame(frame) === MessageType.Awareness);
}

describe("[R5] awareness while the event loop is saturated (issue 20)", () => {
  /** Alice moves her cursor ten times and Bob three, each from a raw connection; Carol watches. */
  async function twoMovers(busy: boolean) {
    const h = await startHarness({ load: { busy: () => busy }, awarenessDeferMs: 500 });
    const alice = await h.raw("rec-1", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });
    const carol = await h.raw("rec-1", { user: "carol", readOnly: true });
    await Promise.all([barrier(alice), barrier(bob), barrier(carol)]);
    const from = { alice: alice.received.length, carol: carol.received.length };
    for (let clock = 1; clock <= 10; clock++)
      alice.socket.send(awarenessFrame([{ clientId: 501, clock, state: { at: clock } }]));
    for (let clock = 1; clock <= 3; clock++)
      bob.socket.send(awarenessFrame([{ clientId: 601, clock, state: { at: clock * 100 } }]));
    return { h, alice, bob, carol, from };
  }

  it("[R5] gathered for AWARENESS_DEFER_MS and relayed once, with each client's latest state, to everyone", async () => {
    const { alice, carol, from } = await twoMovers(true);
    const latest = (frames: Uint8Array[]) =>
      new Map(frames.flatMap(entriesOf).map((entry) => [entry.clientId, JSON.stringify(entry)]));
    const expected = new Map([
      [501, JSON.stringify({ clientId: 501, clock: 10, state: { at: 10 } })],
      [601, JSON.stringify({ clientId: 601, clock: 3, state: { at: 300 } })],
    ]);
    await eventually(() => expect(latest(awarenessFramesSince(carol, from.carol))).toEqual(expected));
    const frames = awarenessFramesSince(carol, from.carol);
    expect(
      frames.map((frame) =>
        entriesOf(frame)
          .map((entry) => entry.clientId)
          .sort(),
      ),
    ).toEqual([[501, 601]]);
    // The changes were two connections': Alice is sent them too (y-protocols ignores her own at its clock).
    await eventually(() => expect(latest(awarenessFramesSince(alice, from.alice))).toEqual(expected));
  });

  it("[R5] without a load each change is relayed at once, to everyone but its sender", async () => {
    const { alice, carol, from } = await twoMovers(false);
    await eventually(() => expect(awarenessFramesSince(carol, from.carol)).toHaveLength(13));
    expect(awarenessFramesSince(carol, from.carol).map((frame) => entriesOf(frame)[0]!.clock)).toEqual(
      expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    );
    await eventually(() => expect(awarenessFramesSince(alice, from.alice)).toHaveLength(3));
    expect(
      awarenessFramesSince(alice, from.alice)
        .flatMap(entriesOf)
        .map((entry) => entry.clientId),
    ).toEqual([601, 601, 601]);
  });
});
