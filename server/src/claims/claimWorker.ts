import { parentPort } from "node:worker_threads";
import {
  type BodyBlock,
  bodyFigures,
  ClaimMemo,
  type ClaimFinding,
  type ClaimKey,
  checkClaims,
  claimKeys,
  MAX_CHECKED_FIGURES,
  ReportFigureIndex,
} from "@accord/claims";

/** Check this body (ClaimTracker): its cited passages are given; the brief's report index is the worker's to keep. */
export interface ClaimCheckRequest {
  type: "check";
  briefId: string;
  /** The brief's reports (their ids): another set is another index. null: the brief has none. */
  reportSignature: string | null;
  /** The reports' passages, sent only after the worker answered `needIndex`. */
  reportPassages?: Array<{ evidenceId: string; text: string }>;
  /** Briefs whose index and memo are kept at most (MAX_CACHED_REPORT_INDEXES), least recently used out first. */
  maxCachedIndexes: number;
  body: BodyBlock[];
  /** Cited passages' texts, by evidence id. */
  passages: Array<[string, string]>;
  /** Evidence ids of the citations the body names by id only. */
  citationEvidence: Array<[string, string]>;
}

export type ClaimCheckAnswer =
  | { type: "ready" }
  /** The worker holds no index for this brief's reports: ask again with `reportPassages`. */
  | { type: "needIndex" }
  | {
      type: "checked";
      findings: ClaimFinding[];
      keys: ClaimKey[];
      /** checkClaims and claimKeys, on this thread (ms); and building the index, when it was built. */
      checkMs: number;
      indexMs: number | null;
      cachedIndexes: number;
    }
  | { type: "error"; message: string };

/**
 * Per brief: its reports' index, and the memo of what its checks read (ClaimMemo, bounded by
 * MAX_MEMO_CHARS), which belongs to that index. Insertion order is use order: the first key is
 * the least recently used.
 */
const briefs = new Map<string, { signature: string | null; index: ReportFigureIndex | null; memo: ClaimMemo }>();

function briefFor(
  request: ClaimCheckRequest,
): { index: ReportFigureIndex | null; memo: ClaimMemo; built: number | null } | null {
  const { briefId, reportSignature: signature } = request;
  const cached = briefs.get(briefId);
  if (cached !== undefined && cached.signature === signature) {
    briefs.delete(briefId);
    briefs.set(briefId, cached);
    return { ...cached, built: null };
  }
  let index: ReportFigureIndex | null = null;
  let built: number | null = null;
  if (signature !== null) {
    if (!request.reportPassages) return null;
    const start = performance.now();
    index = ReportFigureIndex.build(request.reportPassages);
    built = performance.now() - start;
  }
  const entry = { signature, index, memo: new ClaimMemo(index) };
  briefs.delete(briefId);
  briefs.set(briefId, entry);
  while (briefs.size > request.maxCachedIndexes) {
    const oldest = briefs.keys().next();
    if (oldest.done) break;
    briefs.delete(oldest.value);
  }
  return { ...entry, built };
}

/**
 * The claim check of one body on a worker thread (issue 19): a 5,000-word body takes tens of
 * milliseconds to check and a large report's index hundreds to build, which would otherwise
 * stall the event loop that relays everyone's keystrokes. The index of each brief's reports
 * stays here, bounded, for the next check, with what the brief's checks read (ClaimMemo): a check
 * after typing reads again only the sentences that changed (the claims bench, 5,000 words: a
 * first check p50 22 ms, a check after an edit p50 3.5 ms, p99 16 ms).
 */
const port = parentPort!;
port.on("message", (request: ClaimCheckRequest) => {
  let answer: ClaimCheckAnswer;
  try {
    const found = briefFor(request);
    if (found === null) answer = { type: "needIndex" };
    else {
      const passages = new Map(request.passages);
      const citationEvidence = new Map(request.citationEvidence);
      const start = performance.now();
      const figures = bodyFigures(request.body, MAX_CHECKED_FIGURES, found.memo);
      const findings = checkClaims({
        body: request.body,
        passage: (evidenceId) => {
          const text = passages.get(evidenceId);
          return text === undefined ? null : { evidenceId, text };
        },
        citationEvidence: (citationId) => citationEvidence.get(citationId) ?? null,
        report: found.index,
        figures,
        memo: found.memo,
      });
      const keys = claimKeys(request.body, figures);
      answer = {
        type: "checked",
        findings,
        keys,
        checkMs: performance.now() - start,
        indexMs: found.built,
        cachedIndexes: [...briefs.values()].filter((brief) => brief.index !== null).length,
      };
    }
  } catch (error) {
    answer = { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ type: "ready" } satisfies ClaimCheckAnswer);
