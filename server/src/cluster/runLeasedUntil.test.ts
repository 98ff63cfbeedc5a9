import { describe, expect, it } from "vitest";
import { LocalLeases, runLeasedUntil } from "./Leases.js";

/** Holds `name` on `leases` until the answered function is called. */
async function holdLease(leases: LocalLeases, name: string): Promise<() => void> {
  let release = () => {};
  let held = () => {};
  const taken = new Promise<void>((resolve) => {
    held = resolve;
  });
  void leases.run(name, () => {
    held();
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  await taken;
  return release;
}

describe("runLeasedUntil", () => {
  it("runs the work when the lease is free", async () => {
    let runs = 0;
    const outcome = await runLeasedUntil(new LocalLeases(), "a", async () => void runs++, {
      maxWaitMs: 1_000,
      giveUp: () => false,
    });
    expect([outcome, runs]).toEqual(["ran", 1]);
  });

  it("gives up at the first refusal when told to, without running the work", async () => {
    const leases = new LocalLeases();
    const release = await holdLease(leases, "a");
    let runs = 0;
    let asked = 0;
    const outcome = await runLeasedUntil(leases, "a", async () => void runs++, {
      maxWaitMs: 10_000,
      giveUp: () => ++asked > 0,
    });
    expect([outcome, runs, asked]).toEqual(["gaveUp", 0, 1]);
    release();
  });

  it("waits for the holder to finish, then runs", async () => {
    const leases = new LocalLeases();
    const release = await holdLease(leases, "a");
    let runs = 0;
    let refusals = 0;
    const run = runLeasedUntil(leases, "a", async () => void runs++, {
      maxWaitMs: 10_000,
      retryMs: 5,
      giveUp: () => {
        if (++refusals === 3) release();
        return false;
      },
    });
    expect([await run, runs, refusals]).toEqual(["ran", 1, 3]);
  });

  it("answers timedOut once maxWaitMs passed with the lease still held", async () => {
    const leases = new LocalLeases();
    const release = await holdLease(leases, "a");
    let runs = 0;
    const started = Date.now();
    const outcome = await runLeasedUntil(leases, "a", async () => void runs++, {
      maxWaitMs: 50,
      retryMs: 5,
      giveUp: () => false,
    });
    expect([outcome, runs]).toEqual(["timedOut", 0]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    release();
  });
});
