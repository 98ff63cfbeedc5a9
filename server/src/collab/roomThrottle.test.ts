import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness, TEXT, textOf, updateFrame } from "../../../test/helpers/collabHarness.js";

/** `count` one-character updates typed by one client, each as an update frame. */
function typedFrames(letter: string, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => frames.push(updateFrame(update)));
  for (let i = 0; i < count; i++) doc.getText(TEXT).insert(i, letter);
  doc.destroy();
  return frames;
}

function countOf(text: string, letter: string): number {
  return text.split(letter).length - 1;
}

describe("[P17] a document that floods is slowed, not everyone (issue 20)", () => {
  it("[P17] past its budget a room stops being read until the debt is paid; another room is served meanwhile; nothing is lost or closed", async () => {
    // 40 frames a second, bursts of 80; each socket's own limit far above (P11 closes nobody here).
    const h = await startHarness({ maxRoomMessagesPerSecond: 40, maxMessagesPerSecond: 10_000 });
    const watcherA = await h.client("rec-a", { user: "wanda" });
    const typist = await h.client("rec-b", { user: "tom" });
    const watcherB = await h.client("rec-b", { user: "will" });
    const flooders = await Promise.all(["x", "y", "z"].map((user) => h.raw("rec-a", { user })));
    const waves = ["x", "y", "z"].map((letter) => typedFrames(letter, 90));

    // Wave 1: 240 frames at once, 160 past the budget: reading stops for about 4 s.
    flooders.forEach((flooder, i) => {
      for (const frame of waves[i]!.slice(0, 80)) flooder.socket.send(frame);
    });
    await eventually(() => expect(textOf(watcherA.doc)).toHaveLength(240), { timeoutMs: 10_000 });
    // Stopped (once or more: frames read before a stop add to the debt, and what waited is read after it).
    expect(h.server.throttleOf("rec-a")).toMatchObject({ paused: true, pauses: expect.any(Number) });
    expect(h.server.throttleOf("rec-a")!.pauses).toBeGreaterThanOrEqual(1);

    // Wave 2 waits in the flooders' sockets; the other room is served at once.
    const sentAt = performance.now();
    flooders.forEach((flooder, i) => {
      for (const frame of waves[i]!.slice(80)) flooder.socket.send(frame);
    });
    typist.text.insert(0, "b");
    await eventually(() => expect(textOf(watcherB.doc)).toBe("b"));
    expect(textOf(watcherA.doc)).toHaveLength(240);
    expect(h.server.throttleOf("rec-b")).toEqual({ paused: false, pauses: 0 });

    // All of it arrives once the debt is paid (about 4 s after wave 1), none of it sooner.
    await eventually(() => expect(textOf(watcherA.doc)).toHaveLength(270), { timeoutMs: 15_000 });
    expect(performance.now() - sentAt).toBeGreaterThan(1_000);
    for (const letter of ["x", "y", "z"]) expect(countOf(textOf(watcherA.doc), letter)).toBe(90);
    expect(textOf(await h.storedDoc("rec-a"))).toHaveLength(270);
    for (const flooder of flooders) expect(flooder.socket.readyState).toBe(flooder.socket.OPEN);
    expect(watcherA.closes.concat(typist.closes, watcherB.closes)).toEqual([]);
    expect(h.logs.filter((log) => log.msg?.startsWith("document flooding")).map((log) => log.docName)).toEqual([
      "rec-a",
    ]);
  });
});
