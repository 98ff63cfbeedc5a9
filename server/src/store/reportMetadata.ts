import type { ImportedReport } from "@accord/evidence";
import type { ReportMetadata, ReportMetadataPatch } from "./reports.js";

/**
 * The metadata a new report is stored with, shared by both adapters. The importer sets
 * `title` equal to `metadata.title`; the metadata's title wins if they ever differ, and the
 * importer's title (the file's name at worst) fills a blank one, so a report always has a title.
 */
export function metadataOf(imported: ImportedReport): ReportMetadata {
  const metadata = imported.metadata;
  return {
    title: metadata?.title?.trim() || imported.title,
    authors: [...(metadata?.authors ?? [])],
    publisher: metadata?.publisher ?? null,
    date: metadata?.date ?? null,
    reportNumber: metadata?.reportNumber ?? null,
  };
}

/** The fields a patch sets; `undefined` leaves a field as it is (null clears it). */
export function definedOnly(patch: ReportMetadataPatch): ReportMetadataPatch {
  const out: ReportMetadataPatch = {};
  if (patch.title !== undefined) out.title = patch.title;
  if (patch.authors !== undefined) out.authors = [...patch.authors];
  if (patch.publisher !== undefined) out.publisher = patch.publisher;
  if (patch.date !== undefined) out.date = patch.date;
  if (patch.reportNumber !== undefined) out.reportNumber = patch.reportNumber;
  return out;
}
