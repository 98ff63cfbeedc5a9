import { joinNoteLines, urlsIn } from "./citations.js";
import type { SourceLine, SourceNote, SourcePage } from "./model.js";
import { isSpace, textKey } from "./textScan.js";

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

/** At most this many digits in a footnote number (a report with 10,000 notes is no report). */
const MAX_NOTE_DIGITS = 4;
/** How far past the highest note read so far a note's number may be (notes out of order). */
const MAX_NOTE_SKIP = 5;
/** Lines looked at above a note whose marker was found, for notes before it whose were not. */
const MAX_NOTE_LOOKBACK = 8;
/** The most lines of a note that runs on to the next page's foot. */
const MAX_RUN_ON_LINES = 6;
/** Lines that could start a page's notes, tried in turn before the page is taken to have none. */
const MAX_NOTE_START_TRIES = 20;
/** Lines at a page's top and bottom where running headers, footers and page numbers sit. */
const EDGE_LINES = 3;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isLower = (char: string): boolean => char !== char.toUpperCase() && char === char.toLowerCase();

/** `12 Author, “Title,” …`: the note's number, and where its text starts; null for any other line. */
export function noteStart(line: string): { number: number; text: string } | null {
  const text = line.trimStart();
  let i = 0;
  while (i < text.length && i <= MAX_NOTE_DIGITS && isDigit(text.charCodeAt(i))) i++;
  if (i === 0 || i > MAX_NOTE_DIGITS || text.charCodeAt(0) === 0x30) return null;
  if (i >= text.length || !isSpace(text.charCodeAt(i))) return null;
  const rest = text.slice(i).trim();
  if (rest === "") return null;
  return { number: Number(text.slice(0, i)), text: rest };
}

/**
 * A note's text split where the next notes start on the same line (`… 2019. 4 Ibid., p. 7.`):
 * only at `expected` (the next number), after a sentence's end, before a capital, quote or
 * bracket — so `p. 4 of` or `in 2019 the` never split.
 */
function splitNotesOnLine(text: string, expected: number): Array<{ number: number; text: string }> {
  const notes: Array<{ number: number; text: string }> = [];
  let from = 0;
  let next = expected;
  let marker = ` ${next} `;
  let at = text.indexOf(marker);
  // One pass: `at` only moves forward, and each piece is sliced once.
  while (at >= 0) {
    const before = text[at - 1] ?? "";
    const after = text[at + marker.length] ?? "";
    if (at > from && '.)”"’]'.includes(before) && after !== "" && !isLower(after) && !isDigit(after.charCodeAt(0))) {
      notes.push({ number: next - 1, text: text.slice(from, at).trim() });
      from = at + marker.length;
      next++;
      marker = ` ${next} `;
      at = text.indexOf(marker, from - 1);
    } else {
      at = text.indexOf(marker, at + 1);
    }
  }
  notes.push({ number: next - 1, text: text.slice(from).trim() });
  return notes;
}

/** Whether a note's text reads as finished; one that is not runs on to the next page. */
function noteFinished(text: string): boolean {
  const last = text.trimEnd().at(-1) ?? "";
  return '.)”"’]'.includes(last) && !text.trimEnd().endsWith("-");
}

/**
 * Lines that repeat at the top or bottom of many pages (running headers and footers) and lone
 * page numbers there: furniture, neither body nor note. A line counts as repeated when it sits at
 * a page edge on at least three pages and on at least a third of them.
 */
function furnitureOf(pages: readonly string[][]): Set<string> {
  const seen = new Map<string, number>();
  for (const lines of pages) {
    const nonBlank = lines.map((line) => line.trim()).filter((line) => line !== "");
    const edges = new Set([...nonBlank.slice(0, EDGE_LINES), ...nonBlank.slice(-EDGE_LINES)]);
    for (const line of edges) seen.set(textKey(line), (seen.get(textKey(line)) ?? 0) + 1);
  }
  const furniture = new Set<string>();
  for (const [line, count] of seen) if (count >= 3 && count * 3 >= pages.length) furniture.add(line);
  return furniture;
}

function isPageNumber(line: string): boolean {
  const text = line.trim();
  if (text === "" || text.length > 12) return false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) digits++;
  // `12`, `- 12 -`, `Page 12`, `12 of 40`, roman numerals aside.
  return digits > 0 && (digits === text.length || /^(?:page\s)?[-–\s]*\d+[-–\s]*(?:of\s\d+)?$/i.test(text));
}

interface NumberedPage {
  body: string[];
  notes: Array<{ number: number; lines: string[] }>;
}

/**
 * pdftotext's output of a report with numbered footnotes: pages split by form feeds, each page's
 * notes at its foot, each starting with its number (`3 Author, “Title,” …`), a note that does not
 * end on its page running on at the foot of the next, several notes sometimes on one line, URLs
 * broken over lines. Markers in the body are the numbers glued to a word or after punctuation
 * (`goods,1 such`, `law.12`); one counts only when a note of that number is on its page or the
 * next, so `2019` or `FY2012` never does. Without numbered notes, a page's notes are the bare
 * URL lines at its foot (numbers lost). Null when the text has no form feeds: then it is read
 * as the seed's kind (a page ends where its block of URL lines does).
 */
export function splitNumberedPages(text: string): SourcePage[] | null {
  if (!text.includes("\f")) return null;
  const rawPages = text.split("\f").map((page) => page.split(/\r\n|\r|\n/));
  while (rawPages.length > 1 && rawPages.at(-1)!.every((line) => line.trim() === "")) rawPages.pop();
  const furniture = furnitureOf(rawPages);
  const pages: NumberedPage[] = [];
  // The note being read; an object, so that the closures below may set it.
  const reading: { note: { number: number; lines: string[] } | null } = { note: null };
  const current = (): { number: number; lines: string[] } | null => reading.note;
  let markedBefore = new Set<number>();
  const seen = new Set<number>();
  let highest = 0;

  for (const raw of rawPages) {
    const lines = trimEdgeFurniture(raw, furniture);
    const continuing = reading.note !== null && !noteFinished(reading.note.lines.join(" "));
    // Where each number first appears as a glued marker on this page: a note's start is sure
    // when its marker is in the body above it (or on the page before).
    const firstMarker = new Map<number, number>();
    lines.forEach((line, index) => {
      for (const number of withoutMarkers(line, null).markers ?? [])
        if (!firstMarker.has(number)) firstMarker.set(number, index);
    });
    const marked = (number: number, at: number): boolean =>
      (firstMarker.get(number) ?? Infinity) < at || markedBefore.has(number);
    // A line starting with a number starts a note when that note is not read yet, comes next
    // or soon after (pdftotext sometimes puts a note before the one above it), and is the
    // next one or has its marker on this page or the one before.
    const plausible = (number: number): boolean =>
      !seen.has(number) &&
      number <= highest + MAX_NOTE_SKIP &&
      (number === highest + 1 || firstMarker.has(number) || markedBefore.has(number));
    const start = notesStartIn(lines, highest + 1, continuing, marked, plausible);
    markedBefore = new Set(firstMarker.keys());
    let bodyEnd = start ?? lines.length;
    const page: NumberedPage = { body: [], notes: [] };
    // A note left unfinished on the page before runs on in the block just above this page's
    // notes (or this page's last block, when it has none).
    if (reading.note && continuing) {
      let from = bodyEnd;
      while (from > 0 && lines[from - 1]!.trim() === "") from--;
      let blockStart = from;
      while (blockStart > 0 && lines[blockStart - 1]!.trim() !== "") blockStart--;
      // Only a block that reads as the rest of a sentence: not opening with a capital (a new
      // paragraph or heading does), short, and holding no marker (body text does).
      const block = lines.slice(blockStart, from);
      const first = block[0]?.trim()[0] ?? "";
      const rest =
        from > blockStart &&
        block.length <= MAX_RUN_ON_LINES &&
        !(first !== first.toLowerCase()) &&
        block.every((line) => withoutMarkers(line, null).markers === undefined);
      if (rest) {
        reading.note.lines.push(...block);
        bodyEnd = blockStart;
      }
    }
    reading.note = null;
    page.body = lines.slice(0, bodyEnd);
    const startNotes = (notes: Array<{ number: number; text: string }>): void => {
      for (const note of notes) {
        reading.note = { number: note.number, lines: [note.text] };
        page.notes.push(reading.note);
        seen.add(note.number);
        highest = Math.max(highest, note.number);
      }
    };
    if (start !== null) {
      for (const line of lines.slice(start)) {
        if (line.trim() === "") continue;
        const begins = noteStart(line);
        // Inside the notes, a number skipped earlier (pdftotext may put a note a page late) starts its note too.
        if (begins && (plausible(begins.number) || (begins.number < highest && !seen.has(begins.number)))) {
          startNotes(splitNotesOnLine(begins.text, begins.number + 1));
        } else {
          // Read through a call: the compiler keeps `reading.note` as set to null above.
          const note = current();
          if (!note) continue;
          const [first, ...more] = splitNotesOnLine(line.trim(), highest + 1);
          note.lines.push(first!.text);
          startNotes(more);
        }
      }
    }
    page.notes.sort((x, y) => x.number - y.number);
    pages.push(page);
  }
  if (highest === 0) {
    // No numbered notes: the form feeds still say where pages end, and a page's notes are the
    // bare URL lines at its foot, if any (the seed's kind of note, numbers lost).
    return pages.map((page) => {
      const body = page.body.map((text) => ({ text }));
      let end = body.length;
      while (end > 0 && (body[end - 1]!.text.trim() === "" || noteFromUrlLine(body[end - 1]!.text) !== null)) end--;
      const notes = body
        .slice(end)
        .map((line) => noteFromUrlLine(line.text))
        .filter((note) => note !== null);
      return { lines: trimBlankEdges(body.slice(0, end)), notes };
    });
  }

  // A contents page's lines (`Introduction ........ 1`) are no passages; the titles they list
  // are the report's headings (figures' and tables' titles: captions), so a body line, or two
  // lines of a wrapped title, that is exactly one of them is a heading. With such a list, no
  // other line is taken for a heading by its looks (table cells and cover lines would be).
  const contents = new Set<string>();
  const isListTitle = (line: string): boolean =>
    CONTENTS_TITLES.has(line.trim().toLowerCase()) || LIST_TITLES.has(line.trim().toLowerCase());
  for (const page of pages) {
    const body = page.body;
    const kept: string[] = [];
    for (let i = 0; i < body.length; i++) {
      const entry = contentsEntry(body[i]!);
      if (entry === null) {
        kept.push(body[i]!);
        continue;
      }
      // A long title wraps: its first line, right after another entry (or a list's title or a
      // blank line), has no leader dots.
      const above = body[i - 1]?.trim() ?? "";
      const aboveThat = body[i - 2] ?? "";
      const wrapped =
        above !== "" &&
        contentsEntry(above) === null &&
        !isListTitle(above) &&
        (aboveThat.trim() === "" || isListTitle(aboveThat) || contentsEntry(aboveThat) !== null);
      if (wrapped) kept.pop();
      contents.add(textKey(wrapped ? `${above} ${entry}` : entry));
    }
    page.body = kept;
  }
  if (contents.size > 0) {
    for (const page of pages) page.body = page.body.filter((line) => !isListTitle(line));
  }
  const listed = (text: string): "heading" | "caption" | null =>
    contents.has(textKey(text)) ? (isCaptionTitle(text) ? "caption" : "heading") : null;
  return pages.map((page, index) => {
    const allowed = new Set([...page.notes, ...(pages[index + 1]?.notes ?? [])].map((note) => note.number));
    const read = page.body.map((line) => withoutMarkers(line, allowed));
    const lines: SourceLine[] = [];
    for (let i = 0; i < read.length; i++) {
      const line = read[i]!;
      const text = line.text.trim();
      const next = read[i + 1]?.text.trim() ?? "";
      const alone = contents.size > 0 && text !== "" ? listed(text) : null;
      const wrapped =
        alone === null && contents.size > 0 && text !== "" && next !== "" ? listed(`${text} ${next}`) : null;
      const kind = alone ?? wrapped;
      const joined = wrapped !== null ? `${text} ${next}` : line.text;
      if (wrapped !== null) i++;
      if (kind === "heading") lines.push({ text: joined, heading: true, level: 1 });
      else if (kind === "caption") lines.push({ text: joined, caption: true });
      else lines.push(contents.size > 0 ? { ...line, heading: false } : line);
    }
    return {
      lines: trimBlankEdges(lines),
      notes: page.notes.map((note) => {
        const noteText = joinNoteLines(note.lines);
        const urls = urlsIn(noteText);
        return { number: note.number, text: noteText, url: urls[0] ?? null, urls };
      }),
    };
  });
}

function trimEdgeFurniture(lines: readonly string[], furniture: ReadonlySet<string>): string[] {
  const drop = (index: number): boolean => {
    const text = lines[index]!.trim();
    return text === "" || isPageNumber(text) || furniture.has(textKey(text));
  };
  // Only at the edges: a repeated line mid-page is text. Indices, not shift(): a page of blank
  // lines would make shifting quadratic.
  let start = 0;
  let end = lines.length;
  let dropped = 0;
  while (start < end && dropped < EDGE_LINES * 2 && drop(start)) {
    if (lines[start]!.trim() !== "") dropped++;
    start++;
  }
  dropped = 0;
  while (end > start && dropped < EDGE_LINES * 2 && drop(end - 1)) {
    if (lines[end - 1]!.trim() !== "") dropped++;
    end--;
  }
  return lines.slice(start, end);
}

/**
 * Where this page's notes start: the first line that starts a `plausible` note whose marker is
 * glued to a word above it (`marked`), or that starts note `expected`, follows a blank line and is followed only by
 * blocks that each start the next note in turn. When the last page's note runs on
 * (`continuing`), its rest precedes this page's first note in the same block, so no blank line
 * is needed before it. Inside the notes, lines that start no note continue the one before.
 */
function notesStartIn(
  lines: readonly string[],
  expected: number,
  continuing: boolean,
  marked: (number: number, at: number) => boolean,
  plausible: (number: number) => boolean,
): number | null {
  let tries = 0;
  for (let i = 0; i < lines.length; i++) {
    const afterBlank = i === 0 || lines[i - 1]!.trim() === "";
    const begins = noteStart(lines[i]!);
    if (!begins || !plausible(begins.number)) continue;
    if (marked(begins.number, i)) {
      // Notes just above it whose markers are missing or out of view start the notes instead
      // (`13 …` over a `14 …` whose marker is above).
      // Lines between them are those notes' own; a line with a marker is the body's.
      let start = i;
      let number = begins.number;
      for (let k = i - 1; k >= 0 && k >= i - MAX_NOTE_LOOKBACK; k--) {
        if (lines[k]!.trim() === "") continue;
        const above = noteStart(lines[k]!);
        if (above && above.number < number && plausible(above.number)) {
          start = k;
          number = above.number;
        } else if (withoutMarkers(lines[k]!, null).markers !== undefined) break;
      }
      return start;
    }
    if (begins.number !== expected || (!afterBlank && !continuing)) continue;
    // Each try may read to the page's end: a page gets a bounded number of them, so a page
    // of lines that all start with the expected number stays linear.
    if (++tries > MAX_NOTE_START_TRIES) return null;
    let ok = true;
    let next = expected + 1;
    for (let k = i + 1; k < lines.length; k++) {
      const line = lines[k]!;
      if (line.trim() === "") continue;
      const note = noteStart(line);
      if (note && note.number >= next && note.number <= next + 1) next = note.number + 1;
      else if (lines[k - 1]!.trim() === "") {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return null;
}

const MARKER_AFTER = ".,;:)”’\"'";

const CAPTION_WORDS = new Set(["figure", "table", "chart", "exhibit", "map", "box", "graph"]);

/** `Figure 2. Imports`, `Table B-1. Funding`: a figure's or table's title, by its first word. */
function isCaptionTitle(text: string): boolean {
  const space = text.indexOf(" ");
  return space > 0 && CAPTION_WORDS.has(text.slice(0, space).toLowerCase());
}

/** Titles of the lists that follow a contents list: neither headings nor parts of an entry. */
const LIST_TITLES = new Set([
  "figures",
  "tables",
  "appendixes",
  "appendices",
  "contacts",
  "list of figures",
  "list of tables",
]);

/** A contents page's own title: no heading of the report. */
const CONTENTS_TITLES = new Set(["contents", "table of contents"]);

/** Fewest leader dots between a contents entry's title and its page number. */
const MIN_LEADER_DOTS = 4;

/**
 * `Introduction ............ 1` (or `…`): a contents-list line; its title, else null. Read
 * backwards by hand: the page number, spaces, the run of leader dots, spaces, the title.
 */
export function contentsEntry(line: string): string | null {
  let end = line.length;
  while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
  // The page number; pdftotext sometimes loses it.
  const digitsEnd = end;
  while (end > 0 && isDigit(line.charCodeAt(end - 1))) end--;
  if (digitsEnd - end > MAX_NOTE_DIGITS) return null;
  while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
  let dots = 0;
  while (end > 0 && (line[end - 1] === "." || line[end - 1] === "…" || line[end - 1] === " ")) {
    if (line[end - 1] === ".") dots++;
    else if (line[end - 1] === "…") dots += 3;
    end--;
  }
  if (dots < MIN_LEADER_DOTS) return null;
  const title = line.slice(0, end).trim();
  return title === "" ? null : title;
}

/**
 * A body line without its footnote markers, which are in `markers` (and where each stood, in
 * `markerAt`): digits glued to a lowercase word or to punctuation after one (`goods,1`,
 * `law.12`, `transit3`), ending the word, naming a note in `allowed`.
 */
function withoutMarkers(line: string, allowed: ReadonlySet<number> | null): SourceLine {
  const markers: number[] = [];
  const markerAt: number[] = [];
  const parts: string[] = [];
  let from = 0;
  let removed = 0;
  let i = 0;
  while (i < line.length) {
    if (!isDigit(line.charCodeAt(i)) || i === 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < line.length && isDigit(line.charCodeAt(end))) end++;
    const before = line[i - 1]!;
    const beforeThat = line[i - 2] ?? "";
    const wordEnds =
      end === line.length || isSpace(line.charCodeAt(end)) || MARKER_AFTER.includes(line[end]!) || line[end] === ",";
    // After a number and a full stop (`in 2019.4 The`) only when a sentence follows, so that a
    // decimal (`3.5 percent`) is never a marker; after a number and a comma (`1,200`), never.
    const afterNumber =
      before === "." &&
      isDigit(beforeThat.charCodeAt(0)) &&
      (end === line.length ||
        (isSpace(line.charCodeAt(end)) && !isLower(line[end + 1] ?? "a") && !isDigit(line.charCodeAt(end + 1))));
    // After a number and a comma (`in 2020,1 and`) only with fewer than three digits, which a
    // thousands group (`1,200`) always has.
    const afterNumberComma =
      before === "," &&
      isDigit(beforeThat.charCodeAt(0)) &&
      end - i < 3 &&
      (end === line.length || isSpace(line.charCodeAt(end)));
    const glued =
      isLower(before) ||
      (MARKER_AFTER.includes(before) && (isLower(beforeThat) || MARKER_AFTER.includes(beforeThat))) ||
      afterNumber ||
      afterNumberComma;
    const number = Number(line.slice(i, end));
    if (glued && wordEnds && end - i <= MAX_NOTE_DIGITS && number > 0 && (allowed === null || allowed.has(number))) {
      markers.push(number);
      markerAt.push(i - removed);
      removed += end - i;
      parts.push(line.slice(from, i));
      from = end;
    }
    i = end;
  }
  if (markers.length === 0) return { text: line };
  parts.push(line.slice(from));
  return { text: parts.join(""), markers, markerAt };
}
