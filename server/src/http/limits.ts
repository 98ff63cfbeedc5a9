import type { Request, Response } from "express";
import { AppError } from "../errors.js";
import { currentUser } from "./middleware.js";

function isCheapRefusal(error: unknown): boolean {
  return error instanceof AppError && (error.status === 400 || error.status === 403 || error.status === 404);
}

export interface ExpensiveRequestLimits {
  /** Expensive requests one user may have running at once; one more answers 429. @default 4 */
  maxConcurrentPerUser: number;
  /** Expensive requests one user may start per second, sustained. @default 5 */
  ratePerSecond: number;
  /** …and at once after a quiet spell (a page that loads its panels together). @default 30 */
  burst: number;
  /** Milliseconds from a monotonic clock; injectable for tests. @default performance.now */
  now?: () => number;
}

/** One user's budget: requests running, and a token bucket for starting new ones. */
interface UserBudget {
  running: number;
  tokens: number;
  refilledAt: number;
}

type Handler<P> = (req: Request<P>, res: Response) => Promise<void>;

/**
 * Per-user limits on the reads whose cost grows with a brief (threads of a long body, a
 * report's detail, evidence search, dashboard, export and its preview). Any member,
 * a viewer included, may send them, so one account must not be able to keep the event loop or
 * the store busy for everyone:
 *
 *  L1. At most `maxConcurrentPerUser` of them run at once per user; the slot is held until the
 *      handler has finished, not merely until the client hung up (its work goes on).
 *  L2. Starting one takes a token from the user's bucket (`ratePerSecond`, up to `burst`).
 *  L3. Beyond either, the answer is 429 `{error: {code: "rate_limited"}}` with `Retry-After`
 *      (seconds), sent before any work is done.
 *  L4. A request refused with 400, 403 or 404 gives its token back: it was refused while being
 *      read and validated, before the work the bucket pays for.
 *
 * Keyed by user id (the routes are behind `requireUser`), so that people sharing an address
 * (an office, a proxy) do not share a budget. Budgets of users who are idle and full again
 * are forgotten, so the table holds only recent users.
 */
export class ExpensiveRequests {
  private readonly budgets = new Map<string, UserBudget>();
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly limits: ExpensiveRequestLimits) {
    this.now = limits.now ?? (() => performance.now());
    this.lastSweep = this.now();
  }

  /** Wraps a route handler in L1–L3. */
  limit<P>(handler: Handler<P>): Handler<P> {
    return async (req, res) => {
      const userId = currentUser(res).id;
      const refusal = this.acquire(userId);
      if (refusal !== null) {
        res.setHeader("Retry-After", String(refusal.retryAfterSeconds));
        res.status(429).json({ error: { code: "rate_limited", message: refusal.message } });
        return;
      }
      try {
        await handler(req, res);
      } catch (error) {
        // L4: a request refused as it was read (400, 403, 404: parse → load → authorize come
        // before the expensive part) did no expensive work, so its token is given back; a
        // script's malformed requests then get their own error, not 429.
        if (isCheapRefusal(error)) this.refund(userId);
        throw error;
      } finally {
        this.release(userId);
      }
    };
  }

  private refund(userId: string): void {
    const budget = this.budgets.get(userId);
    if (budget !== undefined) budget.tokens = Math.min(this.limits.burst, budget.tokens + 1);
  }

  private acquire(userId: string): { retryAfterSeconds: number; message: string } | null {
    const now = this.now();
    this.sweep(now);
    const { maxConcurrentPerUser, ratePerSecond, burst } = this.limits;
    let budget = this.budgets.get(userId);
    if (budget === undefined) {
      budget = { running: 0, tokens: burst, refilledAt: now };
      this.budgets.set(userId, budget);
    }
    this.refill(budget, now);
    if (budget.running >= maxConcurrentPerUser) {
      return {
        retryAfterSeconds: 1,
        message: `At most ${maxConcurrentPerUser} of these requests may run at once. Try again in a moment.`,
      };
    }
    if (budget.tokens < 1) {
      return {
        retryAfterSeconds: Math.max(1, Math.ceil((1 - budget.tokens) / ratePerSecond)),
        message: "Too many requests. Try again in a moment.",
      };
    }
    budget.tokens -= 1;
    budget.running += 1;
    return null;
  }

  private release(userId: string): void {
    const budget = this.budgets.get(userId);
    if (budget !== undefined) budget.running -= 1;
  }

  private refill(budget: UserBudget, now: number): void {
    const elapsedMs = Math.max(0, now - budget.refilledAt);
    budget.refilledAt = now;
    budget.tokens = Math.min(this.limits.burst, budget.tokens + (elapsedMs * this.limits.ratePerSecond) / 1000);
  }

  /** Forgets idle users whose bucket is full again, once per refill period: O(users) now and then. */
  private sweep(now: number): void {
    const refillMs = (this.limits.burst / this.limits.ratePerSecond) * 1000;
    if (now - this.lastSweep < refillMs) return;
    this.lastSweep = now;
    for (const [userId, budget] of this.budgets) {
      if (budget.running > 0) continue;
      this.refill(budget, now);
      if (budget.tokens >= this.limits.burst) this.budgets.delete(userId);
    }
  }

  /** How many users have a budget in memory; for tests. */
  get trackedUsers(): number {
    return this.budgets.size;
  }
}

/**
 * A bound on work of one kind across all users (export renders: CPU-heavy), so that a few
 * leads exporting at once cannot take every core. Beyond it: 503 `{error: {code: "busy"}}`
 * with `Retry-After`, before any work.
 */
export class ConcurrencyBound {
  private running = 0;

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  limit<P>(handler: Handler<P>): Handler<P> {
    return async (req, res) => {
      if (this.running >= this.max) {
        res.setHeader("Retry-After", "2");
        res.status(503).json({
          error: { code: "busy", message: `The server is busy with other ${this.what}. Try again in a moment.` },
        });
        return;
      }
      this.running += 1;
      try {
        await handler(req, res);
      } finally {
        this.running -= 1;
      }
    };
  }
}
