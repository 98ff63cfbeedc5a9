import type { Busy } from "../load/LoadGauge.js";
import type { Logger } from "pino";
import { type Leases, LocalLeases, leaseName } from "../cluster/Leases.js";
import type { DocumentLog, LogStats } from "../store/DocumentLog.js";
import { mergeStoredParts } from "./storedDocument.js";

export interface CompactorOptions {
  store: DocumentLog;
  logger: Logger;
  /** Compact once the log beyond the snapshot holds this many updates… */
  afterUpdates: number;
  /** …or this many bytes. */
  afterBytes: number;
  /**
   * Held around each compaction of a document (`accord:lease:compact:<doc>`), so that with
   * several processes only one compacts it at a time. @default one process's own (LocalLeases)
   */
  leases?: Leases;
  /**
   * Issue 20: while the event loop is saturated, a compaction that is due waits for a later stored batch
   * (it is asked again after each), until the log holds DEFER_CEILING times its thresholds.
   * @default never busy
   */
  load?: Busy;
}

/** Under load, compaction waits until the log is this many times past a threshold. */
export const DEFER_CEILING = 4;

/**
 * SPEC D5. Compaction merges what is stored, never a room's in-memory document: the
 * store is the truth (with several app nodes, another node may have appended updates
 * this node's document never saw), and the store keeps updates appended while the
 * merge runs. Keyed by document name rather than by room, so that "one at a time per
 * document" still holds when a room unloads and loads again during a compaction. Across
 * processes the same holds through a lease: a document another process is compacting is
 * skipped here (the next stored batch asks again), never compacted twice at once.
 */
export class Compactor {
  private readonly running = new Map<string, Promise<void>>();
  private readonly leases: Leases;
  /** Compactions put off for the load, since this compactor was made. */
  deferrals = 0;

  constructor(private readonly options: CompactorOptions) {
    this.leases = options.leases ?? new LocalLeases();
  }

  /** Called after each stored batch with the log's size that the write answered. */
  consider(docName: string, stats: LogStats): void {
    const past = (factor: number) =>
      stats.updateCount >= factor * this.options.afterUpdates || stats.updateBytes >= factor * this.options.afterBytes;
    if (!past(1)) return;
    // The loop is saturated: relays first; the next stored batch asks again, and a log past the ceiling is compacted anyway.
    if (this.options.load?.busy() && !past(DEFER_CEILING)) {
      this.deferrals++;
      return;
    }
    this.runAlone(docName, () => this.compact(docName, stats));
  }

  /**
   * SPEC D9: a document whose room unloaded is compacted if its log holds anything, so that
   * at rest it is one snapshot.
   */
  compactAtRest(docName: string): void {
    this.runAlone(docName, () =>
      this.options.store
        .documentStats(docName)
        .then((stats) => (stats.updateCount > 0 ? this.compact(docName, stats) : undefined))
        .catch((error: unknown) => this.options.logger.error({ err: error, docName }, "compaction at rest failed")),
    );
  }

  /** Resolves when no compaction is running (those started meanwhile included). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /**
   * At most one compaction per document at a time (D5): a second request while one runs is
   * dropped, here or on another process (the lease is taken, and the stats read, only once here
   * no other runs).
   */
  private runAlone(docName: string, compaction: () => Promise<void>): void {
    if (this.running.has(docName)) return;
    const run = this.leases
      .run(leaseName.compaction(docName), compaction)
      .then((outcome) => {
        // Held: another process compacts it. Unavailable: Redis is lost. The next stored batch asks again.
        if (!outcome.ran) this.options.logger.debug({ docName, lease: outcome.reason }, "compaction skipped");
      })
      .finally(() => this.running.delete(docName));
    this.running.set(docName, run);
  }

  private async compact(docName: string, before: LogStats): Promise<void> {
    const started = Date.now();
    try {
      let snapshotBytes = 0;
      const after = await this.options.store.compactDocument(docName, (parts) => {
        const merged = mergeStoredParts(parts, (part, error) =>
          // Loading skips this part too (D8); from now on it is gone from the store.
          this.options.logger.error(
            { err: error, docName, part, bytes: parts[part]?.byteLength },
            "a stored part does not apply: left out of the snapshot",
          ),
        );
        snapshotBytes = merged.byteLength;
        return merged;
      });
      this.options.logger.debug(
        { docName, before, after, snapshotBytes, ms: Date.now() - started },
        "document compacted",
      );
    } catch (error) {
      // Nothing is lost: the log is still there, and the next stored batch tries again.
      this.options.logger.error({ err: error, docName }, "compaction failed");
    }
  }
}
