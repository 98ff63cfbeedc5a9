import { CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness, TEXT, textOf } from "../../../test/helpers/collabHarness.js";
import { TokenBucket } from "./TokenBucket.js";

/** Update frames, each inserting `chars` characters at the start of the text, from one client. */
function typedFrames(count: number, chars: number): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    frames.push(encoding.toUint8Array(encoder));
  });
  for (let i = 0; i < count; i++) doc.getText(TEXT).insert(0, String.fromCharCode(97 + (i % 26)).repeat(chars));
  return frames;
}

function queryAwarenessFrame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.QueryAwareness);
  return encoding.toUint8Array(encoder);
}

describe("[P11] the flood limit", () => {
  it("[P11] a token bucket passes a burst of twice the rate, then the rate, and refills with time", () => {
    let nowMs = 0;
    const bucket = new TokenBucket(10, 20, () => nowMs);
    const burst = Array.from({ length: 21 }, () => bucket.take());
    expect(burst.filter(Boolean)).toHaveLength(20);
    expect(burst[20]).toBe(false);
    nowMs += 100; // 10 a second: one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    nowMs += 60_000; // a long pause refills to the burst, not beyond
    expect(Array.from({ length: 21 }, () => bucket.take()).filter(Boolean)).toHaveLength(20);
  });

  it("[P11] counting bytes, a frame takes its size: one that does not fit takes nothing", () => {
    let nowMs = 0;
    const bytes = new TokenBucket(1000, 3000, () => nowMs);
    expect([bytes.take(2500), bytes.take(600), bytes.take(500)]).toEqual([true, false, true]);
    nowMs += 1000;
    expect([bytes.take(1000), bytes.take(1)]).toEqual([true, false]);
  });

  it("[P11] a connection that floods is closed with Flooding; another on the same document is unaffected", async () => {
    const h = await startHarness({ maxMessagesPerSecond: 50 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const mallory = await h.raw("rec-1", { user: "mallory" });
    // Harmless frames, so that nothing but their number can be the reason for the close.
    const frame = queryAwarenessFrame();
    for (let i = 0; i < 500; i++) mallory.socket.send(frame);
    expect((await mallory.closed).code).toBe(CloseCode.Flooding);

    alice.text.insert(0, "Still here.");
    await eventually(() => expect(bob.text.toString()).toBe("Still here."));
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toBe("Still here."));
    expect(alice.closes.concat(bob.closes)).toEqual([]);
    expect(h.logs.some((log) => log.code === "Flooding" && log.userId === "mallory")).toBe(true);
  });

  it("[P11] a client that stays under the rate is never closed", async () => {
    const h = await startHarness({ maxMessagesPerSecond: 50 });
    const raw = await h.raw("rec-1", { user: "calm" });
    const frame = queryAwarenessFrame();
    // The full burst, all at once: exactly what the bucket holds.
    for (let i = 0; i < 100 - 1; i++) raw.socket.send(frame);
    // Every query is answered (with the empty awareness set), so the server read them all.
    await eventually(() => expect(raw.received.length).toBeGreaterThanOrEqual(1 + 99));
    expect(raw.socket.readyState).toBe(raw.socket.OPEN);
  });

  it("[P11] a connection that streams more bytes than its budget is closed with Flooding, well under the frame rate; others are unaffected", async () => {
    // 8 KiB a second; the burst is two maximum frames (32 KiB).
    const h = await startHarness({ maxFrameBytes: 16 * 1024, maxBytesPerSecond: 8 * 1024 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const mallory = await h.raw("rec-1", { user: "mallory" });
    // 60 frames of ~1 KiB: a tenth of the frame burst, twice the byte burst.
    for (const frame of typedFrames(60, 1000)) mallory.socket.send(frame);
    const closed = await mallory.closed;
    expect(closed.code).toBe(CloseCode.Flooding);
    expect(closed.reason).toBe("more than 8192 bytes per second");

    alice.text.insert(0, "Still here. ");
    await eventually(() => expect(bob.text.toString()).toContain("Still here. "));
    expect(alice.closes.concat(bob.closes)).toEqual([]);
  });

  it("[P11] a client may send two maximum-size frames at once: a large paste is not a flood", async () => {
    const h = await startHarness({ maxFrameBytes: 16 * 1024, maxBytesPerSecond: 8 * 1024 });
    const paster = await h.raw("rec-1", { user: "paster" });
    const frames = typedFrames(2, 15_000);
    expect(frames.every((frame) => frame.byteLength > 15_000 && frame.byteLength <= 16 * 1024)).toBe(true);
    for (const frame of frames) paster.socket.send(frame);
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toHaveLength(30_000));
    expect(paster.socket.readyState).toBe(paster.socket.OPEN);
  });
});
