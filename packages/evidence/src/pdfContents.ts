import type { PdfLine } from "./pdfLines.js";
import type { OutlineEntry, PdfPage } from "./pdfTypes.js";

/**
 * The report's printed table of contents: its pages are furniture (pdfStructure.ts drops them),
 * and its entries stand in for an outline when the PDF has none. An entry is a line ending in
 * dot leaders and a page number ("Introduction ........ 1"), or a title and a page number set
 * far apart on one line; an entry's title may wrap onto the line before. Lists headed apart on
 * the contents page after the first (figures, tables, contacts) are not the body's headings.
 */

/** Leader dots an entry needs at least: a sentence ends in one, an ellipsis in three. */
const MIN_LEADER_DOTS = 4;
/** A page number this many font sizes right of its title, without leaders, is an entry's. */
const FAR_NUMBER_GAP = 4;
/** A page with this many entries, and at least this share of its lines, is a contents page. */
const MIN_CONTENTS_ENTRIES = 3;
const MIN_CONTENTS_SHARE = 0.25;
/** Entries indented within this many points of each other are one level. */
const INDENT_TOLERANCE = 3;

const isDigit = (character: string): boolean => character >= "0" && character <= "9";
const ROMAN = "ivxlcdmIVXLCDM";

/** A contents entry's title and printed page (digits or roman numerals), or null: one backward pass. */
export function parseContentsEntry(line: PdfLine): { title: string; page: string } | null {
  const text = line.text;
  let start = text.length;
  while (start > 0 && isDigit(text[start - 1]!)) start--;
  if (start === text.length) while (start > 0 && ROMAN.includes(text[start - 1]!)) start--;
  if (start === text.length || start === 0) return null;
  const page = text.slice(start);
  let end = start;
  let dots = 0;
  while (end > 0) {
    const character = text[end - 1]!;
    if (character === ".") dots++;
    else if (character === "…") dots += 3;
    else if (character !== " " && character !== "\u00a0") break;
    end--;
  }
  const title = text.slice(0, end).trim();
  if (title === "") return null;
  if (dots >= MIN_LEADER_DOTS) return { title, page };
  // No leaders: the page number must be a run of its own, set well apart from the title.
  if (dots > 0 || text[start - 1] !== " ") return null;
  const last = line.runs.at(-1);
  const before = line.runs.at(-2);
  if (!last || !before || last.text.trim() !== page) return null;
  const gap = last.x - (before.x + before.width);
  return gap > FAR_NUMBER_GAP * line.size ? { title, page } : null;
}

/** Whether a page is (a page of) the contents list. */
export function isContentsPage(lines: readonly PdfLine[]): boolean {
  let entries = 0;
  for (const line of lines) if (parseContentsEntry(line)) entries++;
  return entries >= MIN_CONTENTS_ENTRIES && entries >= lines.length * MIN_CONTENTS_SHARE;
}

/**
 * The body's headings as the contents list gives them, in order, with levels from their
 * indentation (least indented = 1) and `page: null` (printed page numbers are not the PDF's).
 * Empty when the report has no contents list.
 */
export function readContents(pages: readonly PdfPage[]): OutlineEntry[] {
  const entries: { title: string; x: number }[] = [];
  // 0 before the list's own heading, 1 under it ("Contents"), 2+ under later lists.
  let list = 0;
  for (const page of pages) {
    if (!isContentsPage(page.lines)) continue;
    const parsed = page.lines.map(parseContentsEntry);
    const sizes = new Map<number, number>();
    parsed.forEach((entry, index) => {
      if (entry) sizes.set(page.lines[index]!.size, (sizes.get(page.lines[index]!.size) ?? 0) + 1);
    });
    const entrySize = [...sizes].reduce((best, item) => (item[1] > best[1] ? item : best), [0, -1])[0];
    let pending: { text: string; x: number } | null = null;
    page.lines.forEach((line, index) => {
      const entry = parsed[index];
      if (entry) {
        const title = pending ? `${pending.text} ${entry.title}` : entry.title;
        if (list <= 1) entries.push({ title, x: pending?.x ?? line.x });
        pending = null;
      } else if (line.size > entrySize * 1.1) {
        list++;
        pending = null;
      } else if (line.size >= entrySize * 0.9) {
        // A title that wraps: its first line has no page number.
        pending = pending ? { text: `${pending.text} ${line.text}`, x: pending.x } : { text: line.text, x: line.x };
      }
      // Smaller type (a running header left on the page) is not part of any entry.
    });
  }
  const body = entries.filter((entry) => !isCaptionTitle(entry.title));
  const indents = [...new Set(body.map((entry) => Math.round(entry.x)))].sort((a, b) => a - b);
  const levels: number[] = [];
  for (const indent of indents) {
    const previous = levels.length > 0 ? indents[levels.length - 1]! : -Infinity;
    const level = levels.at(-1) ?? 0;
    levels.push(indent - previous <= INDENT_TOLERANCE ? level : level + 1);
  }
  const levelOf = new Map(indents.map((indent, index) => [indent, levels[index]!]));
  return body.map((entry) => ({ title: entry.title, level: levelOf.get(Math.round(entry.x)) ?? 1, page: null }));
}

/** Words a figure's or table's title starts with, before its number. */
const CAPTION_WORDS = ["figure", "table", "chart", "exhibit", "map", "graph", "box", "fig."];

/**
 * Whether text is a figure's or table's title: one of CAPTION_WORDS, a number (possibly
 * `A-1`, `3.2`), then `.`, `:`, a dash or the end ("Figure 3. Imports", "Table A-1: Funding").
 * Scanned by hand: it runs on every line.
 */
export function isCaptionTitle(text: string): boolean {
  const lower = text.slice(0, 24).toLowerCase();
  const word = CAPTION_WORDS.find((candidate) => lower.startsWith(candidate));
  if (!word) return false;
  let index = word.length;
  if (lower[index] === " " || lower[index] === "\u00a0") index++;
  const numberStart = index;
  if (lower[index] !== undefined && lower[index]! >= "a" && lower[index]! <= "z" && lower[index + 1] === "-")
    index += 2;
  while (index < lower.length && (isDigit(lower[index]!) || (lower[index] === "." && isDigit(lower[index + 1] ?? ""))))
    index++;
  if (index === numberStart || !isDigit(lower[index - 1]!)) return false;
  const next = text[index];
  const separator = next === " " ? text[index + 1] : next;
  return (
    next === undefined || (separator !== undefined && ".:—–-".includes(separator)) || (next === " " && text.length < 8)
  );
}
