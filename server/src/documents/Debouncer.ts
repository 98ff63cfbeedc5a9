import type { Busy } from "../load/LoadGauge.js";

export interface DebouncerOptions {
  /** Quiet time after the last `schedule` of a key before it is due. */
  debounceMs: number;
  /** Longest a key waits after its first `schedule` while more keep coming. */
  maxWaitMs: number;
  /** Called with the key when it is due; the key is no longer pending by then. */
  due: (key: string) => void;
  /**
   * Issue 20: a due key waits while this is busy (the event loop is saturated), asking again every
   * `deferStepMs`, and at most `maxDeferMs` past its deadline: relays go first, nothing waits
   * for ever. @default never busy
   */
  load?: Busy;
  /** Longest a due key waits for the load to pass (DEFER_MAX_MS). @default 10_000 */
  maxDeferMs?: number;
}

/** How often a deferred key asks the load again. */
export const DEFER_STEP_MS = 250;

/**
 * Issue 20: whether work due `overdueMs` ago waits another DEFER_STEP_MS for the load to pass —
 * while the loop is saturated, and at most `maxDeferMs` (DEFER_MAX_MS) past its time.
 */
export function deferForLoad(load: Busy | undefined, overdueMs: number, maxDeferMs = 10_000): boolean {
  return load?.busy() === true && overdueMs < maxDeferMs;
}

/** A key's changes not yet handed on: one timer, however many changes. */
interface Pending {
  timer: NodeJS.Timeout;
  firstAt: number;
  lastAt: number;
}

/**
 * A per-key debounce with a longest wait: a burst of `schedule(key)` calls is one `due(key)`,
 * `debounceMs` after the last call — or `maxWaitMs` after the first while the calls keep coming.
 * A `schedule` only notes the time (it is called for every stored batch of keystrokes); one timer
 * per pending key, re-armed when it fires early. Timers are unref'd: a pending key alone does not
 * keep a process alive, so its owner hands the pending keys on itself when it closes (`takeAll`).
 * With `load`, a due key waits while the event loop is saturated (see DebouncerOptions.load).
 */
export class Debouncer {
  private readonly pending = new Map<string, Pending>();
  /** Keys whose due was put off for the load, since this debouncer was made. */
  deferrals = 0;

  constructor(private readonly options: DebouncerOptions) {}

  schedule(key: string): void {
    const now = Date.now();
    const pending = this.pending.get(key);
    if (pending) {
      pending.lastAt = now;
      return;
    }
    this.pending.set(key, { timer: this.arm(key, this.options.debounceMs), firstAt: now, lastAt: now });
  }

  /** Forgets the key's pending changes without calling `due`; answers whether it had any. */
  cancel(key: string): boolean {
    const pending = this.pending.get(key);
    if (!pending) return false;
    clearTimeout(pending.timer);
    this.pending.delete(key);
    return true;
  }

  /** Every pending key, in the order first scheduled, now no longer pending (their `due` is not called). */
  takeAll(): string[] {
    const keys = [...this.pending.keys()];
    for (const key of keys) this.cancel(key);
    return keys;
  }

  private arm(key: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.fire(key), delayMs);
    timer.unref();
    return timer;
  }

  /** The timer fired: due, unless calls came since and neither deadline passed. */
  private fire(key: string): void {
    const pending = this.pending.get(key);
    if (!pending) return;
    const { debounceMs, maxWaitMs } = this.options;
    const deadline = Math.min(pending.lastAt + debounceMs, pending.firstAt + maxWaitMs);
    const now = Date.now();
    const wait = deadline - now;
    if (wait > 0) {
      pending.timer = this.arm(key, wait);
      return;
    }
    // The loop is saturated: relays and sync answers first; this waits, within its longest deferral.
    if (deferForLoad(this.options.load, now - deadline, this.options.maxDeferMs)) {
      this.deferrals++;
      pending.timer = this.arm(key, DEFER_STEP_MS);
      return;
    }
    this.pending.delete(key);
    this.options.due(key);
  }
}
