import { parentPort } from "node:worker_threads";
import {
  type BodyBlock,
  type ClaimFinding,
  type ClaimKey,
  checkClaims,
  claimKeys,
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
  /** Indexes kept at most (MAX_CACHED_REPORT_INDEXES), least recently used out first. */
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

/** Insertion order is use order: the first key is the least recently used. */
const indexes = new Map<string, { signature: string; index: ReportFigureIndex }>();

function indexFor(request: ClaimCheckRequest): { index: ReportFigureIndex | null; built: number | null } | null {
  const { briefId, reportSignature: signature } = request;
  if (signature === null) return { index: null, built: null };
  const cached = indexes.get(briefId);
  if (cached?.signature === signature) {
    indexes.delete(briefId);
    indexes.set(briefId, cached);
    return { index: cached.index, built: null };
  }
  if (!request.reportPassages) return null;
  const start = performance.now();
  const index = ReportFigureIndex.build(request.reportPassages);
  const built = performance.now() - start;
  indexes.delete(briefId);
  indexes.set(briefId, { signature, index });
  while (indexes.size > request.maxCachedIndexes) {
    const oldest = indexes.keys().next();
    if (oldest.done) break;
    indexes.delete(oldest.value);
  }
  return { index, built };
}

/**
 * The claim check of one body on a worker thread (issue 19): a 5,000-word body takes tens of
 * milliseconds to check and a large report's index hundreds to build, which would otherwise
 * stall the event loop that relays everyone's keystrokes. The index of each brief's reports
 * stays here, bounded, for the next check.
 */
const port = parentPort!;
port.on("message", (request: ClaimCheckRequest) => {
  let answer: ClaimCheckAnswer;
  try {
    const found = indexFor(request);
    if (found === null) answer = { type: "needIndex" };
    else {
      const passages = new Map(request.passages);
      const citationEvidence = new Map(request.citationEvidence);
      const start = performance.now();
      const findings = checkClaims({
        body: request.body,
        passage: (evidenceId) => {
          const text = passages.get(evidenceId);
          return text === undefined ? null : { evidenceId, text };
        },
        citationEvidence: (citationId) => citationEvidence.get(citationId) ?? null,
        report: found.index,
      });
      const keys = claimKeys(request.body);
      answer = {
        type: "checked",
        findings,
        keys,
        checkMs: performance.now() - start,
        indexMs: found.built,
        cachedIndexes: indexes.size,
      };
    }
  } catch (error) {
    answer = { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(answer);
});
port.postMessage({ type: "ready" } satisfies ClaimCheckAnswer);
