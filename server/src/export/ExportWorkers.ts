import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Logger } from "../logger.js";
import type { ExportAnswer, ExportRequest } from "./exportProtocol.js";

export interface ExportWorkersOptions {
  /** Worker threads at most (each runs one export at a time; more wait in line). */
  size: number;
  logger: Logger;
  /** How long one export may take (from a ready worker) before its worker is terminated and the export fails. @default 120_000 */
  timeoutMs?: number;
  /** A worker's heap limit: an export that needs more kills its worker, not the server. @default 1024 */
  maxHeapMb?: number;
}

/** Asks the worker one thing and waits for its answer. */
export type Ask = (request: ExportRequest, transfer?: ArrayBuffer[]) => Promise<ExportAnswer>;

/** A worker failed, stalled or was stopped: the export cannot finish. */
export class ExportFailedError extends Error {}

/**
 * The program each worker runs first. exportWorker.ts is TypeScript that shares the export
 * code with the server, so under tsx (how `npm run serve` runs, and the tests) the worker
 * registers the same loader before importing it; built to JavaScript it is imported as is.
 */
function workerSource(): string {
  const entry = new URL(import.meta.url.endsWith(".ts") ? "./exportWorker.ts" : "./exportWorker.js", import.meta.url).href;
  if (!import.meta.url.endsWith(".ts")) return `import(${JSON.stringify(entry)});`;
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve("tsx/package.json");
  const exports = JSON.parse(fs.readFileSync(tsxPackage, "utf8")).exports["./esm/api"].import.default as string;
  const api = pathToFileURL(path.resolve(path.dirname(tsxPackage), exports)).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/** One worker and the answer it owes, if any. */
interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The pending question's callbacks; null when the worker is idle. */
  waiting: { resolve: (answer: ExportAnswer) => void; reject: (error: Error) => void } | null;
  failed: boolean;
}

/**
 * Exports off the event loop (see exportWorker.ts): at most `size` worker threads, started on
 * first use and kept (unref'd) for the next; an export waits in line for a free one. A worker
 * that throws, exits, runs out of heap or passes `timeoutMs` is terminated and replaced by a
 * fresh one on the next export, and that export fails (500); the others go on.
 */
export class ExportWorkers {
  private readonly idle: Slot[] = [];
  private readonly line: Array<(slot: Slot) => void> = [];
  private started = 0;
  private closed = false;
  private source: string | null = null;

  constructor(private readonly options: ExportWorkersOptions) {}

  /** Runs `conversation` with a worker of its own, then gives the worker back. */
  async run<T>(conversation: (ask: Ask) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    try {
      await slot.ready;
      // Counted from a ready worker: starting one is slow on a busy machine, and not the export's doing.
      const timeoutMs = this.options.timeoutMs ?? 120_000;
      timer = setTimeout(() => this.fail(slot, new ExportFailedError(`the export took longer than ${timeoutMs} ms`)), timeoutMs);
      return await conversation((request, transfer) => this.ask(slot, request, transfer));
    } finally {
      clearTimeout(timer);
      this.release(slot);
    }
  }

  /** Terminates every worker; exports in progress fail. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.idle.splice(0);
    // Marked failed first: their exit is expected, not an error to log.
    for (const slot of slots) slot.failed = true;
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new ExportFailedError("the server is shutting down"));
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
    this.source ??= workerSource();
    const worker = new Worker(this.source, {
      eval: true,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
    });
    let ready: () => void = () => {};
    const slot: Slot = { worker, ready: new Promise<void>((resolve) => (ready = resolve)), waiting: null, failed: false };
    worker.on("message", (answer: ExportAnswer) => {
      if (answer.type === "ready") return ready();
      const waiting = slot.waiting;
      slot.waiting = null;
      waiting?.resolve(answer);
    });
    worker.on("error", (error) => this.fail(slot, error));
    worker.on("exit", (code) => this.fail(slot, new ExportFailedError(`the export worker exited with code ${code}`)));
    // An idle worker must never keep a process alive; a running export has its own timer.
    worker.unref();
    // A worker that fails before saying ready fails the export waiting for it.
    slot.ready = Promise.race([
      slot.ready,
      new Promise<void>((_, reject) => worker.once("exit", (code) => reject(new ExportFailedError(`the export worker exited with code ${code} while starting`)))),
    ]);
    slot.ready.catch(() => {});
    return slot;
  }

  private ask(slot: Slot, request: ExportRequest, transfer: ArrayBuffer[] = []): Promise<ExportAnswer> {
    if (slot.failed) return Promise.reject(new ExportFailedError("the export worker failed"));
    return new Promise<ExportAnswer>((resolve, reject) => {
      slot.waiting = { resolve, reject };
      slot.worker.postMessage(request, transfer);
    }).then((answer) => {
      if (answer.type === "error") throw new ExportFailedError(`the export failed in its worker: ${answer.message}`);
      return answer;
    });
  }

  private fail(slot: Slot, error: Error): void {
    if (slot.failed) return;
    slot.failed = true;
    this.options.logger.error({ err: error }, "an export worker failed: it is replaced for the next export");
    void slot.worker.terminate();
    const waiting = slot.waiting;
    slot.waiting = null;
    waiting?.reject(error instanceof ExportFailedError ? error : new ExportFailedError(error.message));
    // An idle worker that died leaves the pool at once.
    const index = this.idle.indexOf(slot);
    if (index >= 0) {
      this.idle.splice(index, 1);
      this.started--;
    }
  }
}
