import fs from "node:fs";
import path from "node:path";
import { DEFAULT_IMPORT_LIMITS } from "@accord/evidence";
import { ImportPool } from "../../server/src/imports/ImportPool.js";
import { createLogger } from "../../server/src/logger.js";

/**
 * Import time per page over the real CRS reports (issue 13's target: ≤ 50 ms a page), measured
 * where an upload is read: in the server's import worker (a child process that loads pdf.js
 * once). Every report is imported once unmeasured first, so that the worker has loaded pdf.js
 * and its hot code is compiled; then each report `runs` times, and its median counts.
 */
export const IMPORT_TARGET_MS_PER_PAGE = 50;

export const CRS_REPORTS = path.resolve(import.meta.dirname, "../../../shared/reports/crs");

export interface ImportBenchRow {
  report: string;
  pages: number;
  runsMs: number[];
  medianMs: number;
  msPerPage: number;
}

export interface ImportBenchResult {
  rows: ImportBenchRow[];
  runs: number;
  totalPages: number;
  /** The medians summed. */
  totalMs: number;
  msPerPage: number;
}

/** Null when the reports are not beside the clone (the caller says so). */
export async function runImportBench({ runs = 3 }: { runs?: number } = {}): Promise<ImportBenchResult | null> {
  const truthFile = path.join(CRS_REPORTS, "truth.json");
  if (!fs.existsSync(truthFile)) return null;
  const truths = JSON.parse(fs.readFileSync(truthFile, "utf8")) as { file: string; report: string }[];
  const files = truths.map((truth) => ({
    report: truth.report,
    filename: truth.file,
    bytes: new Uint8Array(fs.readFileSync(path.join(CRS_REPORTS, truth.file))),
  }));
  // The server's defaults for one import, with room for the slow first load of a fresh worker.
  const pool = new ImportPool({
    size: 1,
    timeoutMs: 120_000,
    maxHeapMb: 512,
    maxQueued: 100,
    limits: DEFAULT_IMPORT_LIMITS,
    logger: createLogger("warn"),
  });
  try {
    const read = async (file: (typeof files)[number]) => {
      const started = performance.now();
      const report = await pool.read({ kind: "file", filename: file.filename, bytes: file.bytes });
      return { pages: report.pageCount, ms: performance.now() - started };
    };
    // The pool replaces a worker that holds on to memory after an import (ImportPool's R1, R2),
    // which none of these reports should make it do; if one does, its successor starts in the
    // background, and a tiny read waits for it, so that a measured import is not charged a
    // worker's start (an upload arriving later would not be) — though it is still charged the
    // new worker's cold, unoptimised code.
    const ready = () =>
      pool.read({ kind: "file", filename: "ready.md", bytes: new TextEncoder().encode("# Ready\n\nText.") });
    for (const file of files) await read(file);
    const rows: ImportBenchRow[] = [];
    for (const file of files) {
      const runsMs: number[] = [];
      let pages = 0;
      for (let run = 0; run < runs; run++) {
        await ready();
        const result = await read(file);
        runsMs.push(result.ms);
        pages = result.pages;
      }
      const medianMs = [...runsMs].sort((a, b) => a - b)[Math.floor(runs / 2)]!;
      rows.push({ report: file.report, pages, runsMs, medianMs, msPerPage: medianMs / pages });
      console.log(
        `import ${file.report}: ${pages} pages, median ${medianMs.toFixed(0)} ms (${(medianMs / pages).toFixed(1)} ms a page)`,
      );
    }
    const totalPages = rows.reduce((sum, row) => sum + row.pages, 0);
    const totalMs = rows.reduce((sum, row) => sum + row.medianMs, 0);
    return { rows, runs, totalPages, totalMs, msPerPage: totalMs / totalPages };
  } finally {
    // close() kills the idle workers and waits for their exit, but an idle worker is unreferenced:
    // with nothing else pending, node would end the process (exit 13, unsettled top-level await)
    // before the exit event comes. A timer holds the process until then.
    const hold = setInterval(() => undefined, 1_000);
    await pool.close().finally(() => clearInterval(hold));
  }
}
