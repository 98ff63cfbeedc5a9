import { Worker } from "node:worker_threads";
import type { Logger } from "../logger.js";
import { tsxApiUrl } from "./fromSource.js";

export interface WorkerPoolOptions {
  /**
   * The worker's module. It answers `{type: "ready"}` once loaded, then one answer per request:
   * `{type: "error", message}` when the request failed.
   */
  entry: URL;
  /** What the work is called in errors and logs ("export", "thread anchors"). */
  what: string;
  /** Worker threads at most (each runs one job at a time; more wait in line). */
  size: number;
  logger: Logger;
  /** How long one job may take (from a ready worker) before its worker is terminated and the job fails. @default 120_000 */
  timeoutMs?: number;
  /** A worker's heap limit: a job that needs more kills its worker, not the server. @default 1024 */
  maxHeapMb?: number;
}

/** What every worker may answer besides its own answers. */
type PoolAnswer = { type: "ready" } | { type: "error"; message: string };

/** Asks the worker one thing and waits for its answer. */
export type Ask<Request, Answer> = (request: Request, transfer?: ArrayBuffer[]) => Promise<Answer>;

/** A worker failed, stalled or was stopped: the job cannot finish. */
export class WorkerFailedError extends Error {}

/**
 * The program each worker runs first (also the update check worker's, collab/UpdateChecker).
 * From source the entry is TypeScript that shares code with the server, so under tsx (how
 * `npm run serve` runs, and the tests) the worker registers the same loader before importing
 * it; compiled (server/dist), the entry is JavaScript and is imported as is.
 */
export function workerSource(entryUrl: URL): string {
  const entry = entryUrl.href;
  if (!entry.endsWith(".ts")) return `import(${JSON.stringify(entry)});`;
  return `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/** One worker and the answer it owes, if any. */
interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The pending question's callbacks; null when the worker is idle. */
  waiting: { resolve: (answer: unknown) => void; reject: (error: Error) => void } | null;
  failed: boolean;
}

/**
 * CPU-heavy work off the event loop (exports, anchors of a body no room holds): at most `size`
 * worker threads, started on first use and kept (unref'd) for the next; a job waits in line
 * for a free one. A worker that throws, exits, runs out of heap or passes `timeoutMs` is
 * terminated and replaced by a fresh one on the next job, and that job fails; the others go on.
 */
export class WorkerPool<Request, Answer extends { type: string }> {
  private readonly idle: Slot[] = [];
  private readonly line: Array<(slot: Slot) => void> = [];
  private started = 0;
  private closed = false;
  private source: string | null = null;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** Runs `conversation` with a worker of its own, then gives the worker back. */
  async run<T>(conversation: (ask: Ask<Request, Answer>) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    try {
      await slot.ready;
      // Counted from a ready worker: starting one is slow on a busy machine, and not the job's doing.
      const timeoutMs = this.options.timeoutMs ?? 120_000;
      timer = setTimeout(
        () => this.fail(slot, new WorkerFailedError(`the ${this.options.what} took longer than ${timeoutMs} ms`)),
        timeoutMs,
      );
      return await conversation((request, transfer) => this.ask(slot, request, transfer));
    } finally {
      clearTimeout(timer);
      this.release(slot);
    }
  }

  /**
   * Starts one worker now if none is started, so the first job need not wait while one loads
   * (seconds on a busy machine, more from source under tsx): for work that must follow edits
   * within a bound, such as the claim check.
   */
  warm(): void {
    if (this.closed || this.started > 0) return;
    this.idle.push(this.start());
  }

  /** Workers started and not failed: what `warm` and the jobs have started. */
  get startedWorkers(): number {
    return this.started;
  }

  /** Terminates every worker; jobs in progress fail. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.idle.splice(0);
    // Marked failed first: their exit is expected, not an error to log.
    for (const slot of slots) slot.failed = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new WorkerFailedError("the server is shutting down"));
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.started < this.options.size) return Promise.resolve(this.start());
    return new Promise((resolve) => this.line.push(resolve));
  }

  private release(slot: Slot): void {
    if (slot.failed || this.closed) {
      if (!slot.failed) {
        // Stopped because the pool closed: its exit is expected, not an error to log.
        slot.failed = true;
        void slot.worker.terminate();
      }
      // Its place goes to whoever waits, with a fresh worker.
      this.started--;
      const next = this.line.shift();
      if (next && !this.closed) next(this.start());
      return;
    }
    const next = this.line.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }

  private start(): Slot {
    this.started++;
    this.source ??= workerSource(this.options.entry);
    const worker = new Worker(this.source, {
      eval: true,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
    });
    let ready: () => void = () => {};
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve) => (ready = resolve)),
      waiting: null,
      failed: false,
    };
    worker.on("message", (answer: PoolAnswer) => {
      if (answer.type === "ready") return ready();
      const waiting = slot.waiting;
      slot.waiting = null;
      waiting?.resolve(answer);
    });
    worker.on("error", (error) => this.fail(slot, error));
    worker.on("exit", (code) =>
      this.fail(slot, new WorkerFailedError(`the ${this.options.what} worker exited with code ${code}`)),
    );
    // An idle worker must never keep a process alive; a running job has its own timer.
    worker.unref();
    // A worker that fails before saying ready fails the job waiting for it.
    slot.ready = Promise.race([
      slot.ready,
      new Promise<void>((_, reject) =>
        worker.once("exit", (code) =>
          reject(new WorkerFailedError(`the ${this.options.what} worker exited with code ${code} while starting`)),
        ),
      ),
    ]);
    slot.ready.catch(() => {});
    return slot;
  }

  private ask(slot: Slot, request: Request, transfer: ArrayBuffer[] = []): Promise<Answer> {
    if (slot.failed) return Promise.reject(new WorkerFailedError(`the ${this.options.what} worker failed`));
    return new Promise<unknown>((resolve, reject) => {
      slot.waiting = { resolve, reject };
      slot.worker.postMessage(request, transfer);
    }).then((answer) => {
      const failed = answer as PoolAnswer;
      if (failed.type === "error")
        throw new WorkerFailedError(`the ${this.options.what} failed in its worker: ${failed.message}`);
      return answer as Answer;
    });
  }

  private fail(slot: Slot, error: Error): void {
    if (slot.failed) return;
    slot.failed = true;
    this.options.logger.error(
      { err: error, what: this.options.what },
      "a worker failed: it is replaced for the next job",
    );
    void slot.worker.terminate();
    const waiting = slot.waiting;
    slot.waiting = null;
    waiting?.reject(error instanceof WorkerFailedError ? error : new WorkerFailedError(error.message));
    // An idle worker that died leaves the pool at once.
    const index = this.idle.indexOf(slot);
    if (index >= 0) {
      this.idle.splice(index, 1);
      this.started--;
    }
  }
}
