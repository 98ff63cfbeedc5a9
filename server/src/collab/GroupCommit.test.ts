import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import type { LogStats } from "../store/Store.js";
import { GroupCommit } from "./GroupCommit.js";

interface Item {
  update: Uint8Array;
  id: number;
}

const item = (id: number): Item => ({ update: Uint8Array.from([id]), id });

/** A write function the test answers by hand, call by call. */
function manualWrites() {
  const calls: Array<{ ids: number[]; resolve: (stats: LogStats) => void; reject: (error: Error) => void }> = [];
  const write = (updates: Uint8Array[]) =>
    new Promise<LogStats>((resolve, reject) => calls.push({ ids: updates.map((u) => u[0]!), resolve, reject }));
  return { calls, write };
}

const stats: LogStats = { updateCount: 1, updateBytes: 1 };

describe("GroupCommit", () => {
  it("[D2] what is enqueued in one turn is one write; what arrives during it is the next", async () => {
    const { calls, write } = manualWrites();
    const committed: number[][] = [];
    const queue = new GroupCommit<Item>({
      write,
      committed: (batch) => committed.push(batch.map((i) => i.id)),
      failed: () => {},
    });
    queue.enqueue(item(1));
    queue.enqueue(item(2));
    expect(calls).toHaveLength(0); // collected until the end of the turn
    await eventually(() => calls.length === 1);
    queue.enqueue(item(3));
    queue.enqueue(item(4));
    expect(calls.map((c) => c.ids)).toEqual([[1, 2]]);
    calls[0]!.resolve(stats);
    await eventually(() => calls.length === 2);
    expect(calls[1]!.ids).toEqual([3, 4]);
    calls[1]!.resolve(stats);
    await eventually(() => queue.idle);
    expect(committed).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("[P16] queued() lists what is enqueued and not committed, the write in flight first, in order", async () => {
    const { calls, write } = manualWrites();
    const queue = new GroupCommit<Item>({ write, committed: () => {}, failed: () => {} });
    queue.enqueue(item(1));
    queue.enqueue(item(2));
    expect(queue.queued().map((i) => i.id)).toEqual([1, 2]);
    await eventually(() => calls.length === 1);
    queue.enqueue(item(3));
    expect(queue.queued().map((i) => i.id)).toEqual([1, 2, 3]);
    calls[0]!.resolve(stats);
    await eventually(() => calls.length === 2);
    expect(queue.queued().map((i) => i.id)).toEqual([3]);
    calls[1]!.resolve(stats);
    await eventually(() => queue.idle);
    expect(queue.queued()).toEqual([]);
  });

  it("[D3] a failed batch is retried at the head, with what queued behind it, and nothing commits before it", async () => {
    const { calls, write } = manualWrites();
    const committed: number[][] = [];
    const failures: number[][] = [];
    const queue = new GroupCommit<Item>({
      write,
      committed: (batch) => committed.push(batch.map((i) => i.id)),
      failed: (batch) => failures.push(batch.map((i) => i.id)),
      retryDelayMs: () => 5,
    });
    queue.enqueue(item(1));
    await eventually(() => calls.length === 1);
    calls[0]!.reject(new Error("disk full"));
    queue.enqueue(item(2));
    await eventually(() => calls.length === 2);
    expect(calls[1]!.ids).toEqual([1, 2]);
    expect(committed).toEqual([]);
    calls[1]!.resolve(stats);
    await eventually(() => queue.idle);
    expect(failures).toEqual([[1]]);
    expect(committed).toEqual([[1, 2]]);
  });

  it("[D6] flush resolves when what was enqueued before it is durable, not later arrivals", async () => {
    const { calls, write } = manualWrites();
    const queue = new GroupCommit<Item>({ write, committed: () => {}, failed: () => {} });
    await queue.flush(); // nothing pending: at once
    queue.enqueue(item(1));
    let flushed = false;
    void queue.flush().then(() => (flushed = true));
    await eventually(() => calls.length === 1);
    queue.enqueue(item(2));
    calls[0]!.resolve(stats);
    await eventually(() => flushed);
    expect(queue.idle).toBe(false); // item 2 is being written
  });

  it("[D6] abandon answers what was never stored and releases flush waiters", async () => {
    const { calls, write } = manualWrites();
    const committed: number[] = [];
    const queue = new GroupCommit<Item>({
      write,
      committed: (batch) => committed.push(...batch.map((i) => i.id)),
      failed: () => {},
    });
    queue.enqueue(item(1));
    await eventually(() => calls.length === 1);
    queue.enqueue(item(2));
    const flushing = queue.flush();
    expect(queue.abandon().map((i) => i.id)).toEqual([1, 2]);
    await flushing;
    calls[0]!.resolve(stats); // lands late: not committed to a room that is going away
    await Promise.resolve();
    expect(committed).toEqual([]);
    expect(() => queue.enqueue(item(3))).toThrow(/after abandon/);
  });
});
