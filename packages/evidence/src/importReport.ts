import { importDocx } from "./docxImporter.js";
import { ImportError } from "./errors.js";
import { parseMarkdown } from "./markdownImporter.js";
import { assembleReport } from "./assemble.js";
import { checkReportParts, DEFAULT_IMPORT_LIMITS, type ImportLimits } from "./limits.js";
import { importPdf, type PdfJs } from "./pdfImporter.js";
import { checkContent, formatOfFilename, titleFromFilename } from "./sniff.js";
import { importText } from "./textImporter.js";
import type { ImportedReport } from "./types.js";

export interface ImportInput {
  filename: string;
  bytes: Uint8Array;
  /** @default the Markdown's lone `# ` heading, else the file name without its extension */
  title?: string;
  /** @default DEFAULT_IMPORT_LIMITS */
  limits?: ImportLimits;
  /** pdf.js already loaded (see `pdfjsModuleUrl`); by default it is imported on the first PDF. */
  pdfjs?: PdfJs;
}

/**
 * Imports an uploaded report, choosing the importer by extension and checking the bytes
 * against it. Throws `ImportError`: `unsupported_type` or `invalid_file` for anything it cannot
 * read, `unprocessable` for a file that holds no text at all (an image-only PDF), `too_large`
 * past one of the limits.
 */
export async function importReport(input: ImportInput): Promise<ImportedReport> {
  const format = formatOfFilename(input.filename);
  const text = checkContent(format, input.bytes, input.filename);
  const fallbackTitle = input.title ?? titleFromFilename(input.filename);
  const limits = input.limits ?? DEFAULT_IMPORT_LIMITS;

  let report: ImportedReport;
  switch (format) {
    case "text":
      report = importText(text ?? "", fallbackTitle);
      break;
    case "markdown": {
      const parsed = parseMarkdown((text ?? "").replace(/^\uFEFF/, ""));
      const title = input.title ?? parsed.title ?? fallbackTitle;
      report = assembleReport(parsed.draft, { title, format: "markdown", metadata: { ...parsed.metadata, title } });
      break;
    }
    case "pdf":
      report = await importPdf(input.bytes, fallbackTitle, limits.maxPdfPages, input.pdfjs);
      break;
    case "docx":
      report = await importDocx(input.bytes, fallbackTitle, limits.maxDocxInflatedBytes, input.title !== undefined);
      break;
    default: {
      const unreachable: never = format;
      throw new Error(`unknown format ${String(unreachable)}`);
    }
  }
  if (report.passages.length === 0 && report.sections.length === 0) {
    throw new ImportError("unprocessable", `"${input.filename}" contains no text to import.`);
  }
  checkReportParts(report, limits);
  return report;
}
