import { MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import { decodeClientMessage, encodeAwarenessEntries, encodeSyncStep2, encodeUpdateMessage } from "./messages.js";
import { checkUpdate, isEmptyUpdate } from "./updateCheck.js";
import { makeUpdate, updateFrame } from "../../../test/helpers/collabHarness.js";

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("messages", () => {
  it("[P4] decodes each message a y-websocket client sends", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hi");
    const stateVector = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: "Ada" } });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);

    const syncStep1 = frame((e) => {
      encoding.writeVarUint(e, MessageType.Sync);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, stateVector);
    });
    const awarenessFrame = frame((e) => {
      encoding.writeVarUint(e, MessageType.Awareness);
      encoding.writeVarUint8Array(e, awarenessUpdate);
    });
    expect(decodeClientMessage(syncStep1)).toEqual({ ok: true, message: { kind: "sync-step-1", stateVector } });
    expect(decodeClientMessage(updateFrame(update, "sync-step-2"))).toEqual({
      ok: true,
      message: { kind: "sync-step-2", update },
    });
    expect(decodeClientMessage(updateFrame(update))).toEqual({ ok: true, message: { kind: "update", update } });
    const adaEntry = {
      clientId: doc.clientID,
      clock: 1,
      sentBytes: '{"user":{"name":"Ada"}}'.length,
      state: { user: { name: "Ada" } },
      tooLarge: false,
    };
    expect(decodeClientMessage(awarenessFrame)).toEqual({
      ok: true,
      message: { kind: "awareness", update: awarenessUpdate, entries: [adaEntry] },
    });
    expect(decodeClientMessage(Uint8Array.from([MessageType.QueryAwareness]))).toEqual({
      ok: true,
      message: { kind: "query-awareness" },
    });
    awareness.destroy();
    doc.destroy();
  });

  it("[P13] an awareness state longer than the limit is left unparsed and marked too large; the others are read", () => {
    const states = [
      // 120 bytes of JSON: exactly the limit, which passes.
      { clientId: 7, clock: 3, json: JSON.stringify({ user: { name: "x".repeat(100) } }) },
      { clientId: 8, clock: 1, json: "null" },
      // Not JSON at all: too large, so never parsed (it is refused whatever it holds).
      { clientId: 9, clock: 2, json: "{".repeat(200) },
    ];
    const update = encodeAwarenessEntries(states);
    const awarenessFrame = frame((e) => {
      encoding.writeVarUint(e, MessageType.Awareness);
      encoding.writeVarUint8Array(e, update);
    });
    expect(decodeClientMessage(awarenessFrame, { maxAwarenessStateBytes: 120 })).toEqual({
      ok: true,
      message: {
        kind: "awareness",
        update,
        entries: [
          { clientId: 7, clock: 3, sentBytes: 120, state: { user: { name: "x".repeat(100) } }, tooLarge: false },
          { clientId: 8, clock: 1, sentBytes: 4, state: null, tooLarge: false },
          { clientId: 9, clock: 2, sentBytes: 200, state: undefined, tooLarge: true },
        ],
      },
    });
    // Without the limit the same frame is malformed: its third state is not JSON (P5).
    expect(decodeClientMessage(awarenessFrame).ok).toBe(false);
  });

  it("[P5] names what is wrong with a malformed frame", () => {
    expect(decodeClientMessage(Uint8Array.from([9]))).toEqual({ ok: false, reason: "unknown message type 9" });
    expect(decodeClientMessage(Uint8Array.from([MessageType.Auth, 0]))).toEqual({
      ok: false,
      reason: "an auth message is not accepted from a client",
    });
    expect(decodeClientMessage(Uint8Array.from([MessageType.QueryAwareness, 1]))).toEqual({
      ok: false,
      reason: "trailing bytes after the message",
    });
    expect(decodeClientMessage(Uint8Array.from([0x80]))).toEqual({ ok: false, reason: "Unexpected end of array" });
  });

  it("[P4] the sync step 2 the server answers holds exactly what the client lacks", () => {
    const server = new Y.Doc();
    server.getText("t").insert(0, "abc");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    server.getText("t").insert(3, "def");
    const answer = decodeClientMessage(encodeSyncStep2(server, Y.encodeStateVector(client)));
    // Decoded as if a client had sent it: the same wire format both ways.
    if (!answer.ok || answer.message.kind !== "sync-step-2") throw new Error("not a sync step 2");
    Y.applyUpdate(client, answer.message.update);
    expect(client.getText("t").toString()).toBe("abcdef");
    server.destroy();
    client.destroy();
  });

  it("[D1] an update message is byte for byte what y-protocols writes, at every length of the length prefix", () => {
    // 0x7f / 0x80 and 0x3fff / 0x4000 are where the varuint length grows a byte.
    for (const length of [0, 1, 60, 0x7f, 0x80, 0x3fff, 0x4000, 300_000]) {
      const update = Uint8Array.from({ length }, (_, index) => (index * 31 + length) % 256);
      const expected = frame((encoder) => {
        encoding.writeVarUint(encoder, MessageType.Sync);
        syncProtocol.writeUpdate(encoder, update);
      });
      expect(Array.from(encodeUpdateMessage(update)), `length ${length}`).toEqual(Array.from(expected));
    }
  });

  it("[D4] checkUpdate tells valid, empty and invalid updates apart", () => {
    expect(checkUpdate(makeUpdate((doc) => doc.getText("t").insert(0, "x")))).toEqual({ kind: "valid" });
    expect(checkUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toEqual({ kind: "empty" });
    expect(checkUpdate(Uint8Array.from([255, 255, 255]))).toMatchObject({
      kind: "invalid",
      reason: expect.stringMatching(/^does not decode/),
    });
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(new Y.Doc()))).toBe(true);
    expect(isEmptyUpdate(makeUpdate((doc) => doc.getText("t").insert(0, "x")))).toBe(false);
  });

  it("[D4] an item naming its own client's struct made no earlier is invalid, though the scratch document cannot tell", () => {
    const base = new Y.Doc();
    base.clientID = 1;
    base.getText("t").insert(0, "Hello world, and more text.");
    const typist = new Y.Doc();
    typist.clientID = 2;
    Y.applyUpdate(typist, Y.encodeStateAsUpdate(base));
    typist.getText("t").insert(5, "!");
    // Client 2's second item (clock 1), its left neighbour named as itself (2:1) where a real
    // client writes 1:10. Found as a mutation by the hostile-frames fuzzer.
    const selfOrigin = Uint8Array.from([1, 1, 2, 1, 196, 2, 1, 1, 11, 1, 63, 0]);
    expect(checkUpdate(selfOrigin)).toEqual({
      kind: "invalid",
      reason: "does not apply: item 2:1 refers to 2:1, made no earlier",
    });
    // The scratch document alone lets it through (the item waits for clock 0)…
    const scratch = new Y.Doc({ gc: false });
    expect(() => Y.applyUpdate(scratch, selfOrigin)).not.toThrow();
    // …but a document that has clock 0 integrates it and throws halfway.
    expect(() => Y.applyUpdate(typist, selfOrigin)).toThrow(/reading 'id'/);
    for (const doc of [base, typist, scratch]) doc.destroy();
  });

  it("[D4] an update that depends on structs the server lacks is still valid (it waits in the document)", () => {
    const base = new Y.Doc();
    base.getText("t").insert(0, "base");
    const dependent = makeUpdate((doc) => doc.getText("t").insert(4, " more"), base);
    expect(checkUpdate(dependent)).toEqual({ kind: "valid" });
    base.destroy();
  });
});
