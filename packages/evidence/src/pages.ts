import type { SourceLine, SourceNote, SourcePage } from "./model.js";

/** A line that is nothing but a URL: in extracted PDF text, that is a footnote whose number was lost. */
const URL_LINE = /^(?:https?:\/\/|www\.)\S+$/i;

export function noteFromUrlLine(line: string): SourceNote | null {
  const text = line.trim();
  if (!URL_LINE.test(text)) return null;
  return { text, url: /^www\./i.test(text) ? `https://${text}` : text };
}

/**
 * Splits text extracted from a PDF into pages. The extraction put each page's footnotes (one
 * URL per line) after its body, so a page ends where a block of URL lines ends and the next
 * body line begins. A form feed, which some extractors emit, is a page break too. Blank lines
 * at a page's edges carry no meaning (one precedes every URL block, even mid-sentence), so
 * they are dropped; whether a paragraph runs on is decided later, from its last words.
 */
export function splitTextIntoPages(text: string): SourcePage[] {
  const pages: SourcePage[] = [];
  let lines: SourceLine[] = [];
  let notes: SourceNote[] = [];

  const endPage = (): void => {
    const body = trimBlankEdges(lines);
    if (body.length > 0 || notes.length > 0) pages.push({ lines: body, notes });
    lines = [];
    notes = [];
  };

  const take = (line: string): void => {
    const note = noteFromUrlLine(line);
    if (note) {
      notes.push(note);
    } else if (line.trim() === "") {
      if (notes.length === 0) lines.push({ text: "" });
    } else {
      if (notes.length > 0) endPage();
      lines.push({ text: line });
    }
  };

  for (const line of text.split(/\r\n|\r|\n/)) {
    const parts = line.split("\f");
    parts.forEach((part, index) => {
      if (index > 0) endPage();
      take(part);
    });
  }
  endPage();
  return pages;
}

export function trimBlankEdges(lines: SourceLine[]): SourceLine[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.text.trim() === "") start++;
  while (end > start && lines[end - 1]!.text.trim() === "") end--;
  return lines.slice(start, end);
}
