import { getHeapStatistics } from "node:v8";
import {
  checkReportParts,
  ImportError,
  importMarkdown,
  importReport,
  importText,
  type ImportedReport,
  type PdfJs,
} from "@accord/evidence";
import type { ImportAnswer, ImportRequest } from "./messages.js";

/**
 * The import worker's program (ImportPool starts it): reads one report at a time, off the
 * server's event loop. Whatever it throws is answered, never left to kill the thread: a
 * refusal (ImportError) with its kind, anything else as a failure the pool reports as a file
 * it could not read. `pdfjs` comes loaded natively by the worker's bootstrap (ImportPool).
 */
export function runImportWorker({ pdfjs }: { pdfjs: PdfJs }): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error("importWorker.ts runs as a child process with an IPC channel (see ImportPool)");
  const port = { postMessage: (answer: ImportAnswer) => void send(answer), on: (event: "message", listener: (request: ImportRequest) => void) => process.on(event, listener) };

  const read = async ({ job, limits }: ImportRequest): Promise<ImportedReport> => {
    if (job.kind === "file") return importReport({ filename: job.filename, bytes: job.bytes, limits, pdfjs });
    const report = job.format === "markdown" ? importMarkdown(job.content, job.title) : importText(job.content, job.title);
    checkReportParts(report, limits);
    return report;
  };

  const heapBytes = () => getHeapStatistics().total_heap_size;
  port.on("message", (request: ImportRequest) => {
    void read(request).then(
      (report) => port.postMessage({ type: "done", id: request.id, report, heapBytes: heapBytes() } satisfies ImportAnswer),
      (error: unknown) => {
        const answer: ImportAnswer =
          error instanceof ImportError
            ? { type: "refused", id: request.id, kind: error.kind, message: error.message, heapBytes: heapBytes() }
            : { type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error), heapBytes: heapBytes() };
        port.postMessage(answer);
      },
    );
  });
  port.postMessage({ type: "ready", heapBytes: heapBytes() } satisfies ImportAnswer);
}
