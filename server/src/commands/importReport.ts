import { ImportError, type ImportedReport } from "@accord/evidence";
import type { User } from "@accord/domain";
import { TooLargeError, UnsupportedTypeError, ValidationError } from "../errors.js";
import { UnprocessableError } from "../imports/errors.js";
import type { ImportJob } from "../imports/messages.js";
import type { ReportSummary } from "../store/reports.js";
import type { CommandContext } from "./context.js";

/** The file types a lead may import; anything else is refused before the importer runs. */
export const REPORT_EXTENSIONS = [".txt", ".md", ".markdown", ".pdf", ".docx"] as const;

export type ReportSource =
  | { kind: "file"; filename: string; bytes: Uint8Array }
  | { kind: "content"; title: string; format: "text" | "markdown"; content: string };

export interface SuggestedSector {
  /** The heading as the report writes it, e.g. "RARE EARTH ELEMENTS". */
  section: string;
  /** The sector it suggests, e.g. "Rare Earth Elements". */
  name: string;
  /** A sector of that name (case-insensitively) is already in the brief. */
  exists: boolean;
}

export interface ImportResult {
  report: ReportSummary;
  suggestedSectors: SuggestedSector[];
}

function hasAllowedExtension(filename: string): boolean {
  const lower = filename.toLowerCase();
  return REPORT_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** Reads a report off the event loop (imports/ImportPool in the server). */
export interface ReportReader {
  read(job: ImportJob): Promise<ImportedReport>;
}

/**
 * Runs the importer; its refusals become the API's 415, 400, 413 and 422 (naming `file` or
 * `content`).
 */
async function read(source: ReportSource, reader: ReportReader): Promise<ImportedReport> {
  const field = source.kind === "file" ? "file" : "content";
  if (source.kind === "file" && !hasAllowedExtension(source.filename)) {
    throw new UnsupportedTypeError(`Import a ${REPORT_EXTENSIONS.join(", ")} file.`, field);
  }
  try {
    return await reader.read(source);
  } catch (error) {
    if (error instanceof ImportError) {
      switch (error.kind) {
        case "unsupported_type":
          throw new UnsupportedTypeError(error.message, field);
        case "invalid_file":
          throw new ValidationError(`${field}: ${error.message}`, field);
        case "too_large":
          throw new TooLargeError(`${field}: ${error.message}`, field);
        case "unprocessable":
          throw new UnprocessableError(`${field}: ${error.message}`, field);
        default: {
          const unreachable: never = error.kind;
          throw new Error(`unknown import refusal ${String(unreachable)}`);
        }
      }
    }
    throw error;
  }
}

/**
 * Imports a report into a brief: read (in a worker, by `reader`), store everything at once (the store's
 * createReport is all or nothing), announce. Also answers which of the report's
 * sector-like headings could become sectors, so the lead can set them up in one step.
 */
export async function importReport(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  source: ReportSource,
  reader: ReportReader,
): Promise<ImportResult> {
  const imported = await read(source, reader);
  const report = await ctx.store.createReport(briefId, imported, actor.id);
  const existing = new Set((await ctx.store.listSectors(briefId)).map((sector) => sector.name.trim().toLowerCase()));
  const suggestedSectors: SuggestedSector[] = [];
  // The same heading twice in one report suggests one sector (a set: a report may have
  // thousands of headings, and this runs on the event loop).
  const suggested = new Set<string>();
  for (const section of imported.sections) {
    if (!section.sectorLike || !section.sectorName) continue;
    const key = section.sectorName.toLowerCase();
    if (suggested.has(key)) continue;
    suggested.add(key);
    suggestedSectors.push({
      section: section.title,
      name: section.sectorName,
      exists: existing.has(section.sectorName.trim().toLowerCase()),
    });
  }
  ctx.notify.reportImported(briefId, report.id, report.title);
  return { report, suggestedSectors };
}
