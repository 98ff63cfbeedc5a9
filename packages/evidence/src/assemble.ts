import { extractFigures } from "./figures.js";
import { isSectorHeading, toTitleCase } from "./headings.js";
import type { DraftReport } from "./model.js";
import { dropRepeatedPassages } from "./pullQuotes.js";
import type { ImportedPassage, ImportedReport, ImportedSection, ReportMetadata } from "./types.js";

/** The last step every importer shares: sections, passages with figures and sources, pull-quotes dropped. */
export function assembleReport(
  draft: DraftReport,
  meta: { title: string; format: ImportedReport["format"]; metadata?: Partial<ReportMetadata> },
): ImportedReport {
  const sections: ImportedSection[] = [];
  const passages: ImportedPassage[] = [];
  let section: number | null = null;
  // A passage without exact references cites the notes of its pages: indexed by page, since
  // filtering every note for every passage is quadratic in a report of thousands of pages.
  const notesByPage = new Map<number, number[]>();
  for (const note of draft.footnotes) {
    const list = notesByPage.get(note.page);
    if (list) list.push(note.number);
    else notesByPage.set(note.page, [note.number]);
  }
  const notesOfPages = (first: number, last: number): number[] => {
    const numbers: number[] = [];
    for (let page = first; page <= last; page++) for (const number of notesByPage.get(page) ?? []) numbers.push(number);
    return numbers;
  };

  for (const block of dropRepeatedPassages(draft.blocks)) {
    if (block.kind === "heading") {
      const level = block.level ?? 1;
      const sectorLike = (!draft.topLevelSectorsOnly || level === 1) && isSectorHeading(block.text);
      section = sections.length;
      sections.push({
        title: block.text,
        position: section,
        level,
        sectorLike,
        sectorName: sectorLike ? toTitleCase(block.text) : null,
      });
      continue;
    }
    // Without exact references, a passage's sources are the notes of every page it spans.
    const footnotes = block.footnotes ?? notesOfPages(block.firstPage, block.lastPage);
    const sourcesFrom = block.footnotes === undefined ? "page" : "markers";
    passages.push({
      position: passages.length,
      kind: block.kind,
      section,
      page: block.firstPage,
      text: block.text,
      figures: extractFigures(block.text),
      footnotes,
      sourcesFrom,
      // Page-sourced notes were never pointed to from the text: no marker stands anywhere.
      markers: sourcesFrom === "page" ? [] : (block.markers ?? []),
    });
  }

  const metadata: ReportMetadata = {
    title: meta.metadata?.title?.trim() || meta.title,
    authors: meta.metadata?.authors ?? [],
    publisher: meta.metadata?.publisher ?? null,
    date: meta.metadata?.date ?? null,
    reportNumber: meta.metadata?.reportNumber ?? null,
  };
  return {
    title: metadata.title,
    metadata,
    format: meta.format,
    pageCount: draft.pageCount,
    sections,
    passages,
    footnotes: draft.footnotes,
  };
}
