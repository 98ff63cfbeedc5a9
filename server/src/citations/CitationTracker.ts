import type { Busy } from "../load/LoadGauge.js";
import type * as Y from "yjs";
import { type Leases, LocalLeases, leaseName, runLeasedUntil } from "../cluster/Leases.js";
import type { Notifier } from "../commands/context.js";
import type { Logger } from "../logger.js";
import { Debouncer } from "../documents/Debouncer.js";
import type { Store } from "../store/Store.js";
import { BodyReader } from "@accord/editor";
import { citationNodes } from "./citedEvidenceIds.js";
import { resolveCitedIds } from "./resolveCitedIds.js";

export interface CitationTrackerOptions {
  store: Store;
  /** Issue 20: while the event loop is saturated, a due recomputation waits (Debouncer `load`). @default never busy */
  load?: Busy;
  /** Longest it waits for the load to pass past its deadline (DEFER_MAX_MS). @default 10_000 */
  maxDeferMs?: number;
  /** Applies `read` to the document as stored (CollabServer.readStored); `read` keeps nothing. */
  readStored: <T>(docName: string, read: (doc: Y.Doc) => T) => Promise<T>;
  notify: Pick<Notifier, "recommendation">;
  logger: Logger;
  /** Quiet time after the last change before the citations are recomputed. @default 500 */
  debounceMs?: number;
  /** Longest a change waits while changes keep coming (C1). @default 5000 */
  maxWaitMs?: number;
  /**
   * Held around each recomputation of a document (`accord:lease:citations:<doc>`, C5).
   * @default one process's own (LocalLeases)
   */
  leases?: Leases;
  /**
   * How long `flush` and `close` wait for another process's recomputation of a document to end
   * before leaving theirs to the next open or edit (C4, C5). @default 10_000
   */
  maxLeaseWaitMs?: number;
}

type TrackerState = { kind: "running" } | { kind: "closing"; done: Promise<void> };

/**
 * Keeps `recommendation.citedEvidenceIds` and `recommendation.citationIds` equal to the
 * citations in the stored body (CITATIONS.md §3: see resolveCitedIds for which nodes count).
 * The body changes only through document sync, so the server derives the list itself:
 * a client cannot claim citations its document does not hold, and ids that are not
 * evidence of the recommendation's brief (forged, or from another brief) are dropped.
 *
 * Rules:
 *  C1. A burst of edits to one document is one recomputation, `debounceMs` after the last —
 *      or `maxWaitMs` after the first, if the edits keep coming (someone typing without a
 *      pause of `debounceMs`), so that the list follows continuous typing.
 *  C2. Recomputations of one document run one at a time, in order; the last one reads the
 *      latest stored state, so the list converges to the body.
 *  C3. The recommendation is updated (and `recommendation.updated` announced) only when the
 *      list changed; a recommendation deleted meanwhile is skipped quietly.
 *  C4. `close()` runs every pending recomputation before it resolves (the server closes the
 *      document server first, so every accepted edit is stored by then). A killed process
 *      loses at most the pending ones: they are recomputed when the document is next opened
 *      (server.ts schedules one when a connection finds its room not loaded) or next edited.
 *  C5. With several processes, a recomputation holds the document's lease: never two at once,
 *      on any processes. One that finds it held is not dropped: a timer's run is scheduled again
 *      `debounceMs` later (the holder may have read the body before this process's last change,
 *      so it is computed once more after it); a flush's waits for the lease, at most
 *      `maxLeaseWaitMs`.
 */
export class CitationTracker {
  /** Documents with changes not yet recomputed (C1). */
  private readonly pending: Debouncer;
  private readonly running = new Map<string, Promise<void>>();
  private state: TrackerState = { kind: "running" };
  private readonly reader = new BodyReader();
  private readonly leases: Leases;
  private readonly maxLeaseWaitMs: number;

  constructor(private readonly options: CitationTrackerOptions) {
    this.pending = new Debouncer({
      debounceMs: options.debounceMs ?? 500,
      maxWaitMs: options.maxWaitMs ?? 5_000,
      // A pending recomputation alone does not keep a process alive; close() runs it anyway.
      due: (docName) => void this.run(docName, "reschedule"),
      load: options.load,
      maxDeferMs: options.maxDeferMs,
    });
    this.leases = options.leases ?? new LocalLeases();
    this.maxLeaseWaitMs = options.maxLeaseWaitMs ?? 10_000;
  }

  /**
   * Called for every stored change of a document (CollabServer's onDocumentChanged), which
   * is every stored batch of keystrokes: it only notes the time. C1.
   */
  schedule(docName: string): void {
    if (this.state.kind !== "running") return;
    this.pending.schedule(docName);
  }

  /** Runs every pending recomputation now and waits for all of them. */
  async flush(): Promise<void> {
    for (const docName of this.pending.takeAll()) void this.run(docName, "wait");
    await Promise.all(this.running.values());
  }

  /** C4. Idempotent. */
  close(): Promise<void> {
    if (this.state.kind === "closing") return this.state.done;
    const done = this.flush();
    this.state = { kind: "closing", done };
    return done;
  }

  /** C2: chained after the document's previous recomputation; C5: `busy` says what to do if the lease is held. Never rejects. */
  private run(docName: string, busy: "reschedule" | "wait"): Promise<void> {
    const previous = this.running.get(docName) ?? Promise.resolve();
    const next = previous
      .then(() => this.recomputeLeased(docName, busy))
      .catch((error: unknown) => this.options.logger.error({ err: error, docName }, "recomputing citations failed"));
    this.running.set(docName, next);
    void next.then(() => {
      if (this.running.get(docName) === next) this.running.delete(docName);
    });
    return next;
  }

  private async recomputeLeased(docName: string, busy: "reschedule" | "wait"): Promise<void> {
    // A timer's run while still running gives up at once, to run again after the debounce (C5).
    const giveUp = () => busy === "reschedule" && this.state.kind === "running";
    const outcome = await runLeasedUntil(this.leases, leaseName.citations(docName), () => this.recompute(docName), {
      maxWaitMs: this.maxLeaseWaitMs,
      giveUp,
    });
    if (outcome === "gaveUp") this.schedule(docName);
    if (outcome === "timedOut") {
      this.options.logger.warn(
        { docName, waitedMs: this.maxLeaseWaitMs },
        "citations not recomputed: another process held the document's lease; left to its next open or edit",
      );
    }
  }

  private async recompute(docName: string): Promise<void> {
    const { store } = this.options;
    const current = await store.getRecommendation(docName);
    if (!current) return; // C3: deleted meanwhile
    const nodes = await this.options.readStored(docName, (doc) => citationNodes(this.reader, doc));
    const { evidenceIds, citationIds } = await resolveCitedIds(store, current.briefId, nodes);
    if (sameList(evidenceIds, current.citedEvidenceIds) && sameList(citationIds, current.citationIds)) return;
    const updated = await store.updateRecommendation(docName, { citedEvidenceIds: evidenceIds, citationIds });
    if (!updated) return;
    this.options.notify.recommendation({
      type: "recommendation.updated",
      briefId: updated.briefId,
      id: updated.id,
      sectorId: updated.sectorId,
      status: updated.status,
      updatedAt: updated.updatedAt,
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
