import type { Busy } from "../load/LoadGauge.js";
import { type BodyBlock, type ClaimFinding, type ClaimKey, findingId, inconsistencies } from "@accord/claims";
import { BodyReader } from "@accord/editor";
import type { ClaimCounts, ClaimsEvent } from "@accord/protocol";
import { ServerEvent } from "@accord/protocol";
import type * as Y from "yjs";
import { type Leases, LocalLeases, leaseName, runLeasedUntil } from "../cluster/Leases.js";
import { Debouncer } from "../documents/Debouncer.js";
import type { Logger } from "../logger.js";
import { emptyClaimCounts, type StoredClaimCheck, type StoredClaimIgnore } from "../store/claims.js";
import type { Store } from "../store/Store.js";
import type { WorkerPool } from "../workers/WorkerPool.js";
import { bodyBlocks } from "./bodyBlocks.js";
import type { ClaimCheckAnswer, ClaimCheckRequest } from "./claimWorker.js";
import { MAX_WATCHED_REMOTE_CHANGES, type RemoteChangeCounts, RemoteChanges } from "./RemoteChanges.js";

export interface ClaimTrackerOptions {
  store: Store;
  /** Issue 20: while the event loop is saturated, a due recomputation waits (Debouncer `load`). @default never busy */
  load?: Busy;
  /** Longest it waits for the load to pass past its deadline (DEFER_MAX_MS). @default 10_000 */
  maxDeferMs?: number;
  /** Applies `read` to the document as stored (CollabServer.readStored); `read` keeps nothing. */
  readStored: <T>(docName: string, read: (doc: Y.Doc) => T) => Promise<T>;
  /** Announces a changed check to the brief's room (EventHub.claims). */
  notify: { claims(event: ClaimsEvent): void };
  logger: Logger;
  /** The worker threads that check bodies and keep the briefs' report indexes (claimWorker.ts). */
  workers: WorkerPool<ClaimCheckRequest, ClaimCheckAnswer>;
  /** Quiet time after the last stored change before the body is checked (CLAIM_CHECK_DEBOUNCE_MS). @default 300 */
  debounceMs?: number;
  /** Longest a change waits while changes keep coming (CLAIM_CHECK_MAX_WAIT_MS). @default 1000 */
  maxWaitMs?: number;
  /** Briefs whose report index is kept, least recently used out first (MAX_CACHED_REPORT_INDEXES). @default 20 */
  maxCachedReportIndexes?: number;
  /** Passages of a brief's reports read into its index; the rest are not offered (MAX_REPORT_INDEX_PASSAGES). @default 50_000 */
  maxReportIndexPassages?: number;
  /** Held around each brief's checks (`accord:lease:claims:<brief>`), so that processes take turns. @default LocalLeases */
  leases?: Leases;
  /** How long a check that must run (approval, flush) waits for another process's lease. @default 10_000 */
  maxLeaseWaitMs?: number;
  /** How long `leases` outlive a holder that died (the server's leaseTtlMs, RedisLeases' default): part of K6's grace. @default 30_000 */
  leaseTtlMs?: number;
  /** Recommendations whose changes stored by other processes are watched at once (K6, MAX_WATCHED_REMOTE_CHANGES). @default 10_000 */
  maxWatchedRemoteChanges?: number;
}

/** What a measured check took, for the logs and the bench (ms). */
export interface CheckTiming {
  /** Reading the stored body into blocks, on the event loop. */
  readMs: number;
  /** checkClaims and claimKeys, on the worker. */
  checkMs: number;
  /** Building the brief's report index, on the worker; null when it was kept from before. */
  indexMs: number | null;
}

/**
 * Keeps each recommendation's claim check (issue 19) equal to its stored body: the figures its
 * text states against the passages its sentences cite, and across the brief's recommendations.
 *
 *  K1. A burst of stored changes to one body is one check, `debounceMs` after the last — or
 *      `maxWaitMs` after the first while changes keep coming (CitationTracker's C1), so the
 *      findings follow a pause in typing within about `debounceMs` plus the check itself.
 *  K2. A brief's checks run one at a time, in order, and hold the brief's lease (several
 *      processes take turns): a check rewrites the brief-wide `inconsistent` findings of other
 *      recommendations, and an ignore rewrites counts; one at a time, none is lost.
 *  K3. A check stores the findings, the body's figure keys (for the brief-wide pass) and the open
 *      counts (ignored findings left out), and announces `claims.updated` to the brief's room
 *      for each recommendation whose findings or counts changed.
 *  K4. The check itself runs on a worker thread (claimWorker.ts: ~22 ms for a 5,000-word body
 *      with 60 citations read afresh, ~4 ms after an edit with the brief's ClaimMemo; building a 3,000-passage report index ~0.5 s, both too long for
 *      the event loop that relays keystrokes); only the body's walk (≤ 1 ms) runs here. The
 *      brief's report index (figures of every passage of its reports, for "unsupported") is
 *      built there once and kept for at most `maxCachedReportIndexes` briefs, least recently
 *      used out first. It is keyed by the brief's list of reports, so an index built before a
 *      report was imported or deleted (on any process) is never used; `reportsChanged` checks
 *      the brief's recommendations again.
 *  K5. `close()` runs every pending check before it resolves; a killed process loses at most
 *      those. Each is checked again by another process that holds the document open (K6), or
 *      else when the document is next opened or edited (server.ts); GET …/claims schedules a
 *      check only for a body never checked (the store keeps no time of a body's last change).
 *  K6. A change another process stored is that process's to check (each process checks the
 *      edits it stored). This one watches it (`remoteChange`, RemoteChanges R1–R3): if no check
 *      is stored within `maxWaitMs` plus the lease's life after the last change heard, its
 *      process died first, and this one checks the body (the brief's lease still takes turns).
 *      In the normal case no other process checks the edit again: one store read per document
 *      watched within a tick of each change heard, and one after the grace.
 *  K7. A check whose body states the same quantities as its last (same keys and figures, in
 *      order) stores its own findings with its stored `inconsistent` ones, placed anew, and skips
 *      the brief-wide pass: no other recommendation's findings can change (storedAsBefore).
 *  K8. So does a check whose body states no quantity, as at its last check or never checked
 *      before: a recommendation without keys takes part in no inconsistency, its own or another's.
 *      (Issue 20's bench: a brief of 1,000 recommendations read 1,000 rows for each first check,
 *      and deferred first checks fell in the measured time.)
 */
export class ClaimTracker {
  /** Recommendations with stored changes not yet checked (K1). */
  private readonly pending: Debouncer;
  /** Changes other processes stored, until their check shows in the store (K6). */
  private readonly remote: RemoteChanges;
  /** Each brief's chain of checks (K2). */
  private readonly chains = new Map<string, Promise<void>>();
  /** Report indexes the worker held after the last check (K4). */
  private workerIndexes = 0;
  private closing: Promise<void> | null = null;
  private readonly reader = new BodyReader();
  private readonly maxCachedReportIndexes: number;
  private readonly maxReportIndexPassages: number;
  private readonly leases: Leases;
  private readonly maxLeaseWaitMs: number;
  /** The last check's timing, for the bench and tests. */
  lastTiming: CheckTiming | null = null;

  constructor(private readonly options: ClaimTrackerOptions) {
    this.pending = new Debouncer({
      debounceMs: options.debounceMs ?? 300,
      maxWaitMs: options.maxWaitMs ?? 1_000,
      // A pending check alone does not keep a process alive; close() runs it anyway.
      due: (docName) => void this.checkDocument(docName, "reschedule"),
      load: options.load,
      maxDeferMs: options.maxDeferMs,
    });
    this.maxCachedReportIndexes = options.maxCachedReportIndexes ?? 20;
    this.maxReportIndexPassages = options.maxReportIndexPassages ?? 50_000;
    this.leases = options.leases ?? new LocalLeases();
    this.maxLeaseWaitMs = options.maxLeaseWaitMs ?? 10_000;
    const debounceMs = options.debounceMs ?? 300;
    this.remote = new RemoteChanges({
      mark: async (docName) => (await options.store.getClaimCheck(docName))?.checkedAt ?? null,
      unchecked: (docName) => this.checkUnchecked(docName),
      graceMs: (options.maxWaitMs ?? 1_000) + (options.leaseTtlMs ?? 30_000),
      tickMs: Math.max(1, Math.floor(debounceMs / 2)),
      maxWatched: options.maxWatchedRemoteChanges ?? MAX_WATCHED_REMOTE_CHANGES,
      logger: options.logger,
    });
  }

  /** Report indexes the worker held after the last check (K4). */
  get cachedReportIndexes(): number {
    return this.workerIndexes;
  }

  /** Called for every stored change of a body (CollabServer's onDocumentChanged): only notes the time (K1). */
  schedule(docName: string): void {
    if (this.closing) return;
    // The check follows the pause within a second (issue 19): a worker that loads only when the
    // check is due would spend that second loading, so the first edit (or open) starts it.
    this.options.workers.warm();
    this.pending.schedule(docName);
  }

  /** Another process stored a change of the document (its onRemoteChange): watched, not checked (K6). */
  remoteChange(docName: string): void {
    if (this.closing) return;
    this.remote.heard(docName);
  }

  /** What the watch of other processes' changes has done (K6), for the logs and tests. */
  get remoteChanges(): RemoteChangeCounts {
    return this.remote.counts;
  }

  /** Runs every pending check now and waits for every check under way. */
  async flush(): Promise<void> {
    for (const docName of this.pending.takeAll()) void this.checkDocument(docName, "wait");
    await Promise.all(this.chains.values());
  }

  /** K5. Idempotent. */
  close(): Promise<void> {
    // A change another process stored is that process's to check (K6).
    this.remote.close();
    this.closing ??= this.flush();
    return this.closing;
  }

  /**
   * Checks the recommendation's body now (a pending check of it is this one) and answers the
   * stored check: approval reads its open mismatches from it.
   */
  async checkNow(recommendationId: string): Promise<StoredClaimCheck | null> {
    this.pending.cancel(recommendationId);
    await this.checkDocument(recommendationId, "wait");
    return this.options.store.getClaimCheck(recommendationId);
  }

  /**
   * Counts the recommendation's open findings again after an ignore or un-ignore (in the brief's
   * turn, K2) and answers the stored check.
   */
  async recount(briefId: string, recommendationId: string): Promise<StoredClaimCheck | null> {
    await this.inTurn(briefId, "wait", async () => {
      const { store } = this.options;
      const check = await store.getClaimCheck(recommendationId);
      if (!check) return;
      await this.storeCheck(check, check.findings, check.keys, await store.listClaimIgnores(recommendationId));
    });
    return this.options.store.getClaimCheck(recommendationId);
  }

  /** A recommendation of the brief was deleted: the others' `inconsistent` findings are worked out again without it. */
  recommendationDeleted(briefId: string, recommendationId: string): void {
    this.pending.cancel(recommendationId);
    void this.inTurn(briefId, "wait", () => this.briefPass(briefId, null));
  }

  /** A report of the brief was imported, changed or deleted (K4): its index goes, and its recommendations are checked again. */
  async reportsChanged(briefId: string): Promise<void> {
    const recommendations = await this.options.store.listRecommendations(briefId);
    for (const recommendation of recommendations) this.schedule(recommendation.id);
  }

  /** K6: no check was stored after another process's change; checked here now, a pending one of ours with it. */
  private checkUnchecked(docName: string): void {
    if (this.closing) return;
    this.options.logger.info({ docName }, "checking figures another process stored and never checked");
    this.options.workers.warm();
    this.pending.cancel(docName);
    void this.checkDocument(docName, "reschedule");
  }

  /** Never rejects. */
  private async checkDocument(docName: string, busy: "reschedule" | "wait"): Promise<void> {
    try {
      const recommendation = await this.options.store.getRecommendation(docName);
      if (!recommendation) return;
      const ran = await this.inTurn(recommendation.briefId, busy, () => this.check(docName));
      // The lease was held elsewhere: once more after the debounce (the holder may have read an older body).
      if (!ran && busy === "reschedule" && !this.closing) this.schedule(docName);
    } catch (error) {
      this.options.logger.error({ err: error, docName }, "checking figures failed");
    }
  }

  /**
   * Runs `work` after the brief's previous work, holding the brief's lease (K2). Answers false
   * when the lease stayed held elsewhere (at once for "reschedule", after `maxLeaseWaitMs` for "wait").
   */
  private inTurn(briefId: string, busy: "reschedule" | "wait", work: () => Promise<void>): Promise<boolean> {
    const previous = this.chains.get(briefId) ?? Promise.resolve();
    const next = previous.then(() => this.leased(briefId, busy, work));
    const settled = next.then(
      () => undefined,
      (error: unknown) => this.options.logger.error({ err: error, briefId }, "checking figures failed"),
    );
    this.chains.set(briefId, settled);
    void settled.then(() => {
      if (this.chains.get(briefId) === settled) this.chains.delete(briefId);
    });
    return next;
  }

  private async leased(briefId: string, busy: "reschedule" | "wait", work: () => Promise<void>): Promise<boolean> {
    const outcome = await runLeasedUntil(this.leases, leaseName.claims(briefId), work, {
      maxWaitMs: this.maxLeaseWaitMs,
      giveUp: () => busy === "reschedule",
    });
    if (outcome === "timedOut") {
      this.options.logger.warn(
        { briefId, waitedMs: this.maxLeaseWaitMs },
        "figures not checked: another process held the brief's lease; left to the next edit",
      );
    }
    return outcome === "ran";
  }

  /** One recommendation's check, then the brief-wide pass with its new keys. */
  private async check(recommendationId: string): Promise<void> {
    const { store } = this.options;
    const recommendation = await store.getRecommendation(recommendationId);
    if (!recommendation) return;
    const { briefId } = recommendation;
    const readStart = performance.now();
    const body = await this.options.readStored(recommendationId, (doc) => bodyBlocks(this.reader, doc));
    const readMs = performance.now() - readStart;
    const [cited, reports] = await Promise.all([this.citedPassages(briefId, body), store.listReports(briefId)]);
    const request: ClaimCheckRequest = {
      type: "check",
      briefId,
      reportSignature: reports.length === 0 ? null : reports.map((report) => report.id).join(","),
      maxCachedIndexes: this.maxCachedReportIndexes,
      body,
      passages: [...cited.passages],
      citationEvidence: [...cited.citationEvidence],
    };
    const answer = await this.options.workers.run(async (ask) => {
      const first = await ask(request);
      if (first.type !== "needIndex") return first;
      // This worker has no index of these reports (a new set, a fresh worker): built from their passages.
      return ask({ ...request, reportPassages: await this.reportPassages(reports.map((report) => report.id)) });
    });
    if (answer.type !== "checked") throw new Error(`the claim check worker answered ${answer.type}`);
    this.workerIndexes = answer.cachedIndexes;
    this.lastTiming = { readMs, checkMs: answer.checkMs, indexMs: answer.indexMs };
    if (await this.storedAsBefore(recommendationId, briefId, answer.findings, answer.keys)) return;
    await this.briefPass(briefId, { recommendationId, findings: answer.findings, keys: answer.keys });
  }

  /**
   * K7. A body whose figures state the same quantities as at its last check (the same keys and
   * figures in the same order: typing words, or moving text, which is most edits) cannot change
   * any recommendation's `inconsistent` findings: its own are the stored ones, placed where its
   * figures stand now, and nothing else of the brief is read. The brief-wide pass reads every
   * check of the brief; with this, a brief of 1,000 recommendations does not read 1,000 rows for
   * each keystroke's check (issue 20's bench: the claim tracker was a fifth of the event loop).
   * K8: nor can a body with no quantity, now or before (or never checked). Answers whether it
   * stored the check.
   */
  private async storedAsBefore(
    recommendationId: string,
    briefId: string,
    findings: ClaimFinding[],
    keys: ClaimKey[],
  ): Promise<boolean> {
    const { store } = this.options;
    const previous = await store.getClaimCheck(recommendationId);
    // K8: no quantity now nor before.
    if (keys.length === 0 && (previous?.keys.length ?? 0) === 0) {
      const ignores = await store.listClaimIgnores(recommendationId);
      await this.storeCheck(previous ?? { recommendationId, briefId }, findings, keys, ignores);
      return true;
    }
    if (!previous || !sameQuantities(previous.keys, keys)) return false;
    const placed = new Map(inconsistentIds(keys).map((id, i) => [id, keys[i]!]));
    const inconsistent: ClaimFinding[] = [];
    for (const finding of previous.findings) {
      if (finding.kind !== "inconsistent") continue;
      const key = placed.get(finding.id);
      if (!key) return false;
      inconsistent.push({ ...finding, at: key.at, sentence: key.sentence });
    }
    const ignores = await store.listClaimIgnores(recommendationId);
    await this.storeCheck(previous, [...findings, ...inconsistent], keys, ignores);
    return true;
  }

  /**
   * The brief-wide pass (K2, K3): `inconsistent` findings of every recommendation of the brief
   * from the stored keys (with `changed`'s new ones), then each check whose findings or counts
   * changed is stored and announced.
   */
  private async briefPass(
    briefId: string,
    changed: { recommendationId: string; findings: ClaimFinding[]; keys: ClaimKey[] } | null,
  ): Promise<void> {
    const { store } = this.options;
    const stored = new Map((await store.listClaimChecks(briefId)).map((check) => [check.recommendationId, check]));
    const keys = new Map<string, ClaimKey[]>();
    for (const [id, check] of stored) keys.set(id, check.keys);
    if (changed) keys.set(changed.recommendationId, changed.keys);
    const across = inconsistencies(keys);

    const ids = new Set([...stored.keys(), ...(changed ? [changed.recommendationId] : [])]);
    for (const id of ids) {
      const previous = stored.get(id) ?? null;
      const own =
        changed?.recommendationId === id
          ? changed.findings
          : (previous?.findings ?? []).filter((finding) => finding.kind !== "inconsistent");
      const findings = [...own, ...(across.get(id) ?? [])];
      const ownKeys = changed?.recommendationId === id ? changed.keys : (previous?.keys ?? []);
      if (previous && changed?.recommendationId !== id && sameJson(previous.findings, findings)) continue;
      const ignores = await store.listClaimIgnores(id);
      await this.storeCheck(previous ?? { recommendationId: id, briefId }, findings, ownKeys, ignores);
    }
  }

  /** Stores the check with its open counts and announces it when its findings or counts changed (K3). */
  private async storeCheck(
    previous: Pick<StoredClaimCheck, "recommendationId" | "briefId"> & Partial<StoredClaimCheck>,
    findings: ClaimFinding[],
    keys: ClaimKey[],
    ignores: readonly StoredClaimIgnore[],
  ): Promise<void> {
    const counts = openCounts(findings, ignores);
    const changed =
      previous.findings === undefined || !sameJson(previous.findings, findings) || !sameJson(previous.counts, counts);
    const stored = await this.options.store.putClaimCheck({
      recommendationId: previous.recommendationId,
      briefId: previous.briefId,
      findings,
      keys,
      counts,
    });
    if (!stored || !changed) return;
    this.options.notify.claims({
      type: ServerEvent.ClaimsUpdated,
      briefId: stored.briefId,
      recommendationId: stored.recommendationId,
      counts,
    });
  }

  /** The passages the body cites, by evidence id, and the evidence of each citation it names by id. */
  private async citedPassages(
    briefId: string,
    body: readonly BodyBlock[],
  ): Promise<{ passages: Map<string, string>; citationEvidence: Map<string, string> }> {
    const evidenceIds = new Set<string>();
    const citationIds = new Set<string>();
    for (const block of body) {
      for (const inline of block) {
        if (!("cite" in inline)) continue;
        if (inline.cite.evidenceId !== null) evidenceIds.add(inline.cite.evidenceId);
        if (inline.cite.citationId !== null) citationIds.add(inline.cite.citationId);
      }
    }
    const { store } = this.options;
    const citationEvidence = new Map<string, string>();
    if (citationIds.size > 0) {
      for (const citation of await store.getCitations(briefId, [...citationIds])) {
        if (citation.evidenceId === null) continue;
        citationEvidence.set(citation.id, citation.evidenceId);
        evidenceIds.add(citation.evidenceId);
      }
    }
    const passages = new Map<string, string>();
    if (evidenceIds.size > 0) {
      for (const record of await store.getEvidence(briefId, [...evidenceIds])) passages.set(record.id, record.text);
    }
    return { passages, citationEvidence };
  }

  /** The passages of these reports, in reading order, at most `maxReportIndexPassages` (K4). */
  private async reportPassages(reportIds: readonly string[]): Promise<Array<{ evidenceId: string; text: string }>> {
    const passages: Array<{ evidenceId: string; text: string }> = [];
    for (const reportId of reportIds) {
      if (passages.length >= this.maxReportIndexPassages) break;
      const report = await this.options.store.getReport(reportId);
      for (const passage of report?.passages ?? []) {
        if (passages.length >= this.maxReportIndexPassages) break;
        passages.push({ evidenceId: passage.id, text: passage.text });
      }
    }
    return passages;
  }
}

/** Findings by kind, ignored ones left out. */
export function openCounts(findings: readonly ClaimFinding[], ignores: readonly StoredClaimIgnore[]): ClaimCounts {
  const ignored = new Set(ignores.map((ignore) => ignore.findingId));
  const counts = emptyClaimCounts();
  for (const finding of findings) if (!ignored.has(finding.id)) counts[finding.kind] += 1;
  return counts;
}

/** The same quantities in the same order: keys and figures alike, wherever they stand. */
function sameQuantities(a: readonly ClaimKey[], b: readonly ClaimKey[]): boolean {
  return a.length === b.length && a.every((key, i) => key.key === b[i]!.key && sameJson(key.figure, b[i]!.figure));
}

/** The id an `inconsistent` finding of each key would have (inconsistencies() numbers occurrences so). */
function inconsistentIds(keys: readonly ClaimKey[]): string[] {
  const occurrences = new Map<string, number>();
  return keys.map((key) => {
    const occurrence = occurrences.get(key.figure.raw) ?? 0;
    occurrences.set(key.figure.raw, occurrence + 1);
    return findingId("inconsistent", key.figure, [], occurrence);
  });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
