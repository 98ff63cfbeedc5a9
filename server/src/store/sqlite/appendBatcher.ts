import type { LogStats } from "../DocumentLog.js";

/** One document's appends, as `appendUpdates` received them. */
export interface AppendRequest {
  docName: string;
  updates: readonly Uint8Array[];
}

interface Pending extends AppendRequest {
  resolve: (stats: LogStats) => void;
  reject: (error: unknown) => void;
}

/**
 * Documents whose appends, once waiting, are written without waiting for the rest of the turn
 * (AppendBatcher). Measured below: 5.5 µs an update twenty documents to a transaction; more
 * saves little.
 */
export const MAX_APPENDS_PER_TRANSACTION = 64;

/**
 * Every document's appends of one turn of the event loop in one SQLite transaction.
 *
 * Each room commits its own batch (collab/GroupCommit.ts), so with many rooms open a turn
 * brings many small appends; as separate transactions each writes its own WAL frames for
 * the same few pages. Measured here, 60-byte updates to 500 documents: 28 µs an update one
 * transaction each, 11 µs five to a transaction, 5.5 µs twenty — and a seventh of the WAL
 * written. The transaction runs in the turn's check phase (setImmediate), after every socket
 * read of its poll phase: a keystroke is checked on the event loop as its frame is read
 * (collab/Room.ts, SPEC D4), so the rooms' appends of one turn come from as many I/O
 * callbacks as sockets had frames. Gathered per microtask instead, at 1,000 busy documents
 * each read was its own transaction: 46 µs of SQLite per update instead of 8 (issue 20).
 *
 * A failed transaction is retried one document at a time, so that whatever failed fails
 * only its own append: a room never sees another document's error.
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  /** A run is waiting for the turn's check phase. */
  private scheduled = false;
  /** A run is waiting for the end of this task: the queue reached `maxAppends`. */
  private full = false;

  constructor(
    /** One transaction for all of them; the stats in the same order. */
    private readonly appendAll: (requests: readonly AppendRequest[]) => LogStats[],
    /**
     * Once this many documents' appends wait, they are written at the end of the task that
     * brought the last of them (with any more that task appends), not at the end of the turn: a
     * turn of a saturated loop reads hundreds of sockets, and every update of the turn would
     * otherwise wait for all of them before anyone sees it. @default MAX_APPENDS_PER_TRANSACTION
     */
    private readonly maxAppends = MAX_APPENDS_PER_TRANSACTION,
  ) {}

  append(docName: string, updates: readonly Uint8Array[]): Promise<LogStats> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, updates, resolve, reject });
      if (this.queue.length >= this.maxAppends) {
        if (this.full) return;
        this.full = true;
        queueMicrotask(() => {
          this.full = false;
          this.run();
        });
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.run();
        });
      }
    });
  }

  private run(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let stats: LogStats[];
    try {
      stats = this.appendAll(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const pending of batch) this.runAlone(pending);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(stats[index]!));
  }

  private runAlone(pending: Pending): void {
    try {
      pending.resolve(this.appendAll([pending])[0]!);
    } catch (error) {
      pending.reject(error);
    }
  }
}
