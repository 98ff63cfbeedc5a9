/** What the throttle stops and starts reading from: a room's connections. */
export interface Pausable {
  pauseReading(): void;
  resumeReading(): void;
}

export interface RoomThrottleOptions {
  /** Frames per second the room's connections together may have worked on (MAX_ROOM_MESSAGES_PER_SECOND). */
  ratePerSecond: number;
  /** Frames it may take at once before reading stops. @default 2 × ratePerSecond */
  burst?: number;
  /** The room's connections (a live collection: the room's own set). */
  connections: Iterable<Pausable>;
  /** Milliseconds from a monotonic clock. @default performance.now */
  now?: () => number;
}

/**
 * Issue 20 (SPEC P17): a document that floods is slowed, not everyone. Each frame a room's
 * connections send that the server will work on costs one token of the room's budget; every
 * frame is still worked on (nothing anyone wrote is dropped), but once the budget is spent the
 * server stops reading from every connection of the room until the debt is paid at the room's
 * rate. What its clients send meanwhile waits in their sockets (TCP slows them), so the room's
 * work is bounded at its rate however many connections it has, and the check worker, the store
 * and the event loop serve the other rooms. Each connection's own limit (P11) still closes a
 * socket that floods alone, which also bounds the debt: a room owes at most what its
 * connections' bursts hold.
 */
export class RoomThrottle {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  /** Times reading stopped, since the room opened. */
  pauses = 0;

  constructor(private readonly options: RoomThrottleOptions) {
    this.burst = options.burst ?? 2 * options.ratePerSecond;
    this.now = options.now ?? (() => performance.now());
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Whether reading from the room's connections is stopped now. */
  get paused(): boolean {
    return this.timer !== null;
  }

  /** A frame the room will work on. Past the budget, reading stops until the debt is paid. */
  counted(): void {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0 || this.timer !== null) return;
    this.pauses++;
    for (const connection of this.options.connections) connection.pauseReading();
    this.waitForDebt();
  }

  /** A connection that joins a paused room waits with the others. */
  joined(connection: Pausable): void {
    if (this.timer !== null) connection.pauseReading();
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private waitForDebt(): void {
    const ms = Math.max(1, Math.ceil((-this.tokens * 1000) / this.options.ratePerSecond));
    this.timer = setTimeout(() => this.paid(), ms);
    this.timer.unref();
  }

  /** Frames already read when reading stopped may have added to the debt: wait for those too. */
  private paid(): void {
    this.refill();
    if (this.tokens < 0) {
      this.waitForDebt();
      return;
    }
    this.timer = null;
    for (const connection of this.options.connections) connection.resumeReading();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.options.ratePerSecond) / 1000);
    this.last = now;
  }
}
