import { ImportError } from "./errors.js";
import type { ImportedReport } from "./types.js";

/**
 * What one import may cost, checked as early as the format allows: a PDF's page count before
 * any page is read, a Word file's inflated size from its zip directory before anything is
 * inflated, and the parts of the finished report before the server stores them.
 */
export interface ImportLimits {
  /** Pages a PDF may have. @default 2000 */
  maxPdfPages: number;
  /** Bytes a Word file's zip entries may inflate to, together. @default 100 MiB */
  maxDocxInflatedBytes: number;
  /** Passages, sections or footnotes (each) one report may hold. @default 5000 */
  maxReportParts: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxPdfPages: 2000,
  maxDocxInflatedBytes: 100 * 1024 * 1024,
  maxReportParts: 5_000,
};

/** Refuses a report with more passages, sections or footnotes than a report may hold. */
export function checkReportParts(report: ImportedReport, limits: ImportLimits): void {
  const counts: Array<[string, number]> = [
    ["passages", report.passages.length],
    ["sections", report.sections.length],
    ["footnotes", report.footnotes.length],
  ];
  for (const [what, count] of counts) {
    if (count > limits.maxReportParts) {
      throw new ImportError(
        "too_large",
        `The report has ${count.toLocaleString("en-US")} ${what}; a report may have at most ${limits.maxReportParts.toLocaleString("en-US")}.`,
      );
    }
  }
}

export function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Math.round(megabytes * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
