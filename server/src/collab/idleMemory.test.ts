import { MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { barrier, startHarness, typeOfFrame, type RawClient } from "../../../test/helpers/collabHarness.js";

/**
 * An idle server keeps little per connection and per room: a room makes its Awareness for the
 * first awareness message or query, connections and rooms make their child loggers for their
 * first log line, and a connection its set of awareness ids for the first id it sets. These
 * tests pin that the rules still hold on those paths.
 */

const QUERY_AWARENESS = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.QueryAwareness);
  return encoding.toUint8Array(encoder);
})();

/** An awareness message from a client whose doc has `clientId`, carrying `state` (null: gone). */
function awarenessFrame(clientId: number, state: Record<string, unknown> | null): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]));
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}

/** The states an awareness frame carries, by client id (null for a removed state). */
function statesIn(frame: Uint8Array): Map<number, unknown> {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MessageType.Awareness);
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const states = new Map<number, unknown>();
  const count = decoding.readVarUint(update);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update);
    decoding.readVarUint(update); // clock
    states.set(clientId, JSON.parse(decoding.readVarString(update)));
  }
  return states;
}

/** A fresh server and two raw clients on the same document. */
async function annAndBea() {
  const h = await startHarness();
  const ann = await h.raw("rec-1", { user: "ann" });
  const bea = await h.raw("rec-1", { user: "bea" });
  return { h, ann, bea };
}

function awarenessFrames(client: RawClient): Uint8Array[] {
  return client.received.filter((frame) => typeOfFrame(frame) === MessageType.Awareness);
}

describe("an idle room keeps the rules", () => {
  it("[R5] a room where nobody sent awareness answers query-awareness with no states, and a later awareness update reaches the others", async () => {
    const { ann, bea } = await annAndBea();
    ann.socket.send(QUERY_AWARENESS);
    await eventually(() => expect(awarenessFrames(ann)).toHaveLength(1));
    // The whole message: type Awareness, an update of 1 byte, which says "0 states".
    expect([...awarenessFrames(ann)[0]!]).toEqual([MessageType.Awareness, 1, 0]);

    bea.socket.send(awarenessFrame(7, { user: { name: "Bea" } }));
    await eventually(() => expect(awarenessFrames(ann)).toHaveLength(2));
    expect(statesIn(awarenessFrames(ann)[1]!)).toEqual(new Map([[7, { user: { name: "Bea" } }]]));
    // Not echoed to its sender.
    expect(awarenessFrames(bea)).toEqual([]);
  });

  it("[R5] the first awareness message of a room reaches the others without anyone asking first", async () => {
    const { ann, bea } = await annAndBea();
    bea.socket.send(awarenessFrame(8, { user: { name: "Bea" } }));
    await eventually(() => expect(awarenessFrames(ann)).toHaveLength(1));
    expect(statesIn(awarenessFrames(ann)[0]!)).toEqual(new Map([[8, { user: { name: "Bea" } }]]));
  });

  it("[R5][P3] states set by a connection are removed when it closes; a later opening then sends no awareness", async () => {
    const { h, ann, bea } = await annAndBea();
    bea.socket.send(awarenessFrame(9, { user: { name: "Bea" } }));
    await eventually(() => expect(awarenessFrames(ann)).toHaveLength(1));

    bea.socket.close();
    await eventually(() => expect(awarenessFrames(ann)).toHaveLength(2));
    expect(statesIn(awarenessFrames(ann)[1]!)).toEqual(new Map([[9, null]]));

    // Nobody is present any more: the opening is sync step 1 alone, and what follows it is
    // the answer to the query the barrier sends (the opening comes before any frame is read).
    const cid = await h.raw("rec-1", { user: "cid" });
    await barrier(cid);
    expect(cid.received).toHaveLength(2);
    const opening = decoding.createDecoder(cid.received[0]!);
    expect([decoding.readVarUint(opening), decoding.readVarUint(opening)]).toEqual([
      MessageType.Sync,
      syncProtocol.messageYjsSyncStep1,
    ]);
    expect([...cid.received[1]!]).toEqual([MessageType.Awareness, 1, 0]);
  });

  it("[P9] log lines of a connection and of a room still name the document and the user", async () => {
    const h = await startHarness();
    const reader = await h.raw("rec-1", { user: "rita", readOnly: true });
    const mallory = await h.raw("rec-1", { user: "mallory" });
    reader.socket.send(new Uint8Array([MessageType.Sync, syncProtocol.messageYjsUpdate, 3, 1, 2, 3]));
    mallory.socket.send("not binary");
    await mallory.closed;
    await eventually(() =>
      expect(h.logs.find((record) => record.msg === "closing document socket: bad input")).toMatchObject({
        level: 40,
        docName: "rec-1",
        userId: "mallory",
        code: "MalformedMessage",
      }),
    );
    await eventually(() =>
      expect(h.logs.find((record) => record.msg === "update from a read-only connection dropped")).toMatchObject({
        level: 40,
        docName: "rec-1",
        userId: "rita",
      }),
    );
  });
});
