import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * Work that must run on one process at a time (a document's compaction, its citation
 * recomputation, one person's digest mail) runs while holding a lease named after it.
 *
 *  L1. `run` runs `work` only if no one else holds the lease (on this process or another) and
 *      answers `{ ran: false, reason: "held" }` at once otherwise: the caller decides whether to
 *      skip or retry.
 *  L2. A holder that dies without releasing loses the lease after `ttlMs`; a living holder
 *      renews it every third of `ttlMs` while its work runs, so long work keeps it.
 *  L3. Release deletes the lease only if it is still the holder's (a random token compared in
 *      Redis): a holder whose lease expired never deletes the next holder's.
 *  L4. A lease that cannot be taken because the coordinator (Redis) does not answer is not taken
 *      (`reason: "unavailable"`): the work waits for a later try rather than risk running twice.
 */
export interface Leases {
  run<T>(name: string, work: (lease: LeaseHold) => Promise<T>): Promise<LeaseOutcome<T>>;
}

export type LeaseOutcome<T> = { ran: true; value: T } | { ran: false; reason: "held" | "unavailable" };

/** What the work may ask of the lease it runs under. */
export interface LeaseHold {
  /** False once a renewal found the lease gone (expired, or Redis lost it): another may be running now. */
  readonly held: boolean;
}

/** The lease key of a piece of work, in one place so that no module spells it by hand. */
export const leaseName = {
  compaction: (docName: string) => `accord:lease:compact:${docName}`,
  citations: (docName: string) => `accord:lease:citations:${docName}`,
  digest: (userId: string) => `accord:lease:digest:${userId}`,
  reportImport: (briefId: string) => `accord:lease:import:${briefId}`,
  versions: (docName: string) => `accord:lease:versions:${docName}`,
  claims: (briefId: string) => `accord:lease:claims:${briefId}`,
} as const;

/** One process: a set of names held. Nothing expires; a process that dies takes its set with it. */
export class LocalLeases implements Leases {
  private readonly held = new Set<string>();

  async run<T>(name: string, work: (lease: LeaseHold) => Promise<T>): Promise<LeaseOutcome<T>> {
    if (this.held.has(name)) return { ran: false, reason: "held" };
    this.held.add(name);
    try {
      return { ran: true, value: await work({ held: true }) };
    } finally {
      this.held.delete(name);
    }
  }
}

// L2: extends the expiry only while the token is still ours.
const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
// L3: compare-and-delete.
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export interface RedisLeasesOptions {
  redis: Redis;
  logger: Logger;
  /** How long a lease outlives a holder that stopped renewing it (L2). @default 30_000 */
  ttlMs?: number;
}

/** Leases in Redis: `SET key token NX PX ttl`, renewed and released by token (L1–L4). */
export class RedisLeases implements Leases {
  private readonly ttlMs: number;

  constructor(private readonly options: RedisLeasesOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    if (!Number.isInteger(this.ttlMs) || this.ttlMs < 3) throw new Error("RedisLeases: ttlMs must be an integer ≥ 3");
  }

  async run<T>(name: string, work: (lease: LeaseHold) => Promise<T>): Promise<LeaseOutcome<T>> {
    const { redis, logger } = this.options;
    const token = randomBytes(16).toString("base64url");
    let taken: string | null;
    try {
      taken = await redis.set(name, token, "PX", this.ttlMs, "NX");
    } catch (error) {
      logger.warn({ err: error, lease: name }, "lease not taken: Redis did not answer");
      return { ran: false, reason: "unavailable" }; // L4
    }
    if (taken !== "OK") return { ran: false, reason: "held" };
    const hold = { held: true };
    const renewal = setInterval(
      () => {
        redis.eval(RENEW, 1, name, token, String(this.ttlMs)).then(
          (renewed) => {
            if (renewed === 1 || !hold.held) return;
            hold.held = false;
            logger.warn({ lease: name }, "lease lost while its work ran: another process may run it too");
          },
          (error: unknown) => logger.warn({ err: error, lease: name }, "lease renewal failed"),
        );
      },
      Math.floor(this.ttlMs / 3),
    );
    renewal.unref();
    try {
      return { ran: true, value: await work(hold) };
    } finally {
      clearInterval(renewal);
      // A failed release is harmless: the lease expires after ttlMs (L2).
      await redis
        .eval(RELEASE, 1, name, token)
        .catch((error: unknown) => logger.warn({ err: error, lease: name }, "lease release failed"));
    }
  }
}

/** How `runLeasedUntil` ended. */
export type LeasedRun = "ran" | "gaveUp" | "timedOut";

/**
 * Runs `work` under the lease `name`, asking again every `retryMs` while it is held elsewhere
 * (L1) until `maxWaitMs` have passed ("timedOut"); answers "gaveUp" at the first refusal for
 * which `giveUp()` is true (a caller that would rather schedule the work again than wait).
 */
export async function runLeasedUntil(
  leases: Leases,
  name: string,
  work: () => Promise<void>,
  options: { maxWaitMs: number; giveUp: () => boolean; retryMs?: number },
): Promise<LeasedRun> {
  const deadline = Date.now() + options.maxWaitMs;
  for (;;) {
    const outcome = await leases.run(name, work);
    if (outcome.ran) return "ran";
    if (options.giveUp()) return "gaveUp";
    if (Date.now() >= deadline) return "timedOut";
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 25));
  }
}
