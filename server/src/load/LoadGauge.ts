import { type EventLoopUtilization, performance } from "node:perf_hooks";

export interface LoadGaugeOptions {
  /**
   * The event loop counts as saturated while the share of the last window it spent working
   * (its utilization, 0–1) is above this (LOAD_SHED_UTILIZATION). @default 0.9
   */
  utilization?: number;
  /** How often the utilization is read. @default 250 */
  windowMs?: number;
}

/** Whether the loop is saturated, for deferrable work to ask before it starts. */
export interface Busy {
  busy(): boolean;
}

/**
 * Issue 20: whether this process's event loop is saturated, so that work which can wait
 * (citation recomputation, claim checks, compaction) waits while relays and sync answers, which
 * cannot, catch up. Read as the loop's utilization over each window (what share of the time it
 * was running callbacks rather than waiting for I/O): no work per update, and unlike the loop's
 * delay it does not rise when other processes take the machine's cores while this one idles.
 * Unref'd, so it keeps no process alive.
 */
export class LoadGauge implements Busy {
  private readonly timer: NodeJS.Timeout;
  private readonly limit: number;
  private last: EventLoopUtilization;
  private saturated = false;
  /** The last window's utilization, 0–1 (for logs and tests). */
  lastUtilization = 0;

  constructor(options: LoadGaugeOptions = {}) {
    this.limit = options.utilization ?? 0.9;
    this.last = performance.eventLoopUtilization();
    this.timer = setInterval(() => this.read(), options.windowMs ?? 250);
    this.timer.unref();
  }

  busy(): boolean {
    return this.saturated;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private read(): void {
    const now = performance.eventLoopUtilization();
    this.lastUtilization = performance.eventLoopUtilization(now, this.last).utilization;
    this.last = now;
    this.saturated = this.lastUtilization > this.limit;
  }
}
