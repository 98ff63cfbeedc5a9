import { pagesToBlocks } from "./blocks.js";
import { createLineJoiner } from "./hyphenation.js";
import type { DraftReport, SourcePage } from "./model.js";
import type { ImportedFootnote } from "./types.js";

/**
 * The shared core of the two layout-based importers (extracted PDF text and PDF): pages of
 * lines and their notes in, blocks and page-numbered footnotes out.
 */
export function draftFromPages(pages: readonly SourcePage[], pageCount = pages.length): DraftReport {
  const documentText = pages.map((page) => page.lines.map((line) => line.text).join("\n")).join("\n");
  const blocks = pagesToBlocks(pages, createLineJoiner(documentText));
  const footnotes: ImportedFootnote[] = [];
  pages.forEach((page, index) => {
    for (const note of page.notes) {
      footnotes.push({ number: footnotes.length + 1, page: index + 1, url: note.url, text: note.text });
    }
  });
  return { blocks, footnotes, pageCount };
}
