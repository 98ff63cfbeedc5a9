import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { checkUpdate, isEmptyUpdate, type UpdateCheck } from "./messages.js";

/**
 * SPEC D4 off the event loop. Checking an update means decoding it and applying it to a
 * scratch Y.Doc; an edit typed after existing text depends on structs the scratch
 * document lacks, so Yjs re-encodes it as pending. Measured with 1,000 rooms of three
 * typists: that check was two fifths of everything the server allocated and a fifth of
 * its CPU. It needs nothing but the bytes, so a worker thread does it while the event
 * loop reads, relays and stores.
 *
 * Answers come in the order the checks were asked for, whatever thread gives them, so a
 * room's updates reach its write queue in the order they arrived (D2). The checks asked in
 * one turn of the event loop, or while the worker answers the previous batch, go to it as
 * one message, their bytes packed into one transferred buffer. A worker that fails or stalls is
 * replaced, and an update that fails it alone is refused (the watchdog, below).
 */
export interface UpdateChecker {
  /**
   * `skip`: asked just before the update goes to the worker; true answers it unchecked (as
   * invalid), e.g. once an earlier update from the same connection was refused (P10), so that
   * a hostile client's queued updates cannot each stall or kill a worker.
   */
  check(update: Uint8Array, skip?: () => boolean): Promise<UpdateCheck>;
  /**
   * Resolves once the worker answered its first check, or checks fell back to the event
   * loop: starting a worker (an isolate, Node and yjs) takes tens of milliseconds of CPU,
   * which a server should spend before it listens, not during its first edit.
   */
  ready(): Promise<void>;
}

export interface UpdateCheckerOptions {
  /** A worker failed or stalled and was replaced; the checks it held are being isolated. */
  onRestart?: (error: Error) => void;
  /** A fresh worker failed too: checks run on the event loop from now on. */
  onError?: (error: Error) => void;
  /** Replaces the worker's program (tests: a worker that fails or stalls). */
  workerSource?: string;
  /**
   * How long a batch may take before its worker counts as stalled, plus 1 s per MiB of
   * updates in it. A check takes microseconds to milliseconds; this is a watchdog, and every
   * room's writes wait while it waits. A batch that merely took longer is re-checked one
   * update at a time, not refused.
   * @default 2_000
   */
  timeoutMs?: number;
  /**
   * The worker's heap limit: an update whose check needs more kills the worker (and is
   * refused), not the server. @default 1024
   */
  maxHeapMb?: number;
}

interface Pending {
  update: Uint8Array;
  resolve: (check: UpdateCheck) => void;
  skip?: () => boolean;
}

const SKIPPED: UpdateCheck = { kind: "invalid", reason: "not checked: an earlier update from its connection was refused" };

interface Batch {
  id: number;
  pending: Pending[];
  /** Sent alone after a worker failed with it among others: if it fails again, it is the cause. */
  isolated: boolean;
  /** Sent to a fresh worker before anything else: if it fails, the worker itself is broken. */
  canary: boolean;
}

interface WorkerAnswer {
  id: number;
  results: UpdateCheck[];
}

/** A valid one-character edit, checked first by every replacement worker. */
const CANARY_UPDATE = Uint8Array.from([1, 1, 1, 0, 4, 1, 6, 99, 97, 110, 97, 114, 121, 1, 120, 0]);

// Plain CommonJS evaluated in the worker (no loader, compiled or not). The check is
// messages.ts's `checkUpdate`, line for line; UpdateChecker.test.ts runs a seeded corpus
// of valid and corrupt updates through both and expects the same answers.
export const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Y = require(workerData.yjs);
const errorMessage = (error) => (error instanceof Error ? error.message : String(error));
function checkUpdate(update) {
  let decoded;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    return { kind: "invalid", reason: "does not decode: " + errorMessage(error) };
  }
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return { kind: "empty" };
  const forward = forwardReference(decoded.structs);
  if (forward !== null) return { kind: "invalid", reason: "does not apply: " + forward };
  const scratch = new Y.Doc({ guid: "accord-update-check", gc: false });
  try {
    Y.applyUpdate(scratch, update);
  } catch (error) {
    return { kind: "invalid", reason: "does not apply: " + errorMessage(error) };
  } finally {
    scratch.destroy();
  }
  return { kind: "valid" };
}
function forwardReference(structs) {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    for (const ref of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (ref instanceof Y.ID && ref.client === client && ref.clock >= clock) return "item " + client + ":" + clock + " refers to " + ref.client + ":" + ref.clock + ", made no earlier";
    }
  }
  return null;
}
parentPort.on("message", ({ id, bytes, ends }) => {
  const packed = new Uint8Array(bytes);
  const results = [];
  let start = 0;
  for (const end of ends) {
    results.push(checkUpdate(packed.subarray(start, end)));
    start = end;
  }
  parentPort.postMessage({ id, results });
});
`;

type WorkerState = { kind: "running"; worker: Worker } | { kind: "failed" };

/**
 * The watchdog. A batch the worker does not answer in time, or one it dies on (an exception,
 * an exit, its heap limit), is suspect: a fresh worker first checks a known-good update (the
 * canary), then each suspect alone. A suspect that fails alone is the cause and is refused;
 * it never runs on the event loop, where it would stall or kill the whole server. Only a
 * fresh worker that fails the canary, which no update caused, sends every check to the event
 * loop for good.
 */
class WorkerUpdateChecker implements UpdateChecker {
  private state: WorkerState;
  /** Asked and not sent yet: in this turn of the loop, or while a batch is in flight. */
  private queue: Pending[] = [];
  /** From a batch a worker failed on: checked one at a time, ahead of the queue. */
  private suspects: Pending[] = [];
  private scheduled = false;
  /** Sent and not answered yet: at most one batch at a time (see `send`). */
  private inFlight: { batch: Batch; timer: NodeJS.Timeout } | null = null;
  private nextId = 1;
  private readonly timeoutMs: number;

  private readonly whenReady: Promise<void>;

  constructor(private readonly options: UpdateCheckerOptions) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.state = { kind: "running", worker: this.startWorker() };
    this.whenReady = new Promise((resolve) => this.postCanary(() => resolve()));
  }

  ready(): Promise<void> {
    return this.whenReady;
  }

  check(update: Uint8Array, skip?: () => boolean): Promise<UpdateCheck> {
    const nothingAhead = this.queue.length === 0 && this.suspects.length === 0 && this.inFlight === null;
    // What every client sends on connect is not worth a trip to the worker, unless other
    // checks are ahead of it: answers keep their order.
    if (nothingAhead && isEmptyUpdate(update)) return Promise.resolve({ kind: "empty" });
    if (nothingAhead && this.state.kind === "failed") return Promise.resolve(checkUpdate(update));
    return new Promise((resolve) => {
      this.queue.push({ update, resolve, skip });
      if (this.scheduled || this.inFlight !== null) return;
      this.scheduled = true;
      // After the poll phase: every frame read in this turn is queued by then.
      setImmediate(() => {
        this.scheduled = false;
        this.send();
      });
    });
  }

  private startWorker(): Worker {
    const worker = new Worker(this.options.workerSource ?? WORKER_SOURCE, {
      eval: true,
      workerData: { yjs: createRequire(import.meta.url).resolve("yjs") },
      // The source is JavaScript: the worker needs no loader and must not inherit the app's.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
    });
    // A replaced worker's last words are not about the current one.
    const current = () => this.state.kind === "running" && this.state.worker === worker;
    worker.on("message", (answer: WorkerAnswer) => current() && this.answered(answer));
    worker.on("error", (error) => current() && this.workerFailed(error));
    worker.on("exit", (code) => current() && this.workerFailed(new Error(`the update check worker exited with code ${code}`)));
    // Shared by every room of the process and idle most of the time: it must never be what
    // keeps a process alive. (After the listeners: a "message" listener refs the worker again.)
    worker.unref();
    return worker;
  }

  /**
   * One batch at a time: what arrives while the worker checks goes in the next, sent as the
   * answer comes. A busy server thus sends fewer, larger batches (each message costs the
   * event loop tens of microseconds); an idle one sends each check at once.
   */
  private send(): void {
    if (this.inFlight !== null) return;
    if (this.state.kind === "failed") {
      this.checkHere([...this.suspects.splice(0), ...this.queue.splice(0)]);
      return;
    }
    let suspect = this.suspects.shift();
    while (suspect !== undefined && skipped(suspect)) suspect = this.suspects.shift();
    const batch: Batch =
      suspect !== undefined
        ? { id: this.nextId++, pending: [suspect], isolated: true, canary: false }
        : { id: this.nextId++, pending: this.queue.splice(0).filter((pending) => !skipped(pending)), isolated: false, canary: false };
    if (batch.pending.length > 0) this.post(batch);
  }

  private post(batch: Batch): void {
    if (this.state.kind !== "running") return;
    // One buffer for the batch, transferred rather than copied. (A received frame is often a
    // view of a larger socket buffer, which postMessage would copy whole.)
    let total = 0;
    for (const { update } of batch.pending) total += update.byteLength;
    const packed = new Uint8Array(total);
    const ends: number[] = [];
    let offset = 0;
    for (const { update } of batch.pending) {
      packed.set(update, offset);
      offset += update.byteLength;
      ends.push(offset);
    }
    const allowedMs = this.timeoutMs + Math.floor((total / 2 ** 20) * 1000);
    const timer = setTimeout(() => this.workerFailed(new Error(`the update check worker did not answer within ${allowedMs} ms`)), allowedMs);
    timer.unref();
    this.inFlight = { batch, timer };
    this.state.worker.postMessage({ id: batch.id, bytes: packed.buffer, ends }, [packed.buffer]);
  }

  private answered(answer: WorkerAnswer): void {
    const batch = this.inFlight?.batch;
    // Answers come in the order sent; anything else means the worker cannot be trusted.
    if (batch === undefined || batch.id !== answer.id || answer.results.length !== batch.pending.length) {
      this.workerFailed(new Error(`the update check worker answered batch ${answer.id} out of order`));
      return;
    }
    // A worker that refuses a valid edit would refuse everyone's (a mismatched yjs, say).
    if (batch.canary && answer.results[0]?.kind !== "valid") {
      this.workerFailed(new Error(`the update check worker answered a known-good edit with ${JSON.stringify(answer.results[0])}`));
      return;
    }
    clearTimeout(this.inFlight!.timer);
    this.inFlight = null;
    batch.pending.forEach((pending, index) => pending.resolve(answer.results[index]!));
    // In a microtask: after the callers' reactions to these answers, so that a refusal among
    // them is seen by the next batch's `skip`.
    if (!this.scheduled) queueMicrotask(() => this.send());
  }

  private workerFailed(error: Error): void {
    if (this.state.kind === "failed") return;
    const { worker } = this.state;
    void worker.terminate();
    const failed = this.inFlight?.batch;
    if (this.inFlight) clearTimeout(this.inFlight.timer);
    this.inFlight = null;
    if (failed?.canary) {
      // A fresh worker that cannot check a valid edit is broken, whatever it was sent.
      this.state = { kind: "failed" };
      this.options.onError?.(error);
      failed.pending[0]!.resolve({ kind: "valid" });
      this.send();
      return;
    }
    if (failed?.isolated) {
      failed.pending[0]!.resolve({ kind: "invalid", reason: `its check failed alone (${error.message})` });
    } else if (failed) {
      this.suspects = [...failed.pending, ...this.suspects];
    }
    this.options.onRestart?.(error);
    this.state = { kind: "running", worker: this.startWorker() };
    this.postCanary(() => {});
  }

  /** Every fresh worker checks a known-good edit before anything else (see `workerFailed`). */
  private postCanary(done: () => void): void {
    this.post({ id: this.nextId++, pending: [{ update: CANARY_UPDATE, resolve: done }], isolated: false, canary: true });
  }

  private checkHere(pending: Pending[]): void {
    for (const each of pending) if (!skipped(each)) each.resolve(checkUpdate(each.update));
  }
}

/** Answers a check its caller no longer wants (see `UpdateChecker.check`); false otherwise. */
function skipped(pending: Pending): boolean {
  if (pending.skip === undefined || !pending.skip()) return false;
  pending.resolve(SKIPPED);
  return true;
}

let shared: UpdateChecker | null = null;

/**
 * The process's checker: one worker for every room of every server in the process (tests
 * start many servers in one process). Created on first use.
 */
export function sharedUpdateChecker(options: UpdateCheckerOptions = {}): UpdateChecker {
  shared ??= new WorkerUpdateChecker(options);
  return shared;
}

/** A checker with a worker of its own (tests). */
export function createWorkerUpdateChecker(options: UpdateCheckerOptions = {}): UpdateChecker {
  return new WorkerUpdateChecker(options);
}
