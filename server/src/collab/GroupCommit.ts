import type { LogStats } from "../store/DocumentLog.js";
import { assertNever } from "./assertNever.js";

export interface GroupCommitOptions<T> {
  /** One durable write for the whole batch, in order (`store.appendUpdates`). */
  write: (updates: Uint8Array[]) => Promise<LogStats>;
  /** Runs synchronously once the batch is durable; batches arrive in enqueue order. Must not throw. */
  committed: (batch: T[], stats: LogStats) => void;
  /** A write failed. The same batch (plus whatever queued behind it) is retried after `retryDelayMs(attempt)`. */
  failed: (batch: T[], error: unknown, attempt: number) => void;
  /** @default 100 ms doubling per attempt, at most 5 s */
  retryDelayMs?: (attempt: number) => number;
}

type QueueState<T> =
  | { kind: "idle" }
  /** Collecting what arrives in this task of the event loop (SPEC D2). */
  | { kind: "scheduled" }
  | { kind: "writing"; batch: T[] }
  | { kind: "retrying"; batch: T[]; attempt: number; timer: NodeJS.Timeout }
  /** Given up at shutdown: nothing is written or committed any more. */
  | { kind: "abandoned" };

const defaultRetryDelayMs = (attempt: number) => Math.min(100 * 2 ** (attempt - 1), 5_000);

/**
 * One room's write queue (SPEC D1–D3). Everything enqueued in the same task of the event
 * loop (before its microtasks run), or while a write is in flight, goes to the store in one
 * write; one write
 * is in flight at a time, so batches are durable — and committed — in arrival order.
 * A failed batch stays at the head and is retried: nothing behind it may overtake it.
 */
export class GroupCommit<T extends { update: Uint8Array }> {
  private state: QueueState<T> = { kind: "idle" };
  /** Arrived but not yet part of a write. */
  private pending: T[] = [];
  private enqueuedCount = 0;
  private committedCount = 0;
  private waiters: Array<{ upTo: number; resolve: () => void }> = [];
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(private readonly options: GroupCommitOptions<T>) {
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  }

  /** Arrived and waiting for the write in flight (or for the end of this turn): the next batch. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Everything enqueued and not committed yet, in order: the write in flight (or retried), then what waits. */
  queued(): readonly T[] {
    const inFlight = this.inFlight();
    return inFlight.length === 0 ? this.pending : [...inFlight, ...this.pending];
  }

  /** True when nothing is waiting to be written or being written. */
  get idle(): boolean {
    return this.state.kind === "idle" || this.state.kind === "abandoned";
  }

  enqueue(item: T): void {
    if (this.state.kind === "abandoned") throw new Error("GroupCommit: enqueue after abandon");
    this.pending.push(item);
    this.enqueuedCount++;
    if (this.state.kind === "idle") {
      // Updates arrive as their frames are read (checked on the event loop, D4) or as the
      // answers to a batch of checks (UpdateChecker), several in one task: a microtask runs
      // after all of them. The SQLite store then writes every room's appends of the turn in
      // one transaction (its AppendBatcher) and the relay follows in the same turn. An extra
      // turn of the loop per stage cost latency whenever the machine was busy.
      this.state = { kind: "scheduled" };
      queueMicrotask(() => {
        if (this.state.kind === "scheduled") this.writeNext();
      });
    }
  }

  /** Resolves once everything enqueued before the call is durable (or the queue was abandoned). */
  flush(): Promise<void> {
    if (this.committedCount >= this.enqueuedCount || this.state.kind === "abandoned") return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: this.enqueuedCount, resolve }));
  }

  /**
   * Stops for good (shutdown deadline) and answers what was never stored, so the caller
   * can say so loudly. A write already in flight may still land in the store.
   */
  abandon(): T[] {
    const lost = [...this.inFlight(), ...this.pending];
    if (this.state.kind === "retrying") clearTimeout(this.state.timer);
    this.state = { kind: "abandoned" };
    this.pending = [];
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    return lost;
  }

  private inFlight(): T[] {
    switch (this.state.kind) {
      case "writing":
      case "retrying":
        return this.state.batch;
      case "idle":
      case "scheduled":
      case "abandoned":
        return [];
      default:
        return assertNever(this.state);
    }
  }

  private writeNext(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) {
      this.state = { kind: "idle" };
      return;
    }
    this.attempt(batch, 1);
  }

  private attempt(batch: T[], attempt: number): void {
    this.state = { kind: "writing", batch };
    let write: Promise<LogStats>;
    try {
      write = this.options.write(batch.map((item) => item.update));
    } catch (error) {
      write = Promise.reject(error);
    }
    write.then(
      (stats) => this.succeeded(batch, stats),
      (error: unknown) => this.retryLater(batch, error, attempt),
    );
  }

  private succeeded(batch: T[], stats: LogStats): void {
    if (this.state.kind === "abandoned") return;
    this.committedCount += batch.length;
    this.options.committed(batch, stats);
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.upTo > this.committedCount) return true;
      waiter.resolve();
      return false;
    });
    // Whatever arrived during the write is the next batch; no need to wait another turn.
    this.writeNext();
  }

  private retryLater(batch: T[], error: unknown, attempt: number): void {
    if (this.state.kind === "abandoned") return;
    this.options.failed(batch, error, attempt);
    const timer = setTimeout(() => {
      // Later arrivals join the retried batch: order is kept and the store gets one write.
      const merged = batch.concat(this.pending);
      this.pending = [];
      this.attempt(merged, attempt + 1);
    }, this.retryDelayMs(attempt));
    this.state = { kind: "retrying", batch, attempt, timer };
  }
}
