import type { Socket } from "node:net";
import { CloseCode } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { barrier, startHarness, TEXT, textOf, updateFrame, updatesIn } from "../../../test/helpers/collabHarness.js";

/** A client's document and the updates its edits make, one per edit. */
function typist() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => updates.push(update));
  const text = doc.getText(TEXT);
  return {
    type(characters: string): Uint8Array {
      text.insert(text.length, characters);
      return updates.at(-1)!;
    },
  };
}

/** The text of a document made of the updates relayed to a raw client, in the order received. */
function textSeen(frames: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updatesIn(frames)) Y.applyUpdate(doc, update);
  const text = doc.getText(TEXT).toString();
  doc.destroy();
  return text;
}

describe("the update check on the event loop (SPEC D4)", () => {
  it("[D4] a keystroke after one's own is checked as it is read; a first edit, an update past the bound and an invalid one go to the worker", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });
    const writer = typist();

    // The first edit of a client starts at clock 0: only a scratch document can judge it.
    const first = writer.type("H");
    alice.socket.send(updateFrame(first));
    await eventually(() => expect(textSeen(bob.received)).toBe("H"));
    expect(h.workerChecks).toEqual([first]);

    // Typing after it: decoding alone answers, on the event loop.
    const keystrokes = ["e", "l", "l", "o"].map((character) => writer.type(character));
    for (const keystroke of keystrokes) alice.socket.send(updateFrame(keystroke));
    await eventually(() => expect(textSeen(bob.received)).toBe("Hello"));
    expect(h.workerChecks).toEqual([first]);

    // A paste larger than INLINE_CHECK_MAX_BYTES (2,048 by default) goes to the worker, however simple.
    const paste = writer.type(" world".repeat(400));
    expect(paste.byteLength).toBeGreaterThan(2048);
    alice.socket.send(updateFrame(paste));
    await eventually(() => expect(textSeen(bob.received)).toBe(`Hello${" world".repeat(400)}`));
    expect(h.workerChecks).toEqual([first, paste]);
    expect(textOf(await h.storedDoc("rec-1"))).toBe(`Hello${" world".repeat(400)}`);

    // A small update that does not decode is refused by the worker's answer, as before.
    const mallory = await h.raw("rec-1", { user: "mallory" });
    const corrupt = Uint8Array.from([1, 1, 200, 1, 5, 255]);
    mallory.socket.send(updateFrame(corrupt));
    expect((await mallory.closed).code).toBe(CloseCode.InvalidUpdate);
    expect(h.workerChecks).toEqual([first, paste, corrupt]);
    expect(h.probe.appendCalls.flat()).toEqual([first, ...keystrokes, paste]);
  });

  it("[D4] with INLINE_CHECK_MAX_BYTES 0 every update goes to the worker", async () => {
    const h = await startHarness({ inlineCheckMaxBytes: 0 });
    const alice = await h.raw("rec-1", { user: "alice" });
    const writer = typist();
    const updates = [writer.type("a"), writer.type("b"), writer.type("c")];
    for (const update of updates) alice.socket.send(updateFrame(update));
    await eventually(() => expect(h.probe.appendCalls.flat()).toHaveLength(3));
    expect(h.workerChecks).toEqual(updates);
    expect(textOf(await h.storedDoc("rec-1"))).toBe("abc");
  });

  it("[D2][D4] a keystroke read while its room's earlier update is in the worker waits its turn there: stored and relayed in order", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });
    const writer = typist();
    const first = writer.type("1");
    const then = ["2", "3"].map((character) => writer.type(character));
    // In one write to the TCP socket, so that the server reads them in one turn.
    const tcp = (alice.socket as unknown as { _socket: Socket })._socket;
    tcp.cork();
    for (const update of [first, ...then]) alice.socket.send(updateFrame(update));
    tcp.uncork();
    await eventually(() => expect(textSeen(bob.received)).toBe("123"));
    await barrier(alice);
    expect(h.workerChecks).toEqual([first, ...then]);
    expect(h.probe.appendCalls.flat()).toEqual([first, ...then]);
  });
});
