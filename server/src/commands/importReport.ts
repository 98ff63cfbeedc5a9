import { ImportError, importMarkdown, importReport as readReport, importText, type ImportedReport } from "@accord/evidence";
import type { User } from "@accord/domain";
import { UnsupportedTypeError, ValidationError } from "../errors.js";
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

/** Runs the importer; its refusals become the API's 415 and 400 (naming `file` or `content`). */
async function read(source: ReportSource): Promise<ImportedReport> {
  const field = source.kind === "file" ? "file" : "content";
  if (source.kind === "file" && !hasAllowedExtension(source.filename)) {
    throw new UnsupportedTypeError(`Import a ${REPORT_EXTENSIONS.join(", ")} file.`, field);
  }
  try {
    if (source.kind === "file") return await readReport({ filename: source.filename, bytes: source.bytes });
    return await (source.format === "markdown" ? importMarkdown(source.content, source.title) : importText(source.content, source.title));
  } catch (error) {
    if (error instanceof ImportError) {
      if (error.kind === "unsupported_type") throw new UnsupportedTypeError(error.message, field);
      throw new ValidationError(`${field}: ${error.message}`, field);
    }
    throw error;
  }
}

/**
 * Imports a report into a brief: read, store everything at once (the store's
 * createReport is all or nothing), announce. Also answers which of the report's
 * sector-like headings could become sectors, so the lead can set them up in one step.
 */
export async function importReport(ctx: CommandContext, actor: User, briefId: string, source: ReportSource): Promise<ImportResult> {
  const imported = await read(source);
  const report = await ctx.store.createReport(briefId, imported, actor.id);
  const existing = new Set((await ctx.store.listSectors(briefId)).map((sector) => sector.name.trim().toLowerCase()));
  const suggestedSectors: SuggestedSector[] = [];
  for (const section of imported.sections) {
    if (!section.sectorLike || !section.sectorName) continue;
    // The same heading twice in one report suggests one sector.
    if (suggestedSectors.some((s) => s.name.toLowerCase() === section.sectorName!.toLowerCase())) continue;
    suggestedSectors.push({
      section: section.title,
      name: section.sectorName,
      exists: existing.has(section.sectorName.trim().toLowerCase()),
    });
  }
  ctx.notify.reportImported(briefId, report.id, report.title);
  return { report, suggestedSectors };
}
