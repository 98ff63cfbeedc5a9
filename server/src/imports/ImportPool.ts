import { spawn, type ChildProcess } from "node:child_process";
import { ImportError, pdfjsModuleUrl, type ImportedReport, type ImportLimits } from "@accord/evidence";
import type { Logger } from "../logger.js";
import { workerEntry } from "../workers/entries.js";
import { tsxApiUrl } from "../workers/fromSource.js";
import { ImportsBusyError } from "./errors.js";
import type { CollectRequest, ImportAnswer, ImportJob, ImportRequest, WorkerMemory } from "./messages.js";

export interface ImportPoolOptions {
  /** Worker processes reading reports at once. @default 1 */
  size: number;
  /** Wall-clock time one import may take in its worker; past it the worker is terminated. @default 30_000 */
  timeoutMs: number;
  /** Heap one worker may use (`--max-old-space-size`); past it the worker dies and the import answers 413. @default 512 */
  maxHeapMb: number;
  /** Imports that may wait for a worker; one more answers 503. @default 8 */
  maxQueued: number;
  /** Pages, inflated size and report parts, checked inside the worker. */
  limits: ImportLimits;
  logger: Logger;
  /**
   * The worker's program: a module exporting `runImportWorker` (importWorker.ts). Tests give one
   * that reads in a way they control. @default imports/importWorker (workers/entries)
   */
  workerEntry?: URL;
}

interface Task {
  job: ImportJob;
  resolve: (report: ImportedReport) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: ChildProcess;
  /** "collecting": between an import's answer and the full collection that R1 asked for. */
  state: "starting" | "idle" | "busy" | "collecting";
  /** The worker's memory when it became ready, after a full collection. */
  started?: WorkerMemory;
  running?: { id: number; task: Task; timer: NodeJS.Timeout };
}

/**
 * Each worker is a child process, not a worker thread: V8 enforces a worker thread's heap limit
 * only for some allocation shapes, and for others (one large string or array growing) aborts
 * the whole process (nodejs/node#47224) — a crafted file would take the server down with it.
 * A child process that runs out of heap dies alone. From source its entry is TypeScript and must
 * load the same way under `node --import tsx` and under vitest, so the child is this small
 * CommonJS program that loads the entry through tsx's own API; compiled (server/dist) it imports
 * the entry's JavaScript as is. It loads pdf.js (and its parser) first, natively: through tsx
 * their 3 MB of JavaScript took 6-10 s to load in every new worker, natively under one. Messages
 * use the structured-clone ("advanced") serialization, so bytes stay bytes.
 */
const BOOTSTRAP = `
const workerData = JSON.parse(process.env.ACCORD_IMPORT_WORKER);
(async () => {
  // pdf.js runs its parser in-thread ("fake worker") when it finds it on globalThis.pdfjsWorker.
  globalThis.pdfjsWorker = await import(workerData.pdfjsWorker);
  const pdfjs = await import(workerData.pdfjs);
  const entry = workerData.tsx
    ? await (await import(workerData.tsx)).tsImport(workerData.entry, workerData.entry)
    : await import(workerData.entry);
  entry.runImportWorker({ pdfjs });
})();
`;

/** R1: what survives a full collection may grow this much over a worker's start. */
const RECYCLE_AFTER_RETAINED_GROWTH_BYTES = 32 * 1024 * 1024;
/**
 * R2: a worker's resident memory may grow this much over its start. Reading the ten CRS reports
 * over and over grows it by 50-70 MB, and it then stays there: V8 keeps the pages its heap grew
 * to, and malloc its arenas.
 */
const RECYCLE_AFTER_RESIDENT_GROWTH_BYTES = 128 * 1024 * 1024;

/** A worker that dies this many times in a row before it is ready is not restarted until the next import. */
const MAX_START_FAILURES = 3;

/**
 * Reads reports in worker processes, so that parsing never runs on the event loop, with a
 * budget for each import:
 *
 *  I1. Time: an import still running after `timeoutMs` has its worker terminated (a parser
 *      cannot be interrupted any other way) and answers 422; a fresh worker takes its place.
 *  I2. Memory: each worker's heap is capped (`--max-old-space-size`); an import that needs more
 *      kills only its worker process and answers 413, and a fresh worker takes its place.
 *  I3. Queue: at most `size` imports run and `maxQueued` wait; more answer 503 at once.
 *  I4. The limits the parsers check (pages, inflated size, parts) come from the server's
 *      settings with every request, so a worker holds no configuration of its own.
 *
 * A worker reads import after import, unless it holds on to memory: a fresh one reads its first
 * imports on pdf.js code not yet compiled (with workers replaced whenever V8's heap had grown by
 * 32 MB, which ten CRS reports did every few imports, they took half again as much CPU time).
 * After each import it is replaced when:
 *
 *  R1. what it retains (its heap and the buffers its objects hold, after a full collection)
 *      has grown by more than 32 MB since it started: a parser's cache or leak. The answer's
 *      figure, read without collecting, counts garbage too; only when that passes the bound is
 *      the worker asked to collect fully (tens of ms), so most imports cost no collection.
 *  R2. its resident memory has grown by more than 128 MB since it started: a large file's parse
 *      left it holding pages that are garbage, but still the machine's memory.
 *
 * Workers start on the first import, not with the server: a server that never imports (most
 * test servers) never pays for one. Made by the composition root and closed with the server.
 */
export class ImportPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private startFailures = 0;
  private closed = false;
  /**
   * Resolved once, with the server: under `node --import tsx`, `import.meta.resolve` waits on
   * the loader's thread, a wait that should not fall on an import's request. `tsx`: its API when
   * the entry is TypeScript (from source), null when it is compiled JavaScript.
   */
  private readonly workerData: { tsx: string | null; entry: string; pdfjs: string; pdfjsWorker: string };

  constructor(private readonly options: ImportPoolOptions) {
    const entry = (options.workerEntry ?? workerEntry("imports/importWorker")).href;
    this.workerData = {
      tsx: entry.endsWith(".ts") ? tsxApiUrl() : null,
      entry,
      pdfjs: pdfjsModuleUrl(),
      pdfjsWorker: new URL("./pdf.worker.mjs", pdfjsModuleUrl()).href,
    };
  }

  /** Reads a report in a worker; rejects with ImportError (refusals, budgets) or ImportsBusyError. */
  read(job: ImportJob): Promise<ImportedReport> {
    if (this.closed)
      return Promise.reject(new ImportsBusyError("The server is shutting down; import the report again in a moment."));
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(
        new ImportsBusyError("The server is reading other reports; import this one again in a moment."),
      );
    }
    return new Promise<ImportedReport>((resolve, reject) => {
      // The worker gets a copy it owns (transferred, not cloned): the caller's bytes may be a
      // view into a larger buffer. (`new Uint8Array(view)` copies; a Buffer's `slice` would not.)
      const owned: ImportJob = job.kind === "file" ? { ...job, bytes: new Uint8Array(job.bytes) } : job;
      this.queue.push({ job: owned, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; imports waiting or running fail. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = new ImportsBusyError("The server is shutting down; import the report again in a moment.");
    for (const task of this.queue.splice(0)) task.reject(closing);
    await Promise.all([...this.slots].map((slot) => this.retire(slot, closing)));
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.state === "idle") this.assign(slot, this.queue.shift()!);
    }
    const starting = this.slots.filter((slot) => slot.state === "starting").length;
    if (this.queue.length > starting && this.slots.length < this.options.size) this.start();
  }

  private start(): void {
    // `--expose-gc`: the worker collects fully when R1 asks what it retains.
    const worker = spawn(
      process.execPath,
      [`--max-old-space-size=${this.options.maxHeapMb}`, "--expose-gc", "-e", BOOTSTRAP],
      {
        // Nothing of the server's environment but what the worker needs (no secrets in a parser's reach).
        env: { ACCORD_IMPORT_WORKER: JSON.stringify(this.workerData), PATH: process.env.PATH ?? "" },
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "advanced",
      },
    );
    // Only a worker with an import to read keeps the process alive: started for one, it is
    // unreferenced whenever it falls idle.
    const slot: Slot = { worker, state: "starting" };
    this.slots.push(slot);
    // Messages and deaths of a worker already retired are about nothing current.
    const current = () => this.slots.includes(slot);
    // What a dying worker says (V8's "heap out of memory"), kept short: it decides the answer.
    let lastWords = "";
    worker.stderr?.on("data", (chunk: Buffer) => {
      lastWords = (lastWords + chunk.toString("utf8")).slice(-4096);
    });
    worker.on("message", (answer: ImportAnswer) => current() && this.answered(slot, answer));
    worker.on("error", (error: Error) => {
      if (!current()) return;
      this.options.logger.warn({ err: error }, "an import worker failed");
      this.died(slot, this.unreadable());
    });
    worker.on("exit", (code, signal) => {
      if (!current()) return;
      const outOfMemory = /heap out of memory|Allocation failed/.test(lastWords);
      if (!outOfMemory) this.options.logger.warn({ code, signal }, "an import worker exited");
      this.died(slot, outOfMemory ? this.outOfMemory() : this.unreadable());
    });
  }

  private assign(slot: Slot, task: Task): void {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.options.logger.warn(
        { timeoutMs: this.options.timeoutMs },
        "an import ran past its time budget: its worker is replaced",
      );
      this.died(slot, this.timedOut());
    }, this.options.timeoutMs);
    slot.state = "busy";
    slot.running = { id, task, timer };
    setReferenced(slot.worker, true);
    const request: ImportRequest = { type: "import", id, job: task.job, limits: this.options.limits };
    slot.worker.send(request);
  }

  private answered(slot: Slot, answer: ImportAnswer): void {
    if (answer.type === "ready") {
      slot.started = { heapBytes: answer.heapBytes, rssBytes: answer.rssBytes };
      this.startFailures = 0;
      this.idle(slot);
      return;
    }
    if (answer.type === "collected") {
      if (slot.state === "collecting") this.reuseOrReplace(slot, answer, true);
      return;
    }
    const running = slot.running;
    if (!running || running.id !== answer.id) return;
    clearTimeout(running.timer);
    slot.running = undefined;
    switch (answer.type) {
      case "done":
        running.task.resolve(answer.report);
        break;
      case "refused":
        running.task.reject(new ImportError(answer.kind, answer.message));
        break;
      case "failed":
        this.options.logger.warn({ reason: answer.message }, "an import failed in its worker");
        running.task.reject(this.unreadable());
        break;
      default: {
        const unreachable: never = answer;
        throw new Error(`unknown import answer ${JSON.stringify(unreachable)}`);
      }
    }
    this.reuseOrReplace(slot, answer, false);
  }

  /** After an import (and the collection R1 may ask for): R1 and R2. */
  private reuseOrReplace(slot: Slot, memory: WorkerMemory, collected: boolean): void {
    const started = slot.started ?? memory;
    const retains = memory.heapBytes - started.heapBytes > RECYCLE_AFTER_RETAINED_GROWTH_BYTES;
    const resident = memory.rssBytes - started.rssBytes > RECYCLE_AFTER_RESIDENT_GROWTH_BYTES;
    if (retains && !collected && !resident) {
      // Referenced meanwhile: an import waiting for this worker must keep the process alive.
      slot.state = "collecting";
      slot.worker.send({ type: "collect" } satisfies CollectRequest);
      return;
    }
    if (retains || resident) {
      const grewMb = {
        retainedMb: toMb(memory.heapBytes - started.heapBytes),
        residentMb: toMb(memory.rssBytes - started.rssBytes),
      };
      this.options.logger.info(grewMb, "an import worker holds on to memory: replaced by a fresh one");
      void this.retire(slot, new Error("replaced"));
      if (!this.closed && this.slots.length < this.options.size) this.start();
      this.dispatch();
      return;
    }
    this.idle(slot);
  }

  private idle(slot: Slot): void {
    slot.state = "idle";
    setReferenced(slot.worker, false);
    this.dispatch();
  }

  /** A worker timed out, ran out of memory or crashed: its import fails, and a fresh worker is started. */
  private died(slot: Slot, error: ImportError): void {
    const wasStarting = slot.state === "starting";
    void this.retire(slot, error);
    if (wasStarting && ++this.startFailures >= MAX_START_FAILURES) {
      this.options.logger.error("import workers fail to start: imports are refused until the next one is tried");
      this.startFailures = 0;
      const failure = new Error("the import worker could not start");
      for (const task of this.queue.splice(0)) task.reject(failure);
      return;
    }
    // Replaced at once, so that the next import does not wait for a worker to start.
    if (!this.closed && this.slots.length < this.options.size) this.start();
    this.dispatch();
  }

  private async retire(slot: Slot, error: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.task.reject(error);
      slot.running = undefined;
    }
    await stop(slot.worker);
  }

  private timedOut(): ImportError {
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    return new ImportError(
      "unprocessable",
      `Reading the file took longer than ${seconds} s, the most one import may take.`,
    );
  }

  private outOfMemory(): ImportError {
    return new ImportError(
      "too_large",
      `Reading the file needed more than ${this.options.maxHeapMb} MB of memory, the most one import may use.`,
    );
  }

  private unreadable(): ImportError {
    return new ImportError("unprocessable", "The file could not be read.");
  }
}

const toMb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Whether the child (and its message channel) keeps the server's process alive. */
function setReferenced(worker: ChildProcess, referenced: boolean): void {
  const channel = worker.channel as { ref(): void; unref(): void } | null | undefined;
  if (referenced) {
    worker.ref();
    channel?.ref();
  } else {
    worker.unref();
    channel?.unref();
  }
}

/** Kills the child (a parser cannot be interrupted any other way) and waits until it is gone. */
function stop(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once("exit", () => resolve());
    worker.kill("SIGKILL");
  });
}
