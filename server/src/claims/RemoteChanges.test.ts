import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { createLogger } from "../logger.js";
import { RemoteChanges } from "./RemoteChanges.js";

/**
 * The watch of changes other processes stored (ClaimTracker K6) on its own, with the stored
 * checks' marks in a map: the two-process test (claimsTwoProcesses.test.ts) runs it against the
 * real store, a process that dies and one that lives. Here: what it decides, and its bound.
 */

const GRACE_MS = 200;
const TICK_MS = 20;

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A watch whose marks are `marks` (missing: no check stored); `checked` lists what it hands on. */
function watch(marks: Map<string, string>, maxWatched: number, read: () => Promise<void> = async () => {}) {
  const checked: string[] = [];
  const remote = new RemoteChanges({
    mark: async (docName) => {
      await read();
      return marks.get(docName) ?? null;
    },
    unchecked: (docName) => checked.push(docName),
    graceMs: GRACE_MS,
    tickMs: TICK_MS,
    maxWatched,
    logger: createLogger("silent"),
  });
  closers.push(() => remote.close());
  return { remote, checked };
}

describe("RemoteChanges (ClaimTracker K6)", () => {
  it("[R2] checks after the grace only what no process stored a check of since the change was heard", async () => {
    const marks = new Map([
      ["checked-by-origin", "2026-12-06T21:00:00.000Z"],
      ["origin-died", "2026-12-06T21:00:00.000Z"],
    ]);
    const { remote, checked } = watch(marks, 10);
    const heardAt = Date.now();
    for (const docName of ["checked-by-origin", "origin-died", "never-checked"]) remote.heard(docName);
    await eventually(() => expect(remote.counts.reading).toBe(0));
    // The origin stores its check of one; its own clock may be behind ours: only "changed" counts.
    marks.set("checked-by-origin", "2026-12-06T20:59:59.000Z");

    await eventually(() => expect(remote.counts).toMatchObject({ watched: 0, settling: 0, settled: 3 }), {
      timeoutMs: GRACE_MS + 1_000,
    });
    expect(Date.now() - heardAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(checked.sort()).toEqual(["never-checked", "origin-died"]);
    expect(remote.counts).toEqual({ watched: 0, reading: 0, settling: 0, settled: 3, unchecked: 2, forgotten: 0 });
  });

  it("[R1] a change heard again reads the mark again and moves the grace: a check stored between two changes does not cover the second", async () => {
    const marks = new Map<string, string>();
    const { remote, checked } = watch(marks, 10);
    remote.heard("rec");
    await eventually(() => expect(remote.counts.reading).toBe(0));
    // The origin checks the first change, then a second one comes and the origin dies unchecked.
    marks.set("rec", "2026-12-06T21:00:00.000Z");
    remote.heard("rec");
    const secondAt = Date.now();
    await eventually(() => expect(remote.counts).toMatchObject({ settled: 1, settling: 0 }), {
      timeoutMs: GRACE_MS + 1_000,
    });
    expect(Date.now() - secondAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(checked).toEqual(["rec"]);
  });

  it("[R3] a flood of changes of 5,000 documents keeps at most maxWatched (100) watched and reading: the latest 100, the others forgotten and never checked", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Every read waits (a slow store), so that the flood's reads pile up as far as the bound lets them.
    const { remote, checked } = watch(new Map(), 100, () => held);
    const docs = Array.from({ length: 5_000 }, (_, i) => `rec-${i}`);
    let mostWatched = 0;
    let mostReading = 0;
    for (const docName of docs) {
      remote.heard(docName);
      remote.heard(docName);
      mostWatched = Math.max(mostWatched, remote.counts.watched);
      mostReading = Math.max(mostReading, remote.counts.reading);
    }
    expect(mostWatched).toBe(100);
    expect(mostReading).toBe(100);
    expect(remote.counts).toMatchObject({ watched: 100, reading: 100, forgotten: 4_900 });

    release();
    await eventually(() => expect(remote.counts).toMatchObject({ watched: 0, reading: 0, settling: 0, settled: 100 }), {
      timeoutMs: GRACE_MS + 2_000,
    });
    expect(checked.sort()).toEqual(docs.slice(-100).sort());
  });

  it("checks nothing once closed", async () => {
    const { remote, checked } = watch(new Map(), 10);
    // Heard at the same time by a watch left running: once it has handed its document on, the grace is over for both.
    const clock = watch(new Map(), 10);
    remote.heard("rec");
    clock.remote.heard("clock");
    remote.close();
    remote.heard("other");
    expect(remote.counts.watched).toBe(0);
    await eventually(() => expect(clock.checked).toEqual(["clock"]), { timeoutMs: GRACE_MS + 1_000 });
    expect(checked).toEqual([]);
  });
});
