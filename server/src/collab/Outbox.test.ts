import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { Outbox, SendBudget, type OutboxOwner } from "./Outbox.js";

/**
 * The send buffers' accounting, over a socket that writes only when the test says so: the
 * kernel taking a message is ws calling back, and here the test is the kernel. The bounds
 * over real sockets are pinned in backpressure.test.ts.
 */
class HeldSocket {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Uint8Array[] = [];
  private readonly callbacks: Array<(error?: Error) => void> = [];

  send(message: Uint8Array, callback: (error?: Error) => void): void {
    this.sent.push(message);
    this.callbacks.push(callback);
  }

  /** The kernel takes the oldest `count` messages handed to ws. */
  drain(count = this.callbacks.length): void {
    for (const callback of this.callbacks.splice(0, count)) callback();
  }

  get waiting(): number {
    return this.callbacks.length;
  }
}

class Owner implements OutboxOwner {
  readonly reasons: string[] = [];
  syncAnswersWritten = 0;
  outbox: Outbox | null = null;
  syncAnswerWritten(): void {
    this.syncAnswersWritten++;
  }
  overflowed(reason: string): void {
    this.reasons.push(reason);
    this.outbox?.release();
  }
}

function outboxOn(budget: SendBudget) {
  const socket = new HeldSocket();
  const owner = new Owner();
  const outbox = new Outbox(socket as unknown as WebSocket, budget, owner);
  owner.outbox = outbox;
  return { socket, owner, outbox };
}

const KiB = 1024;

describe("[P12] send buffers", () => {
  it("[P12] a sync answer is pending until the socket wrote it, and only then may another be sent", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 64 * KiB, maxTotalBufferBytes: 16 * 1024 * KiB });
    const { socket, owner, outbox } = outboxOn(budget);
    const answer = new Uint8Array(2 * 1024 * KiB);
    expect(outbox.send(answer, "sync-answer")).toBe(true);
    expect(outbox.syncAnswerPending).toBe(true);
    expect(budget.totalBytes).toBe(answer.byteLength);
    expect(owner.syncAnswersWritten).toBe(0);
    socket.drain();
    expect(outbox.syncAnswerPending).toBe(false);
    expect(owner.syncAnswersWritten).toBe(1);
    expect(budget.totalBytes).toBe(0);
  });

  it("[P12] the one sync answer does not count against the connection's bound; everything else does", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 64 * KiB, maxTotalBufferBytes: 16 * 1024 * KiB });
    const { socket, owner, outbox } = outboxOn(budget);
    // A document of 2 MiB passes alone: a fresh client must be able to load it.
    outbox.send(new Uint8Array(2 * 1024 * KiB), "sync-answer");
    // Behind it, 64 KiB of relayed updates may wait…
    for (let i = 0; i < 64; i++) expect(outbox.send(new Uint8Array(KiB), "message")).toBe(true);
    expect(owner.reasons).toEqual([]);
    // …and not one byte more.
    expect(outbox.send(new Uint8Array(1), "message")).toBe(false);
    expect(owner.reasons).toEqual(["more than 65536 bytes waited to be sent to it"]);
    // Released: nothing it held counts any more, and later sends are refused without counting.
    expect(budget.totalBytes).toBe(0);
    expect(outbox.send(new Uint8Array(KiB), "message")).toBe(false);
    expect(budget.totalBytes).toBe(0);
    // Late callbacks from the socket being cut change nothing.
    socket.drain();
    expect(budget.totalBytes).toBe(0);
  });

  it("[P12] a message larger than the bound passes when nothing else waits (a merged batch of pastes)", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 64 * KiB, maxTotalBufferBytes: 16 * 1024 * KiB });
    const { socket, owner, outbox } = outboxOn(budget);
    expect(outbox.send(new Uint8Array(100 * KiB), "message")).toBe(true);
    socket.drain();
    expect(outbox.send(new Uint8Array(100 * KiB), "message")).toBe(true);
    expect(owner.reasons).toEqual([]);
    expect(outbox.send(new Uint8Array(1), "message")).toBe(false);
    expect(owner.reasons).toHaveLength(1);
  });

  it("[P12] only 64 KiB are handed to the socket at once; the rest waits in the outbox, in order", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 1024 * KiB, maxTotalBufferBytes: 16 * 1024 * KiB });
    const { socket, outbox } = outboxOn(budget);
    const messages: Uint8Array[] = Array.from({ length: 10 }, (_, i) => new Uint8Array(16 * KiB).fill(i));
    for (const message of messages) outbox.send(message, "message");
    // Compared by identity: the same buffers, in the same order.
    const handedOver = () => socket.sent.map((message) => messages.indexOf(message));
    expect(handedOver()).toEqual([0, 1, 2, 3]);
    socket.drain(2);
    expect(handedOver()).toEqual([0, 1, 2, 3, 4, 5]);
    socket.drain();
    socket.drain();
    socket.drain();
    expect(handedOver()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(outbox.bytes).toBe(0);
    expect(budget.totalBytes).toBe(0);
  });

  it("[P12] a message sent to many connections counts once in the total, until the last of them wrote it", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 1024 * KiB, maxTotalBufferBytes: 16 * 1024 * KiB });
    const relayed = new Uint8Array(300 * KiB);
    const readers = Array.from({ length: 5 }, () => outboxOn(budget));
    for (const { outbox } of readers) outbox.send(relayed, "message");
    expect(budget.totalBytes).toBe(300 * KiB);
    for (const { socket } of readers.slice(0, 4)) socket.drain();
    expect(budget.totalBytes).toBe(300 * KiB);
    readers[4]!.socket.drain();
    expect(budget.totalBytes).toBe(0);
  });

  it("[P12] past the total bound, the connections holding the most are closed first, until the total is back under it", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 1024 * KiB, maxTotalBufferBytes: 1000 * KiB });
    const small = outboxOn(budget);
    const large = outboxOn(budget);
    const medium = outboxOn(budget);
    small.outbox.send(new Uint8Array(100 * KiB), "message");
    large.outbox.send(new Uint8Array(500 * KiB), "message");
    medium.outbox.send(new Uint8Array(300 * KiB), "message");
    expect(budget.totalBytes).toBe(900 * KiB);
    // 200 KiB more to the smallest: 1,100 KiB in all. Closing the largest (500) is enough.
    expect(small.outbox.send(new Uint8Array(200 * KiB), "message")).toBe(true);
    expect(large.owner.reasons).toEqual([
      "the server's send buffers passed 1024000 bytes and this connection held 512000",
    ]);
    expect(medium.owner.reasons).toEqual([]);
    expect(small.owner.reasons).toEqual([]);
    expect(budget.totalBytes).toBe(600 * KiB);
  });

  it("[P12] the sync answer counts in the total: a connection that holds it may be the one closed", () => {
    const budget = new SendBudget({ maxSocketBufferBytes: 64 * KiB, maxTotalBufferBytes: 950 * KiB });
    const loader = outboxOn(budget);
    const typist = outboxOn(budget);
    loader.outbox.send(new Uint8Array(900 * KiB), "sync-answer");
    typist.outbox.send(new Uint8Array(50 * KiB), "message");
    expect(typist.outbox.send(new Uint8Array(14 * KiB), "message")).toBe(true);
    expect(typist.owner.reasons).toEqual([]);
    expect(loader.owner.reasons).toHaveLength(1);
    expect(loader.outbox.syncAnswerPending).toBe(false);
    expect(budget.totalBytes).toBe(64 * KiB);
  });
});
