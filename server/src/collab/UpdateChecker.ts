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
 * one message, their bytes packed into one transferred buffer. If the worker fails, the checks it held and every later one run on
 * the event loop (`checkUpdate`): slower, never lost.
 */
export interface UpdateChecker {
  check(update: Uint8Array): Promise<UpdateCheck>;
}

export interface UpdateCheckerOptions {
  /** The worker failed; checks run on the event loop from now on. */
  onError?: (error: Error) => void;
  /** Replaces the worker's program (tests: a worker that fails). */
  workerSource?: string;
}

interface Pending {
  update: Uint8Array;
  resolve: (check: UpdateCheck) => void;
}

interface Batch {
  id: number;
  pending: Pending[];
}

interface WorkerAnswer {
  id: number;
  results: UpdateCheck[];
}

// Plain CommonJS evaluated in the worker (no loader, compiled or not). The check is
// messages.ts's `checkUpdate`, line for line; UpdateChecker.test.ts runs a seeded corpus
// of valid and corrupt updates through both and expects the same answers.
const WORKER_SOURCE = `
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

class WorkerUpdateChecker implements UpdateChecker {
  private state: WorkerState;
  /** Asked and not sent yet: in this turn of the loop, or while a batch is in flight. */
  private queue: Pending[] = [];
  private scheduled = false;
  /** Sent and not answered yet: at most one batch while the worker runs (see `send`). */
  private readonly inFlight: Batch[] = [];
  private nextId = 1;

  constructor(private readonly options: UpdateCheckerOptions) {
    const worker = new Worker(options.workerSource ?? WORKER_SOURCE, {
      eval: true,
      workerData: { yjs: createRequire(import.meta.url).resolve("yjs") },
      // The source is JavaScript: the worker needs no loader and must not inherit the app's.
      execArgv: [],
    });
    // Shared by every room of the process and idle most of the time: it must never be
    // what keeps a process alive.
    worker.unref();
    worker.on("message", (answer: WorkerAnswer) => this.answered(answer));
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) => this.fail(new Error(`the update check worker exited with code ${code}`)));
    this.state = { kind: "running", worker };
  }

  check(update: Uint8Array): Promise<UpdateCheck> {
    const nothingAhead = this.queue.length === 0 && this.inFlight.length === 0;
    // What every client sends on connect is not worth a trip to the worker, unless other
    // checks are ahead of it: answers keep their order.
    if (nothingAhead && isEmptyUpdate(update)) return Promise.resolve({ kind: "empty" });
    if (nothingAhead && this.state.kind === "failed") return Promise.resolve(checkUpdate(update));
    return new Promise((resolve) => {
      this.queue.push({ update, resolve });
      if (this.scheduled || this.inFlight.length > 0) return;
      this.scheduled = true;
      // After the poll phase: every frame read in this turn is queued by then.
      setImmediate(() => {
        this.scheduled = false;
        this.send();
      });
    });
  }

  /**
   * One batch at a time: what arrives while the worker checks goes in the next, sent as the
   * answer comes. A busy server thus sends fewer, larger batches (each message costs the
   * event loop tens of microseconds); an idle one sends each check at once.
   */
  private send(): void {
    const pending = this.queue;
    this.queue = [];
    if (pending.length === 0) return;
    if (this.state.kind === "failed") {
      this.checkHere([{ id: 0, pending }]);
      return;
    }
    const batch: Batch = { id: this.nextId++, pending };
    this.inFlight.push(batch);
    // One buffer for the batch, transferred rather than copied. (A received frame is often a
    // view of a larger socket buffer, which postMessage would copy whole.)
    let total = 0;
    for (const { update } of pending) total += update.byteLength;
    const packed = new Uint8Array(total);
    const ends: number[] = [];
    let offset = 0;
    for (const { update } of pending) {
      packed.set(update, offset);
      offset += update.byteLength;
      ends.push(offset);
    }
    this.state.worker.postMessage({ id: batch.id, bytes: packed.buffer, ends }, [packed.buffer]);
  }

  private answered(answer: WorkerAnswer): void {
    const batch = this.inFlight[0];
    // Answers come in the order sent; anything else means the worker cannot be trusted.
    if (batch === undefined || batch.id !== answer.id || answer.results.length !== batch.pending.length) {
      this.fail(new Error(`the update check worker answered batch ${answer.id} out of order`));
      return;
    }
    this.inFlight.shift();
    batch.pending.forEach((pending, index) => pending.resolve(answer.results[index]!));
    if (!this.scheduled) this.send();
  }

  private fail(error: Error): void {
    if (this.state.kind === "failed") return;
    const { worker } = this.state;
    this.state = { kind: "failed" };
    worker.removeAllListeners("message");
    void worker.terminate();
    this.options.onError?.(error);
    // What the worker held is checked here, still in order, then what queued behind it.
    this.checkHere(this.inFlight.splice(0));
    this.checkHere([{ id: 0, pending: this.queue.splice(0) }]);
  }

  private checkHere(batches: Batch[]): void {
    for (const batch of batches) for (const pending of batch.pending) pending.resolve(checkUpdate(pending.update));
  }
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
