import type { SourceNote } from "./model.js";
import { noteFromUrlLine } from "./pages.js";
import type { MarkedLine, MarkedPage, PdfPage } from "./pdfTypes.js";
import { textKey } from "./textScan.js";

/**
 * Splits each page's footnotes from its body. For now (to be replaced by numbered-footnote
 * reading): a line that is only a URL is a note, then the page's links not already among them.
 */
export function splitFootnotes(pages: readonly PdfPage[]): { body: MarkedPage[]; notes: SourceNote[][] } {
  const body: MarkedPage[] = [];
  const notes: SourceNote[][] = [];
  for (const page of pages) {
    const pageNotes: SourceNote[] = [];
    const lines: MarkedLine[] = [];
    for (const line of page.lines) {
      const note = noteFromUrlLine(line.text.replace(/^\d{1,3}\.?\s+(?=https?:\/\/)/, ""));
      if (note) pageNotes.push(note);
      else lines.push(line);
    }
    const seen = new Set(pageNotes.map((note) => textKey(note.url ?? "")));
    for (const link of page.links) {
      const key = textKey(link.url);
      if (seen.has(key)) continue;
      seen.add(key);
      pageNotes.push({ text: link.url, url: link.url });
    }
    body.push({ number: page.number, width: page.width, height: page.height, lines });
    notes.push(pageNotes);
  }
  return { body, notes };
}
