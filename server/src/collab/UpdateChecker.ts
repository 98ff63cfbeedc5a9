import { Worker, type MessagePort } from "node:worker_threads";
import { workerEntry } from "../workers/entries.js";
import { workerSource } from "../workers/WorkerPool.js";
import { checkUpdate, isEmptyUpdate, type UpdateCheck } from "./updateCheck.js";

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
 *
 * The check itself is updateCheck.ts, run by the worker (updateCheckWorker.ts) and by the
 * event loop when no worker can. A room asks this checker only for what it cannot check itself:
 * a small update that decoding alone shows valid is checked as it is read (Room,
 * `checkUpdateQuickly`, SPEC D4). One checker per server, built where the server is assembled
 * (createAccordServer) and closed when it closes.
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
   * loop: starting a worker (an isolate, Node and yjs, and tsx when running from source) takes
   * a tenth to a third of a second of CPU, which a server should spend before it listens, not
   * during its first edit.
   */
  ready(): Promise<void>;
  /**
   * Terminates the worker; resolves once it has exited. Checks still waiting are answered
   * "invalid" (not checked), as is any asked later: a closed server stores nothing more.
   */
  close(): Promise<void>;
  /** Where checks run now: in the worker, on the event loop (the worker failed), or nowhere. */
  status(): UpdateCheckerStatus;
}

export type UpdateCheckerStatus = "worker" | "event loop" | "closing" | "closed";

export interface UpdateCheckerOptions {
  /** A worker failed or stalled and was replaced; the checks it held are being isolated. */
  onRestart?: (error: Error) => void;
  /** A fresh worker failed too: checks run on the event loop from now on. */
  onError?: (error: Error) => void;
  /**
   * The worker's module, which calls `serveUpdateChecks` (tests: a worker that fails or stalls).
   * @default collab/updateCheckWorker (workers/entries: .ts from source, .js compiled)
   */
  workerEntry?: URL;
  /**
   * How long a batch may take before its worker counts as stalled, plus 1 s per MiB of
   * updates in it; counted from the worker having loaded its module (starting one is slow on a
   * busy machine, and no update's doing). A check takes microseconds to milliseconds; this is a
   * watchdog, and every room's writes wait while it waits. A batch that merely took longer is re-checked one
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

const SKIPPED: UpdateCheck = {
  kind: "invalid",
  reason: "not checked: an earlier update from its connection was refused",
};
const CLOSED: UpdateCheck = { kind: "invalid", reason: "not checked: the update checker is closed" };

interface Batch {
  id: number;
  pending: Pending[];
  /** Sent alone after a worker failed with it among others: if it fails again, it is the cause. */
  isolated: boolean;
  /** Sent to a fresh worker before anything else: if it fails, the worker itself is broken. */
  canary: boolean;
}

/** What the checker sends its worker: the batch's updates packed in one buffer, each ending at `ends[i]`. */
interface WorkerBatch {
  id: number;
  bytes: ArrayBuffer;
  ends: number[];
}

/** What the worker answers: "ready" once loaded, then one answer per batch, in order. */
type WorkerMessage = "ready" | WorkerAnswer;

interface WorkerAnswer {
  id: number;
  results: UpdateCheck[];
}

/** A valid one-character edit, checked first by every replacement worker. */
const CANARY_UPDATE = Uint8Array.from([1, 1, 1, 0, 4, 1, 6, 99, 97, 110, 97, 114, 121, 1, 120, 0]);

/** The worker's side of the conversation: what its module calls (updateCheckWorker.ts). */
export function serveUpdateChecks(port: MessagePort, check: (update: Uint8Array) => UpdateCheck): void {
  port.on("message", ({ id, bytes, ends }: WorkerBatch) => {
    const packed = new Uint8Array(bytes);
    const results: UpdateCheck[] = [];
    let start = 0;
    for (const end of ends) {
      results.push(check(packed.subarray(start, end)));
      start = end;
    }
    port.postMessage({ id, results } satisfies WorkerAnswer);
  });
  port.postMessage("ready" satisfies WorkerMessage);
}

type WorkerState =
  /** `loaded`: the worker said "ready"; a batch's watchdog runs from then on. */
  | { kind: "running"; worker: Worker; loaded: boolean }
  | { kind: "failed" }
  | { kind: "closed"; exited: Promise<void> | null; done: boolean };

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
  /** Sent and not answered yet: at most one batch at a time (see `send`). Its timer runs once the worker is loaded. */
  private inFlight: { batch: Batch; allowedMs: number; timer: NodeJS.Timeout | null } | null = null;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly workerProgram: string;
  private readonly whenReady: Promise<void>;

  constructor(private readonly options: UpdateCheckerOptions) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.workerProgram = workerSource(options.workerEntry ?? workerEntry("collab/updateCheckWorker"));
    this.state = { kind: "running", worker: this.startWorker(), loaded: false };
    this.whenReady = new Promise((resolve) => this.postCanary(() => resolve()));
  }

  ready(): Promise<void> {
    return this.whenReady;
  }

  status(): UpdateCheckerStatus {
    switch (this.state.kind) {
      case "running":
        return "worker";
      case "failed":
        return "event loop";
      case "closed":
        return this.state.done ? "closed" : "closing";
    }
  }

  close(): Promise<void> {
    if (this.state.kind === "closed") return this.state.exited ?? Promise.resolve();
    const worker = this.state.kind === "running" ? this.state.worker : null;
    const closed: WorkerState = { kind: "closed", exited: null, done: false };
    this.state = closed;
    if (this.inFlight?.timer) clearTimeout(this.inFlight.timer);
    const waiting = [...(this.inFlight?.batch.pending ?? []), ...this.suspects.splice(0), ...this.queue.splice(0)];
    this.inFlight = null;
    for (const pending of waiting) pending.resolve(CLOSED);
    // terminate() resolves on the worker's exit event.
    closed.exited = (worker === null ? Promise.resolve() : worker.terminate().then(() => undefined)).then(() => {
      closed.done = true;
    });
    return closed.exited;
  }

  check(update: Uint8Array, skip?: () => boolean): Promise<UpdateCheck> {
    if (this.state.kind === "closed") return Promise.resolve(CLOSED);
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
    const worker = new Worker(this.workerProgram, {
      eval: true,
      // The program loads what it needs itself (see workerSource); it must not inherit the app's flags.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 },
    });
    // A replaced worker's last words are not about the current one.
    const current = () => this.state.kind === "running" && this.state.worker === worker;
    worker.on("message", (message: WorkerMessage) => {
      if (!current()) return;
      if (message === "ready") this.loaded();
      else this.answered(message);
    });
    worker.on("error", (error) => current() && this.workerFailed(error));
    worker.on(
      "exit",
      (code) => current() && this.workerFailed(new Error(`the update check worker exited with code ${code}`)),
    );
    // Shared by every room of a server and idle most of the time: it must never be what
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
    if (this.inFlight !== null || this.state.kind === "closed") return;
    if (this.state.kind === "failed") {
      this.checkHere([...this.suspects.splice(0), ...this.queue.splice(0)]);
      return;
    }
    let suspect = this.suspects.shift();
    while (suspect !== undefined && skipped(suspect)) suspect = this.suspects.shift();
    const batch: Batch =
      suspect !== undefined
        ? { id: this.nextId++, pending: [suspect], isolated: true, canary: false }
        : {
            id: this.nextId++,
            pending: this.queue.splice(0).filter((pending) => !skipped(pending)),
            isolated: false,
            canary: false,
          };
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
    this.inFlight = { batch, allowedMs, timer: null };
    if (this.state.loaded) this.startWatchdog();
    this.state.worker.postMessage({ id: batch.id, bytes: packed.buffer, ends } satisfies WorkerBatch, [packed.buffer]);
  }

  /**
   * The worker has loaded its module: the batch it holds is timed from now. (Until then nothing
   * it was sent has run: a worker that fails to load says so with an error or an exit.)
   */
  private loaded(): void {
    if (this.state.kind !== "running") return;
    this.state.loaded = true;
    this.startWatchdog();
  }

  private startWatchdog(): void {
    const inFlight = this.inFlight;
    if (inFlight === null || inFlight.timer !== null) return;
    const { allowedMs } = inFlight;
    inFlight.timer = setTimeout(
      () => this.workerFailed(new Error(`the update check worker did not answer within ${allowedMs} ms`)),
      allowedMs,
    );
    inFlight.timer.unref();
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
      this.workerFailed(
        new Error(`the update check worker answered a known-good edit with ${JSON.stringify(answer.results[0])}`),
      );
      return;
    }
    if (this.inFlight!.timer) clearTimeout(this.inFlight!.timer);
    this.inFlight = null;
    batch.pending.forEach((pending, index) => pending.resolve(answer.results[index]!));
    // In a microtask: after the callers' reactions to these answers, so that a refusal among
    // them is seen by the next batch's `skip`.
    if (!this.scheduled) queueMicrotask(() => this.send());
  }

  private workerFailed(error: Error): void {
    if (this.state.kind !== "running") return;
    const { worker } = this.state;
    void worker.terminate();
    const failed = this.inFlight?.batch;
    if (this.inFlight?.timer) clearTimeout(this.inFlight.timer);
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
    this.state = { kind: "running", worker: this.startWorker(), loaded: false };
    this.postCanary(() => {});
  }

  /** Every fresh worker checks a known-good edit before anything else (see `workerFailed`). */
  private postCanary(done: () => void): void {
    this.post({
      id: this.nextId++,
      pending: [{ update: CANARY_UPDATE, resolve: done }],
      isolated: false,
      canary: true,
    });
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

/**
 * A checker with a worker of its own. Whoever builds it closes it (createAccordServer does, when
 * the server closes); every room of one server shares it.
 */
export function createUpdateChecker(options: UpdateCheckerOptions = {}): UpdateChecker {
  return new WorkerUpdateChecker(options);
}
