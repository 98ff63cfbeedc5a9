import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { createLogger } from "../logger.js";
import type { BusMessage } from "./busMessages.js";
import type { BusMember, DocumentBus } from "./DocumentBus.js";
import { DocumentChannel } from "./DocumentChannel.js";

/**
 * A channel's ordering rules (cluster/SPEC.md M3, M4, M7, M8) with the bus's Redis side played
 * by hand: the test says what the sequence number is, when the store load finishes, and what
 * arrives on the channel and when. The channel itself is the real one.
 */

const SELF = "self000000000000";
const OTHER = "other00000000000";

class Hand {
  /** What GET answers for the sequence key. */
  sequence = 0;
  /** Held store loads: the test resolves them. */
  readonly loads: Array<() => void> = [];
  readonly applied: string[] = [];
  readonly calls: string[] = [];
  failSequence = false;
  readonly member: BusMember;
  readonly bus: DocumentBus;

  constructor(maxHeldBytes = 1024) {
    this.member = {
      applyRemoteUpdate: (update) => this.applied.push(new TextDecoder().decode(update)),
      applyRemoteAwareness: (message) => this.applied.push(`awareness ${new TextDecoder().decode(message)}`),
      catchUpFromStore: () => {
        this.calls.push("load");
        return new Promise<void>((resolve) => this.loads.push(resolve));
      },
      ownAwareness: () => null,
    };
    this.bus = {
      processId: SELF,
      maxHeldBytes,
      retryDelayMs: () => 1,
      log: () => createLogger("silent"),
      publish: (_docName: string, kind: number) => this.calls.push(`publish ${String.fromCharCode(kind)}`),
      publishUpdate: () => this.calls.push("publish u"),
      baseline: async () => {
        this.calls.push("baseline");
        return this.sequence;
      },
      currentSequence: async () => {
        if (this.failSequence) throw new Error("no answer");
        return this.sequence;
      },
      subscribe: async () => {
        this.calls.push("subscribe");
      },
      left: () => this.calls.push("left"),
    } as unknown as DocumentBus;
  }

  /** Lets the oldest held store load finish. */
  async finishLoad(): Promise<void> {
    await eventually(() => this.loads.length > 0);
    this.loads.shift()!();
  }
}

function update(seq: number, text: string, origin = OTHER): BusMessage {
  const bytes = new TextEncoder().encode(text);
  return { kind: "update", origin, seq, update: bytes, bytes: bytes.byteLength + 20 };
}

describe("a document channel (cluster/SPEC.md)", () => {
  it("[M3] what arrived while the room loaded applies after it, except what the store already held", () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(5);
    channel.received(update(4, "four"));
    channel.received(update(5, "five"));
    channel.received(update(6, "six"));
    channel.received(update(7, "seven", SELF));
    channel.received(update(8, "eight"));
    expect(hand.applied).toEqual([]);
    channel.attach(hand.member);
    // Its own batch (7) is in the room already: it only advances the count.
    expect(hand.applied).toEqual(["six", "eight"]);
    expect(channel.lastApplied).toBe(8);
    channel.received(update(9, "nine"));
    expect(hand.applied).toEqual(["six", "eight", "nine"]);
    expect(hand.calls).toEqual(["publish q"]);
  });

  it("[M4] a skipped number: the room catches up from the store, and what arrives meanwhile applies after it", async () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(0);
    channel.attach(hand.member);
    channel.received(update(1, "one"));
    hand.sequence = 3;
    channel.received(update(3, "three"));
    expect(hand.applied).toEqual(["one"]);
    // The baseline reads 3: the store load that follows holds 2 and 3.
    await eventually(() => expect(hand.calls).toEqual(["publish q", "baseline", "load"]));
    channel.received(update(3, "three, late"));
    channel.received(update(4, "four"));
    channel.received(update(5, "five"));
    expect(await channel.isCurrent()).toBe(false);
    await hand.finishLoad();
    await eventually(() => expect(hand.applied).toEqual(["one", "four", "five"]));
    expect(channel.lastApplied).toBe(5);
  });

  it("[M4] a sequence that starts again (a number at or below the last one) is a gap too", async () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(10);
    channel.attach(hand.member);
    channel.received(update(11, "eleven"));
    hand.sequence = 1;
    channel.received(update(1, "one after a Redis restart"));
    await hand.finishLoad();
    await eventually(() => expect(channel.lastApplied).toBe(1));
    channel.received(update(2, "two"));
    expect(hand.applied).toEqual(["eleven", "two"]);
  });

  it("[M4] more held than maxHeldBytes: dropped, and one more catch-up at the end", async () => {
    const hand = new Hand(100);
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(0);
    channel.attach(hand.member);
    hand.sequence = 2;
    channel.received(update(2, "gap"));
    await eventually(() => expect(hand.calls).toContain("load"));
    hand.sequence = 8;
    for (let seq = 3; seq <= 8; seq++) channel.received(update(seq, "x".repeat(20)));
    await hand.finishLoad();
    // The first catch-up's held messages were dropped: a second one reads the store again.
    await hand.finishLoad();
    await eventually(() => expect(channel.lastApplied).toBe(8));
    expect(hand.calls.filter((call) => call === "load")).toHaveLength(2);
    expect(hand.applied).toEqual([]);
  });

  it("[M7] current only when its last number is Redis's, nothing is held, and Redis answers", async () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(3);
    expect(await channel.isCurrent()).toBe(false); // no room yet
    channel.attach(hand.member);
    hand.sequence = 3;
    expect(await channel.isCurrent()).toBe(true);
    hand.sequence = 4; // published, not received yet
    expect(await channel.isCurrent()).toBe(false);
    channel.received(update(4, "four"));
    expect(await channel.isCurrent()).toBe(true);
    hand.failSequence = true;
    expect(await channel.isCurrent()).toBe(false);
  });

  it("[M8] nothing received while Redis is lost counts; once back the room subscribes again and catches up", async () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(0);
    channel.attach(hand.member);
    channel.lost();
    channel.received(update(1, "while lost"));
    expect(hand.applied).toEqual([]);
    expect(await channel.isCurrent()).toBe(false);
    hand.sequence = 0; // Redis started empty
    channel.restored();
    await hand.finishLoad();
    expect(hand.calls).toEqual(["publish q", "subscribe", "baseline", "load"]);
    await eventually(() => expect(channel.isCurrent()).resolves.toBe(true));
    channel.received(update(1, "first after"));
    expect(hand.applied).toEqual(["first after"]);
    channel.leave();
    channel.received(update(2, "after leaving"));
    expect(hand.applied).toEqual(["first after"]);
    expect(hand.calls.at(-1)).toBe("left");
  });

  it("[M10] a process heard from on this channel stops beating: the room catches up; one never heard from changes nothing", async () => {
    const hand = new Hand();
    const channel = new DocumentChannel(hand.bus, "doc");
    channel.joined(0);
    channel.attach(hand.member);
    channel.received({ kind: "here", origin: OTHER, bytes: 17 });
    channel.originDied("never00000000000");
    expect(hand.calls).toEqual(["publish q"]);
    channel.originDied(OTHER);
    await hand.finishLoad();
    expect(hand.calls).toEqual(["publish q", "baseline", "load"]);
    // Forgotten once handled: a second report of the same death costs nothing.
    channel.originDied(OTHER);
    expect(hand.calls).toHaveLength(3);
    // One that stopped cleanly published everything first: forgotten, no catch-up.
    channel.received({ kind: "here", origin: "third00000000000", bytes: 17 });
    channel.originLeft("third00000000000");
    channel.originDied("third00000000000");
    expect(hand.calls).toHaveLength(3);
  });
});
