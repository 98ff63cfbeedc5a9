import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { Debouncer } from "../documents/Debouncer.js";
import { type Busy, LoadGauge } from "./LoadGauge.js";

/** Keeps the event loop working for `ms`, as a flood of updates would. */
function work(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe("LoadGauge: the event loop's utilization, read each window", () => {
  it("is busy after a window the loop spent working, and not once it waits for I/O again", async () => {
    const gauge = new LoadGauge({ windowMs: 50, utilization: 0.9 });
    try {
      await eventually(() => gauge.busy() === false && gauge.lastUtilization < 0.9);
      work(300);
      await eventually(() => gauge.busy());
      expect(gauge.lastUtilization).toBeGreaterThan(0.9);
      await eventually(() => !gauge.busy(), { timeoutMs: 5_000 });
      expect(gauge.lastUtilization).toBeLessThanOrEqual(0.9);
    } finally {
      gauge.close();
    }
  });
});

/** A load that is busy until told otherwise, counting how often it is asked. */
function switchableLoad(): Busy & { asked: number; saturated: boolean } {
  const load = {
    asked: 0,
    saturated: true,
    busy() {
      load.asked++;
      return load.saturated;
    },
  };
  return load;
}

describe("Debouncer under load (issue 20): due work waits while the loop is saturated, at most maxDeferMs", () => {
  it("a due key waits while busy and runs once the load passes", async () => {
    const load = switchableLoad();
    const due: string[] = [];
    const debouncer = new Debouncer({ debounceMs: 10, maxWaitMs: 50, due: (key) => due.push(key), load });
    debouncer.schedule("doc");
    // Due, and asked the load three times (250 ms apart): still waiting.
    await eventually(() => load.asked >= 3, { timeoutMs: 5_000 });
    expect(due).toEqual([]);
    expect(debouncer.deferrals).toBeGreaterThanOrEqual(3);
    load.saturated = false;
    await eventually(() => expect(due).toEqual(["doc"]));
  });

  it("a key waits no longer than maxDeferMs past its deadline, however long the load lasts", async () => {
    const load = switchableLoad();
    const due: number[] = [];
    const scheduledAt = Date.now();
    const debouncer = new Debouncer({
      debounceMs: 10,
      maxWaitMs: 50,
      due: () => due.push(Date.now() - scheduledAt),
      load,
      maxDeferMs: 600,
    });
    debouncer.schedule("doc");
    await eventually(() => due.length === 1, { timeoutMs: 5_000 });
    expect(load.saturated).toBe(true);
    // Deferred from its deadline (10 ms) until 600 ms past it, then run.
    expect(due[0]).toBeGreaterThanOrEqual(600);
  });

  it("without a load, a key is due on time and never deferred", async () => {
    const due: string[] = [];
    const debouncer = new Debouncer({ debounceMs: 10, maxWaitMs: 50, due: (key) => due.push(key) });
    debouncer.schedule("doc");
    await eventually(() => expect(due).toEqual(["doc"]));
    expect(debouncer.deferrals).toBe(0);
  });
});
