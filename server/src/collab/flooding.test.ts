import { CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness, textOf } from "../../../test/helpers/collabHarness.js";
import { TokenBucket } from "./TokenBucket.js";

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
});
