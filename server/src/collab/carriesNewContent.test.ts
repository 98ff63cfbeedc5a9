import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { carriesNewContent } from "./messages.js";

/** SPEC P14: only an update that adds something to the room's document is a refused edit. */
describe("[P14] carriesNewContent", () => {
  function roomWith(text: string): { room: Y.Doc; copy: Y.Doc } {
    const room = new Y.Doc();
    room.getText("t").insert(0, text);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room));
    return { room, copy };
  }

  it("is false for what a reader answers sync step 1 with: its delete set, all of which the room has", () => {
    const { room, copy } = roomWith("Keep this, drop that.");
    room.getText("t").delete(10, 11);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(room));
    const answer = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(room));
    expect(Y.decodeUpdate(answer).ds.clients.size).toBe(1);
    expect(carriesNewContent(room, answer)).toBe(false);
  });

  it("is true for typed text and for a deletion the room has not made", () => {
    const { room, copy } = roomWith("RACE-2 R");
    const before = Y.encodeStateVector(copy);
    copy.getText("t").insert(8, "A");
    expect(carriesNewContent(room, Y.encodeStateAsUpdate(copy, before))).toBe(true);

    const other = roomWith("Words").copy;
    const deleting = new Y.Doc();
    Y.applyUpdate(deleting, Y.encodeStateAsUpdate(other));
    const vector = Y.encodeStateVector(deleting);
    deleting.getText("t").delete(0, 1);
    const roomOfOther = new Y.Doc();
    Y.applyUpdate(roomOfOther, Y.encodeStateAsUpdate(other));
    expect(carriesNewContent(roomOfOther, Y.encodeStateAsUpdate(deleting, vector))).toBe(true);
  });

  it("says so for bytes that are not an update: logged, not answered", () => {
    expect(carriesNewContent(new Y.Doc(), Uint8Array.of(200, 1, 2))).toBe("undecodable");
  });
});
