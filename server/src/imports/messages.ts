import type { ImportedReport, ImportErrorKind, ImportLimits } from "@accord/evidence";

/** What one import asks of a worker: a file's bytes, or a JSON body's text. */
export type ImportJob =
  | { kind: "file"; filename: string; bytes: Uint8Array }
  | { kind: "content"; title: string; format: "text" | "markdown"; content: string };

/** Main thread → worker: read a report. */
export interface ImportRequest {
  type: "import";
  id: number;
  job: ImportJob;
  limits: ImportLimits;
}

/** Main thread → worker: collect garbage fully and say what survived (see ImportPool's R1). */
export interface CollectRequest {
  type: "collect";
}

export type WorkerRequest = ImportRequest | CollectRequest;

/**
 * What a worker's memory was when it answered. `heapBytes`: V8's used heap plus the memory
 * outside it that JavaScript objects hold (array buffers); after a full collection ("ready",
 * "collected") that is what the worker retains, otherwise an upper bound of it. `rssBytes`:
 * the process's resident memory, garbage and pages V8 or malloc kept included.
 */
export interface WorkerMemory {
  heapBytes: number;
  rssBytes: number;
}

/** Worker → main thread: once when it can take requests, one answer per request. */
export type ImportAnswer = WorkerMemory &
  (
    | { type: "ready" }
    | { type: "collected" }
    | { type: "done"; id: number; report: ImportedReport }
    | { type: "refused"; id: number; kind: ImportErrorKind; message: string }
    | { type: "failed"; id: number; message: string }
  );
