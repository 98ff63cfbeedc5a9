/**
 * A token bucket: `ratePerSecond` tokens flow in continuously, up to `burst`; each
 * message takes one (or, counting bytes, its size). It starts full, so a client's opening handshake and a burst of
 * fast typing pass, while a sustained flood empties it (SPEC P11).
 */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    /** Milliseconds from a monotonic clock; injectable so the unit test needs no timers. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.lastRefillMs = now();
  }

  /** Takes `amount` tokens; answers false when fewer are left (and takes nothing). */
  take(amount = 1): boolean {
    const now = this.now();
    // A clock that steps back (it should not, being monotonic) must not drain the bucket.
    const elapsedMs = Math.max(0, now - this.lastRefillMs);
    this.lastRefillMs = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
