import type { ImportedReport, ImportErrorKind, ImportLimits } from "@accord/evidence";

/** What one import asks of a worker: a file's bytes, or a JSON body's text. */
export type ImportJob =
  | { kind: "file"; filename: string; bytes: Uint8Array }
  | { kind: "content"; title: string; format: "text" | "markdown"; content: string };

/** Main thread → worker. */
export interface ImportRequest {
  id: number;
  job: ImportJob;
  limits: ImportLimits;
}

/**
 * Worker → main thread: once when it can take requests, then one answer per request. Each
 * carries the worker's V8 heap size (`heapBytes`), so the pool can tell a worker that grew.
 */
export type ImportAnswer = { heapBytes: number } & (
  | { type: "ready" }
  | { type: "done"; id: number; report: ImportedReport }
  | { type: "refused"; id: number; kind: ImportErrorKind; message: string }
  | { type: "failed"; id: number; message: string }
);
