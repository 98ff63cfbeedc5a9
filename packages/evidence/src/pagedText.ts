import { pagesToBlocks } from "./blocks.js";
import { createMarkedLineJoiner } from "./hyphenation.js";
import type { DraftReport, SourcePage } from "./model.js";
import type { ImportedFootnote } from "./types.js";

/**
 * The shared core of the two layout-based importers (extracted PDF text and PDF): pages of
 * lines and their notes in, blocks and page-numbered footnotes out.
 */
export function draftFromPages(pages: readonly SourcePage[], pageCount = pages.length): DraftReport {
  const documentText = pages.map((page) => page.lines.map((line) => line.text).join("\n")).join("\n");
  const blocks = pagesToBlocks(pages, createMarkedLineJoiner(documentText));
  const footnotes: ImportedFootnote[] = [];
  pages.forEach((page, index) => {
    for (const note of page.notes) {
      footnotes.push({
        // A numbered note keeps the report's number; notes whose numbers were lost count up.
        number: note.number ?? footnotes.length + 1,
        page: index + 1,
        url: note.url,
        urls: note.urls ?? (note.url === null ? [] : [note.url]),
        text: note.text,
      });
    }
  });
  const hasMarkers = blocks.some((block) => block.footnotes !== undefined);
  // With markers, a block without any cites nothing; without, blocks cite their pages' notes.
  if (hasMarkers) for (const block of blocks) if (block.kind !== "heading") block.footnotes ??= [];
  return { blocks, footnotes, pageCount, hasMarkers };
}
