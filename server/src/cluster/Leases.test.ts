import { skippedUnless } from "../../../test/helpers/skipped.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { redisServerMissing, startRedis, type TestRedis } from "../../../test/helpers/redisServer.js";
import { createLogger } from "../logger.js";
import { type LeaseHold, LocalLeases, leaseName, RedisLeases } from "./Leases.js";
import { connectRedis, type RedisLink } from "./redis.js";

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED the Redis leases of server/src/cluster/Leases.test.ts: ${missing}`);

/** A promise the test resolves by hand: work that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("leases of one process (no REDIS_URL)", () => {
  it("[L1] runs the work once at a time per name, and answers held to a second asker meanwhile", async () => {
    const leases = new LocalLeases();
    const held = gate();
    const first = leases.run("a", () => held.opened.then(() => "first"));
    expect(await leases.run("a", async () => "second")).toEqual({ ran: false, reason: "held" });
    expect(await leases.run("b", async () => "other name")).toEqual({ ran: true, value: "other name" });
    held.open();
    expect(await first).toEqual({ ran: true, value: "first" });
    expect(await leases.run("a", async () => "after")).toEqual({ ran: true, value: "after" });
  });

  it("releases the name when the work throws", async () => {
    const leases = new LocalLeases();
    await expect(leases.run("a", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await leases.run("a", async () => 1)).toEqual({ ran: true, value: 1 });
  });
});

describe.skipIf(missing !== null)(skippedUnless("leases in Redis (REDIS_URL)", missing), () => {
  let redis: TestRedis;
  const links: RedisLink[] = [];
  const logger = createLogger("silent");
  const link = async () => {
    const opened = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    links.push(opened);
    return opened;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(links.splice(0).map((opened) => opened.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("[L1] two processes: only one runs the work; the other is told at once and runs it after release", async () => {
    const oneLink = await link();
    const one = new RedisLeases({ redis: oneLink.command, logger });
    const two = new RedisLeases({ redis: (await link()).command, logger });
    const name = leaseName.compaction("doc-1");
    const held = gate();
    const first = one.run(name, () => held.opened.then(() => "one"));
    await eventually(async () => expect(await oneLink.command.exists(name)).toBe(1));
    expect(await two.run(name, async () => "two")).toEqual({ ran: false, reason: "held" });
    held.open();
    expect(await first).toEqual({ ran: true, value: "one" });
    expect(await two.run(name, async () => "two")).toEqual({ ran: true, value: "two" });
  });

  it("[L2] a lease whose holder died expires after its ttl; then another takes it", async () => {
    const ttlMs = 300;
    const holderLink = await link();
    const holder = new RedisLeases({ redis: holderLink.command, logger, ttlMs });
    const other = new RedisLeases({ redis: (await link()).command, logger, ttlMs });
    const name = leaseName.citations("doc-2");
    // The holder takes the lease and its work never ends; then its process dies (its
    // connection drops, so it renews no more).
    let taken = false;
    void holder.run(name, async () => {
      taken = true;
      await new Promise(() => {});
    });
    await eventually(() => expect(taken).toBe(true));
    holderLink.command.disconnect();
    const diedAt = Date.now();
    expect(await other.run(name, async () => "too early")).toEqual({ ran: false, reason: "held" });
    const outcome = await eventually(
      async () => {
        const tried = await other.run(name, async () => "after expiry");
        if (!tried.ran) throw new Error("still held");
        return tried;
      },
      { timeoutMs: 5_000, intervalMs: 25 },
    );
    expect(outcome).toEqual({ ran: true, value: "after expiry" });
    // Not before its ttl (less the time between taking it and the disconnect).
    expect(Date.now() - diedAt).toBeGreaterThanOrEqual(ttlMs - 100);
  });

  it("[L2] a living holder renews its lease: work longer than the ttl keeps it", async () => {
    // Long enough that a loaded machine's event-loop delays stay far below it.
    const ttlMs = 1_000;
    const holder = new RedisLeases({ redis: (await link()).command, logger, ttlMs });
    const other = new RedisLeases({ redis: (await link()).command, logger, ttlMs });
    const name = leaseName.digest("user-1");
    const held = gate();
    let hold: LeaseHold | null = null;
    const first = holder.run(name, async (lease) => {
      hold = lease;
      await held.opened;
    });
    await eventually(() => expect(hold).not.toBeNull());
    // Two and a half ttls pass while the work runs (each check waits on the clock, not a fixed sleep).
    const until = Date.now() + 2.5 * ttlMs;
    await eventually(
      async () => {
        expect(await other.run(name, async () => "stolen")).toEqual({ ran: false, reason: "held" });
        return Date.now() >= until;
      },
      { timeoutMs: 5_000, intervalMs: 25 },
    );
    expect(hold!.held).toBe(true);
    held.open();
    await first;
  });

  it("[L3] a holder whose lease expired does not release the next holder's", async () => {
    const ttlMs = 3;
    const redisLink = await link();
    const slow = new RedisLeases({ redis: redisLink.command, logger, ttlMs });
    const name = leaseName.compaction("doc-3");
    const held = gate();
    let taken = false;
    const first = slow.run(name, async () => {
      taken = true;
      await held.opened;
    });
    await eventually(() => expect(taken).toBe(true));
    // The lease is gone (expired; a 3 ms ttl outruns its renewal), and another holder took it.
    await redisLink.command.del(name);
    expect(await redisLink.command.set(name, "next-holder", "PX", 60_000, "NX")).toBe("OK");
    held.open();
    await first;
    expect(await redisLink.command.get(name)).toBe("next-holder");
  });

  it("[L4] Redis not answering: the lease is not taken and the work does not run", async () => {
    const redisLink = await link();
    const leases = new RedisLeases({ redis: redisLink.command, logger });
    redisLink.command.disconnect();
    let ran = false;
    expect(
      await leases.run(leaseName.compaction("doc-4"), async () => {
        ran = true;
      }),
    ).toEqual({ ran: false, reason: "unavailable" });
    expect(ran).toBe(false);
  });
});
