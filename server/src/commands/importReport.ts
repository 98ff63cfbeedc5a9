import { createHash } from "node:crypto";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { ImportError, type ImportedReport } from "@accord/evidence";
import { isReportFileName, REPORT_EXTENSIONS_IN_WORDS, type User } from "@accord/domain";
import { ConflictError, TooLargeError, UnsupportedTypeError, ValidationError } from "../errors.js";
import { UnprocessableError } from "../imports/errors.js";
import { librarySentence } from "../http/plainMessages.js";
import type { ImportJob } from "../imports/messages.js";
import { REPORT_METADATA_LIMITS } from "../store/reportMetadata.js";
import type { ReportSummary } from "../store/reports.js";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";

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

/** What a copy's title gets, so that the two reports can be told apart. */
export const COPY_SUFFIX = " (copy)";

/**
 * The same content is already a report of the brief. The API answers 409 naming it, so the
 * lead can open it, or import again asking for a copy.
 */
export class DuplicateReportError extends ConflictError {
  constructor(
    readonly existing: { id: string; title: string },
    field: "file" | "content",
  ) {
    super(`This ${field === "file" ? "file" : "text"} is already imported as “${existing.title}”.`, field);
  }
}

/** Bytes hashed between two turns of the event loop (about a millisecond's work). */
const HASH_SLICE_BYTES = 1024 * 1024;

/**
 * sha256 (hex) of the uploaded bytes, or of a JSON import's content as UTF-8. Hashed a slice at a
 * time, yielding to the event loop between slices: a 25 MB upload takes ~30 ms of hashing, which
 * in one piece would hold every other request that long. (WebCrypto's digest, measured, held
 * the loop longer still: it copies the input first.)
 */
export async function contentHashOf(source: ReportSource): Promise<string> {
  const bytes = source.kind === "file" ? source.bytes : Buffer.from(source.content, "utf8");
  const hash = createHash("sha256");
  for (let start = 0; start < bytes.byteLength; start += HASH_SLICE_BYTES) {
    if (start > 0) await yieldToLoop();
    hash.update(bytes.subarray(start, start + HASH_SLICE_BYTES));
  }
  return hash.digest("hex");
}

/** `title (copy)`, shortened first if the whole would pass the title limit. */
export function copyTitle(title: string): string {
  return `${title.slice(0, REPORT_METADATA_LIMITS.title - COPY_SUFFIX.length).trimEnd()}${COPY_SUFFIX}`;
}

export interface ImportOptions {
  /** Import even if the brief has a report of the same content; the new one's title then says it is a copy. */
  copy: boolean;
}

export interface ImportResult {
  report: ReportSummary;
  suggestedSectors: SuggestedSector[];
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
  try {
    return await reader.read(source);
  } catch (error) {
    if (error instanceof ImportError) {
      switch (error.kind) {
        case "unsupported_type":
          throw new UnsupportedTypeError(librarySentence(error.message), field);
        case "invalid_file":
          throw new ValidationError(librarySentence(error.message), field);
        case "too_large":
          throw new TooLargeError(librarySentence(error.message), field);
        case "unprocessable":
          throw new UnprocessableError(librarySentence(error.message), field);
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
 * Imports a report into a brief: refuse content the brief already has (unless a copy is asked
 * for: checked before reading, so a duplicate costs no parsing), read (in a worker, by
 * `reader`), store everything at once (the store's createReport is all or nothing), announce.
 * Also answers which of the report's sector-like headings could become sectors, so the lead
 * can set them up in one step. The caller holds the brief's import claim (BriefImports), so no
 * second import of the same content can pass the check meanwhile.
 */
export async function importReport(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  source: ReportSource,
  reader: ReportReader,
  options: ImportOptions = { copy: false },
): Promise<ImportResult> {
  // A file type that can never be imported is refused first, duplicate or not.
  if (source.kind === "file" && !isReportFileName(source.filename)) {
    throw new UnsupportedTypeError(`Import a ${REPORT_EXTENSIONS_IN_WORDS} file.`, "file");
  }
  const contentHash = await contentHashOf(source);
  const duplicateOf = await ctx.store.findReportByContentHash(briefId, contentHash);
  if (duplicateOf && !options.copy) {
    throw new DuplicateReportError(
      { id: duplicateOf.id, title: duplicateOf.title },
      source.kind === "file" ? "file" : "content",
    );
  }
  const parsed = await read(source, reader);
  // A JSON import's title is one the lead typed: it wins over a title read from the text.
  const original = source.kind === "content" ? withTitle(parsed, source.title) : parsed;
  // Only a second report of the same content is marked: `copy` on new content changes nothing.
  const imported = duplicateOf ? asCopy(original) : original;
  const report = await ctx.store.createReport(briefId, imported, actor.id, { contentHash });
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
  // Its figures may support what a recommendation states uncited (issue 19).
  await ctx.claims.reportsChanged(briefId);
  await recordActivity(ctx, {
    briefId,
    recommendationId: null,
    actorId: actor.id,
    type: "report.imported",
    data: { reportId: report.id, title: report.title },
  });
  return { report, suggestedSectors };
}

/** The report with this title, as its own and its metadata's (the one the store keeps). */
function withTitle(imported: ImportedReport, title: string): ImportedReport {
  return { ...imported, title, metadata: { ...imported.metadata, title } };
}

/** The report with its title marked as a copy. */
function asCopy(imported: ImportedReport): ImportedReport {
  return withTitle(imported, copyTitle(imported.metadata?.title?.trim() || imported.title));
}
