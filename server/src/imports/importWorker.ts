import {
  checkReportParts,
  ImportError,
  importMarkdown,
  importReport,
  importText,
  type ImportedReport,
  type PdfJs,
} from "@accord/evidence";
import type { ImportAnswer, ImportRequest, WorkerMemory, WorkerRequest } from "./messages.js";

export interface ImportWorkerOptions {
  /** pdf.js, loaded natively by the worker's bootstrap (ImportPool). */
  pdfjs: PdfJs;
  /** How a request is read. @default the report importers of `@accord/evidence` */
  read?: (request: ImportRequest) => Promise<ImportedReport>;
}

/**
 * The import worker's program (ImportPool starts it): reads one report at a time, off the
 * server's event loop. Whatever it throws is answered, never left to kill the thread: a
 * refusal (ImportError) with its kind, anything else as a failure the pool reports as a file
 * it could not read. Every answer says how much memory the worker holds, so that the pool can
 * replace one that keeps what it read (ImportPool's R1, R2).
 */
export function runImportWorker({ pdfjs, read = (request) => readReport(request, pdfjs) }: ImportWorkerOptions): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error("importWorker.ts runs as a child process with an IPC channel (see ImportPool)");
  // Exposed by the pool's `--expose-gc`: only a full collection tells garbage from what a worker retains.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error("importWorker.ts needs node's --expose-gc (see ImportPool)");
  const answer = (message: ImportAnswer) => void send(message);

  process.on("message", (request: WorkerRequest) => {
    if (request.type === "collect") {
      collect();
      answer({ type: "collected", ...memory() });
      return;
    }
    void read(request).then(
      (report) => answer({ type: "done", id: request.id, report, ...memory() }),
      (error: unknown) =>
        answer(
          error instanceof ImportError
            ? { type: "refused", id: request.id, kind: error.kind, message: error.message, ...memory() }
            : {
                type: "failed",
                id: request.id,
                message: error instanceof Error ? error.message : String(error),
                ...memory(),
              },
        ),
    );
  });
  collect();
  answer({ type: "ready", ...memory() });
}

function readReport({ job, limits }: ImportRequest, pdfjs: PdfJs): Promise<ImportedReport> {
  if (job.kind === "file") return importReport({ filename: job.filename, bytes: job.bytes, limits, pdfjs });
  const report =
    job.format === "markdown" ? importMarkdown(job.content, job.title) : importText(job.content, job.title);
  checkReportParts(report, limits);
  return Promise.resolve(report);
}

/** Cheap to read (no collection): between collections `heapBytes` counts garbage too. */
function memory(): WorkerMemory {
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapBytes: heapUsed + external, rssBytes: rss };
}
