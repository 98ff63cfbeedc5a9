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
 * Every document's appends of one task of the event loop in one SQLite transaction.
 *
 * Each room commits its own batch (collab/GroupCommit.ts), so with many rooms open a turn
 * brings many small appends; as separate transactions each writes its own WAL frames for
 * the same few pages. Measured here, 60-byte updates to 500 documents: 28 µs an update one
 * transaction each, 11 µs five to a transaction, 5.5 µs twenty — and a seventh of the WAL
 * written. The rooms' write queues start their writes in microtasks of the task that brought
 * their updates (collab/GroupCommit.ts), so a microtask queued by the first append runs after
 * all of them: the batch costs no extra turn of the loop.
 *
 * A failed transaction is retried one document at a time, so that whatever failed fails
 * only its own append: a room never sees another document's error.
 */
export class AppendBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    /** One transaction for all of them; the stats in the same order. */
    private readonly appendAll: (requests: readonly AppendRequest[]) => LogStats[],
  ) {}

  append(docName: string, updates: readonly Uint8Array[]): Promise<LogStats> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, updates, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => this.run());
    });
  }

  private run(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
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
