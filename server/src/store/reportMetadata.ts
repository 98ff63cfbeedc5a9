import type { PassageMarker } from "@accord/domain";
import type { ImportedReport } from "@accord/evidence";
import { newId } from "./ids.js";
import type { ReportMetadata, ReportMetadataPatch, StoredPassage } from "./reports.js";

/** What a report's metadata may hold: the PATCH route's limits, and what an import is cut to. */
export const REPORT_METADATA_LIMITS = {
  /** Characters of a title. */
  title: 300,
  /** Authors of one report. */
  authors: 50,
  /** Characters of one author, a publisher, a report number. */
  text: 200,
} as const;

// Linear: fixed-width digit groups, nothing that can backtrack.
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real month and a real day of it. */
export function isReportDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (month === undefined) return true;
  const m = Number(month);
  if (m < 1 || m > 12) return false;
  if (day === undefined) return true;
  const d = Number(day);
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return d >= 1 && d <= new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
}

/** A blank or missing text is unknown (null); a long one is cut to the limit. */
function text(value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed.slice(0, max).trimEnd();
}

/**
 * The metadata a new report is stored with, shared by both adapters. The importer sets
 * `title` equal to `metadata.title`; the metadata's title wins if they ever differ, and the
 * importer's title (the file's name at worst) fills a blank one, so a report always has a title.
 * What a file said is kept within the limits the lead's edit has, so that the metadata shown
 * after an import can be saved back unchanged: longer texts are cut, blank authors and a date
 * in another form dropped.
 */
export function metadataOf(imported: ImportedReport): ReportMetadata {
  const metadata = imported.metadata;
  const authors: string[] = [];
  for (const author of metadata?.authors ?? []) {
    const name = text(author, REPORT_METADATA_LIMITS.text);
    if (name !== null && authors.length < REPORT_METADATA_LIMITS.authors) authors.push(name);
  }
  const date = metadata?.date?.trim() ?? "";
  return {
    title:
      text(metadata?.title, REPORT_METADATA_LIMITS.title) ??
      text(imported.title, REPORT_METADATA_LIMITS.title) ??
      "Untitled report",
    authors,
    publisher: text(metadata?.publisher, REPORT_METADATA_LIMITS.text),
    date: isReportDate(date) ? date : null,
    reportNumber: text(metadata?.reportNumber, REPORT_METADATA_LIMITS.text),
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

type ImportedPassage = ImportedReport["passages"][number];

/**
 * The markers a passage is stored with (CITATIONS.md §1): the importer's, kept only where they
 * can be read back (a whole footnote number, an offset inside the text), in reading order;
 * none for a passage whose sources come from its page. `markers` is read as optional so that
 * an importer that does not set it yet stores none.
 */
export function markersOf(passage: ImportedPassage): PassageMarker[] {
  if (passage.sourcesFrom === "page") return [];
  const given = (passage as ImportedPassage & { markers?: readonly PassageMarker[] }).markers ?? [];
  return given
    .filter(
      (marker) =>
        Number.isInteger(marker.number) &&
        marker.number >= 1 &&
        Number.isInteger(marker.at) &&
        marker.at >= 0 &&
        marker.at <= passage.text.length,
    )
    .map((marker) => ({ number: marker.number, at: marker.at }));
}

/**
 * A passage of an imported report as both adapters store it: a new evidence id, its section's
 * index and title (null before the first heading, or for an index that names no section), and
 * the markers it keeps (markersOf).
 */
export function storedPassageOf(
  imported: ImportedReport,
  passage: ImportedPassage,
  where: { reportId: string; briefId: string },
): StoredPassage {
  const section = passage.section === null ? undefined : imported.sections[passage.section];
  return {
    id: newId(),
    reportId: where.reportId,
    briefId: where.briefId,
    sectionIndex: section ? passage.section : null,
    sectionTitle: section?.title ?? null,
    page: passage.page,
    kind: passage.kind,
    position: passage.position,
    text: passage.text,
    figures: passage.figures,
    footnotes: passage.footnotes,
    sourcesFrom: passage.sourcesFrom,
    markers: markersOf(passage),
  };
}
