import type { Busy } from "../load/LoadGauge.js";
import { DEFER_STEP_MS, deferForLoad } from "../documents/Debouncer.js";
import type { Recommendation } from "@accord/domain";
import { BodyReader } from "@accord/editor";
import type { VersionKind } from "@accord/protocol";
import type * as Y from "yjs";
import { type Leases, LocalLeases, leaseName } from "../cluster/Leases.js";
import type { Notifier } from "../commands/context.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/Store.js";
import { bodyHashOf, type StoredVersion } from "../store/versions.js";
import { AUTO_VERSION_NAME, MAX_VERSION_AUTHORS } from "./names.js";
import { presentVersionSummary } from "./present.js";

/** What a version is called and by whom, as a command saves it (an automatic one is this service's own). */
export interface VersionLabel {
  kind: Exclude<VersionKind, "auto">;
  name: string;
  authorIds: readonly string[];
  restoredFrom?: string | null;
}

export interface VersionsOptions {
  store: Store;
  /** Applies `read` to the document as stored (CollabServer.readStored); `read` keeps nothing. */
  readStored: <T>(docName: string, read: (doc: Y.Doc) => T) => Promise<T>;
  /** `readStored` after an open room stored what it accepted (CollabServer.readAccepted). */
  readAccepted: <T>(docName: string, read: (doc: Y.Doc) => T) => Promise<T>;
  notify: Pick<Notifier, "version">;
  logger: Logger;
  /** Quiet time after the last stored edit before an automatic version (V3). @default 300_000 */
  pauseMs?: number;
  /** Documents waiting for their pause at once (V5). @default 10_000 */
  maxPendingTimers?: number;
  /** Versions kept per recommendation (V6). @default 500 */
  maxPerRecommendation?: number;
  /** Held around each automatic save of a document (V4). @default LocalLeases */
  leases?: Leases;
  /**
   * Issue 20: a due automatic save waits while this is busy (the event loop is saturated), asking
   * again every 250 ms, at most `maxDeferMs` past its pause. @default never busy
   */
  load?: Busy;
  /** Longest a due save waits for the load to pass (DEFER_MAX_MS). @default 10_000 */
  maxDeferMs?: number;
}

/** A document edited since its last automatic check: who edited, and when last. */
interface PendingPause {
  timer: NodeJS.Timeout;
  lastAt: number;
  authorIds: Set<string>;
}

/**
 * Versions of a recommendation's body (issue 18).
 *
 *  V1. A version holds the body itself (ProseMirror JSON of the shared schema, read with
 *      BodyReader from the document as stored): compacting the update log never changes it.
 *  V2. Transitions, named versions and restores snapshot the body after the room stored every
 *      update it accepted (readAccepted): what the person saw when they clicked is in it.
 *  V3. An automatic version ("Edited") is saved `pauseMs` after a document's last stored edit,
 *      naming everyone whose edits were stored since the last version this process saved of it
 *      (at most MAX_VERSION_AUTHORS) — unless its body hashes the same as the newest version's:
 *      never a duplicate.
 *  V4. With several processes, each one times the edits it stored; an automatic save holds the
 *      document's lease, so two never save at once, and the hash check (V3) makes the second a
 *      no-op. One that finds the lease held tries again after another pause.
 *  V5. At most `maxPendingTimers` documents wait for their pause; past it the one waiting
 *      longest is saved at once (early, never lost) to make room.
 *  V6. A recommendation keeps at most `maxPerRecommendation` versions (the store prunes).
 *  V7. `close()` drops the pauses not yet over (their edits are stored; the next edit after a
 *      restart times a new pause, whose version holds them) and waits for saves under way.
 */
export class Versions {
  private readonly pending = new Map<string, PendingPause>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly reader = new BodyReader();
  private readonly pauseMs: number;
  /** Saves put off for the load, since this was made. */
  deferrals = 0;
  private readonly maxPendingTimers: number;
  private readonly maxPerRecommendation: number;
  private readonly leases: Leases;
  private closed = false;

  constructor(private readonly options: VersionsOptions) {
    this.pauseMs = options.pauseMs ?? 300_000;
    this.maxPendingTimers = options.maxPendingTimers ?? 10_000;
    this.maxPerRecommendation = options.maxPerRecommendation ?? 500;
    this.leases = options.leases ?? new LocalLeases();
  }

  /** V2: a transition's, named or restore version, announced to the recommendation's room. */
  async save(recommendation: Recommendation, label: VersionLabel): Promise<StoredVersion> {
    const body = await this.options.readAccepted(recommendation.id, (doc) => this.bodyOf(doc));
    // The edits so far are in this version: an automatic one names only those after it.
    this.pending.get(recommendation.id)?.authorIds.clear();
    return this.store(recommendation, { ...label, authorIds: [...label.authorIds] }, body);
  }

  /** Called for every stored batch of a document (CollabServer's onDocumentChanged): it notes who and when. V3, V5. */
  edited(docName: string, authorIds: readonly string[]): void {
    if (this.closed) return;
    const now = Date.now();
    let pause = this.pending.get(docName);
    if (!pause) {
      if (this.pending.size >= this.maxPendingTimers) this.saveLongestWaitingNow();
      pause = { timer: this.arm(docName, this.pauseMs), lastAt: now, authorIds: new Set() };
      this.pending.set(docName, pause);
    }
    pause.lastAt = now;
    for (const id of authorIds) if (pause.authorIds.size < MAX_VERSION_AUTHORS) pause.authorIds.add(id);
  }

  /** How many documents wait for their pause (V5's bound). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Resolves once the automatic saves under way now have finished (or found nothing to save). */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  /** V7. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pause of this.pending.values()) clearTimeout(pause.timer);
    this.pending.clear();
    await Promise.all([...this.running]);
  }

  private arm(docName: string, delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.due(docName), delayMs);
    // A pause alone must not keep a process alive.
    timer.unref();
    return timer;
  }

  /** The timer fired: save, unless an edit came since (then wait out the rest of its pause). */
  private due(docName: string): void {
    const pause = this.pending.get(docName);
    if (!pause) return;
    const wait = pause.lastAt + this.pauseMs - Date.now();
    if (wait > 0) {
      pause.timer = this.arm(docName, wait);
      return;
    }
    // The loop is saturated: relays and sync answers first; the save waits, within its longest deferral.
    if (deferForLoad(this.options.load, -wait, this.options.maxDeferMs)) {
      this.deferrals++;
      pause.timer = this.arm(docName, DEFER_STEP_MS);
      return;
    }
    this.pending.delete(docName);
    this.track(this.saveAutomatic(docName, [...pause.authorIds]));
  }

  private saveLongestWaitingNow(): void {
    // Map order is insertion order: the first entry has waited longest.
    const [docName, pause] = this.pending.entries().next().value ?? [];
    if (docName === undefined || pause === undefined) return;
    clearTimeout(pause.timer);
    this.pending.delete(docName);
    this.track(this.saveAutomatic(docName, [...pause.authorIds]));
  }

  private track(work: Promise<unknown>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  /** V3, V4. Never rejects: a failure is logged (the next edit times a new pause). */
  private async saveAutomatic(docName: string, authorIds: string[]): Promise<void> {
    try {
      const outcome = await this.leases.run(leaseName.versions(docName), async () => {
        const recommendation = await this.options.store.getRecommendation(docName);
        if (!recommendation) return; // deleted meanwhile
        const body = await this.options.readStored(docName, (doc) => this.bodyOf(doc));
        const latest = await this.options.store.latestVersion(docName);
        if (latest?.bodyHash === bodyHashOf(body)) return;
        await this.store(recommendation, { kind: "auto", name: AUTO_VERSION_NAME, authorIds }, body);
      });
      if (!outcome.ran && !this.closed) {
        // Another process saves now (or Redis is away): once more after a pause, with these authors.
        this.edited(docName, authorIds);
      }
    } catch (error) {
      this.options.logger.error({ err: error, docName }, "saving an automatic version failed");
    }
  }

  private async store(
    recommendation: Recommendation,
    label: { kind: VersionKind; name: string; authorIds: string[]; restoredFrom?: string | null },
    body: string,
  ): Promise<StoredVersion> {
    const version = await this.options.store.createVersion(
      {
        briefId: recommendation.briefId,
        recommendationId: recommendation.id,
        kind: label.kind,
        name: label.name,
        authorIds: label.authorIds,
        status: recommendation.status,
        restoredFrom: label.restoredFrom ?? null,
        body,
        bodyHash: bodyHashOf(body),
      },
      this.maxPerRecommendation,
    );
    this.options.notify.version({
      type: "version.created",
      briefId: version.briefId,
      recommendationId: version.recommendationId,
      version: presentVersionSummary(version),
    });
    return version;
  }

  private bodyOf(doc: Y.Doc): string {
    return JSON.stringify(this.reader.read(doc).toJSON());
  }
}
