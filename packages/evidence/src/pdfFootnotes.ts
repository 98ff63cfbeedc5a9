import type { SourceNote } from "./model.js";
import { noteFromUrlLine } from "./pages.js";
import { joinRunsAround, type PositionedText } from "./pdfLines.js";
import type { MarkedLine, MarkedPage, PdfPage } from "./pdfTypes.js";
import { collapseSpaces, isSpace as isSpaceCode, textKey } from "./textScan.js";

/**
 * Splits each page's numbered footnotes from its body and reads the body's markers.
 *
 * A page's note zone is the run of lines at its foot set in type smaller than the body's. In
 * that zone every place a number could start a note is a candidate: a number set smaller or
 * raised (strongest), a number opening a line, a number after a sentence's end (weakest). Notes
 * are numbered 1..N through a report, so the candidates kept are the best chain of increasing
 * numbers over the whole document (a dynamic programme over candidates in reading order, each
 * linked to the best chain ending in the number just before it: linear, no per-pair work), and
 * a table row or a year that happens to look like a note start does not fit it. The text
 * between two kept starts is a note, across lines and pages; a page's zone that opens with no
 * start continues the previous page's unfinished note.
 *
 * Body markers are runs of digits set smaller than their line (a superscript), kept only when
 * they point to a note that exists and is on this page or a page beside it (or, for endnotes, is
 * a few numbers past the last marker): an exponent or a superscript in a figure is not a marker.
 *
 * A report with no numbered notes keeps the older reading: lines that are only a URL, then the
 * page's link annotations. A report with numbered notes ignores link annotations (a link in the
 * body is not a note).
 */
export function splitFootnotes(pages: readonly PdfPage[]): { body: MarkedPage[]; notes: SourceNote[][] } {
  const body = bodyRunSize(pages);
  if (body === 0) return urlNotes(pages);
  const feet = pages.map((page) => footLines(page, body));
  const rough = feet.map((foot, page) => noteZone(foot, pages[page]!.lines.length, null));
  const noteSize = notesSize(rough);
  const zones =
    noteSize === null ? rough : feet.map((foot, page) => noteZone(foot, pages[page]!.lines.length, noteSize));
  const candidates: Candidate[] = [];
  zones.forEach((zone, page) => {
    zone.lines.forEach((line, index) =>
      collectCandidates(line, zone.size, page, index, candidates, zone.lines[index - 1]?.text),
    );
  });
  const chain = bestChain(candidates);
  if (chain.length < 2 && !(chain.length === 1 && chain[0]!.strength === STRONG)) return urlNotes(pages);
  const { notes, bodyLines } = readNotes(pages, zones, chain);
  return { body: markBodies(pages, bodyLines, notes), notes: notes.map((list) => list.map(finishNote)) };
}

/** A line's text rebuilt from its runs, with where each run starts in it. */
interface ZoneLine {
  line: MarkedLine;
  text: string;
  starts: number[];
  /** The size most of its characters are set in, and their baseline. */
  size: number;
  baseline: number;
}

interface Zone {
  /** Index in the page's lines of the zone's first line. */
  start: number;
  /** The zone's lines that may hold notes (trailing furniture in another size left out). */
  lines: ZoneLine[];
  /** The type size of the notes' text. */
  size: number;
}

const STRONG = 3;
const LINE_START = 2;
const AFTER_SENTENCE = 1;

interface Candidate {
  page: number;
  line: number;
  /** Where the number starts in the line's text, and where the note's text starts. */
  at: number;
  textAt: number;
  number: number;
  strength: number;
}

/** Type this much smaller than the body (in points) is the notes' (or a superscript's). */
const SMALLER_BY = 0.4;
/** A run at most this fraction of its line's size, or raised by this fraction, is a superscript. */
const SUPERSCRIPT_RATIO = 0.85;
const RAISE_RATIO = 0.2;
/** Notes a chain may skip between two it keeps (a start that could not be read). */
const MAX_SKIP = 3;

/**
 * The size most characters in the upper half of the pages are set in, counted per run (a line's
 * size is its largest run's): in a short report with long notes, the notes can outweigh the body
 * over whole pages, but they sit at the foot; and in a report of many tables, the cells can
 * outweigh it, but their rows leave wide gaps.
 */
function bodyRunSize(pages: readonly PdfPage[]): number {
  const counts = new Map<number, number>();
  for (const page of pages) {
    for (const line of page.lines) {
      if (line.y < page.height / 2 || isTableRow(line.runs)) continue;
      for (const run of line.runs) {
        const size = Math.round(run.size * 2) / 2;
        counts.set(size, (counts.get(size) ?? 0) + trimmedLength(run.text));
      }
    }
  }
  let best = 0;
  let bestCount = 0;
  for (const [size, count] of counts) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}

/** Runs apart by more than twice their size: cells of a table row, whose type says nothing of the body's. */
function isTableRow(runs: readonly PositionedText[]): boolean {
  let before: PositionedText | undefined;
  for (const run of sortedByX(runs) ?? runs) {
    if (isBlank(run.text)) continue;
    if (before && run.x - (before.x + before.width) > run.size * 2) return true;
    before = run;
  }
  return false;
}

/*
 * A line's runs are read many times over (its type, its text, its markers), and a line of
 * thousands of markers holds tens of thousands of runs: these helpers read them without the
 * copies `trim()` and `[...runs].sort()` would make of every one, every time.
 */

/** The runs sorted left to right (stable), or null when they already are: pdfLines.ts leaves them so. */
function sortedByX(runs: readonly PositionedText[]): PositionedText[] | null {
  for (let index = 1; index < runs.length; index++) {
    if (runs[index]!.x < runs[index - 1]!.x) return [...runs].sort((a, b) => a.x - b.x);
  }
  return null;
}

/** `text.trim() === ""`. */
function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (!isSpaceCode(text.charCodeAt(index))) return false;
  return true;
}

/** `text.trim().length`. */
function trimmedLength(text: string): number {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return end - start;
}

/** The size and baseline most of a line's characters are set in. */
function mainRun(runs: readonly PositionedText[]): { size: number; baseline: number } {
  const counts = new Map<number, { count: number; baseline: number }>();
  for (const run of runs) {
    const size = Math.round(run.size * 2) / 2;
    const entry = counts.get(size);
    if (entry) entry.count += trimmedLength(run.text);
    else counts.set(size, { count: trimmedLength(run.text), baseline: run.y });
  }
  let size = 0;
  let best = { count: -1, baseline: 0 };
  // forEach, not for…of: no [key, value] pair made for each size of each line.
  counts.forEach((entry, key) => {
    if (entry.count <= best.count) return;
    size = key;
    best = entry;
  });
  return { size, baseline: best.baseline };
}

/**
 * Runs joined as pdfLines.ts joins them (a space where they leave a gap wider than 15% of the
 * type size), remembering where each run starts so that a line can be cut at a run.
 */
function joinRuns(runs: readonly PositionedText[]): { text: string; starts: number[] } {
  let text = "";
  let last = "";
  let end = -Infinity;
  const starts: number[] = [];
  for (const run of runs) {
    const gap = run.x - end;
    if (text !== "" && gap > run.size * 0.15 && !isSpace(last) && !isSpace(run.text[0])) text += " ";
    starts.push(text.length);
    text += run.text;
    if (run.text !== "") last = run.text.at(-1)!;
    end = run.x + run.width;
  }
  return { text, starts };
}

/** The page's last lines set smaller than the body, top to bottom: where its notes can be. */
function footLines(page: PdfPage, body: number): ZoneLine[] {
  const lines: ZoneLine[] = [];
  for (let index = page.lines.length - 1; index >= 0; index--) {
    const line = page.lines[index]!;
    const sorted = sortedByX(line.runs);
    const runs = sorted ?? line.runs;
    // The type first: the body line that ends the walk is not joined for nothing.
    const main = mainRun(runs);
    if (main.size > body - SMALLER_BY) break;
    const { text, starts } = joinRuns(runs);
    lines.push({ line: sorted ? { ...line, runs: sorted } : line, text, starts, ...main });
  }
  return lines.reverse();
}

/**
 * The note zone in a page's foot lines (`footLines`; the page has `lineCount` lines): less
 * trailing lines in another size than the notes' or after a wide gap (a footer), up to the first
 * line set larger than the notes (a disclaimer in type between the notes' and the body's).
 */
function noteZone(lines: readonly ZoneLine[], lineCount: number, noteSize: number | null): Zone {
  const start = lineCount - lines.length;
  let size = noteSize ?? 0;
  if (noteSize === null) {
    const sizes = new Map<number, number>();
    for (const line of lines) sizes.set(line.size, (sizes.get(line.size) ?? 0) + line.text.length);
    let most = -1;
    for (const [key, count] of sizes) if (count > most) [size, most] = [key, count];
  }
  let end = lines.length;
  while (end > 0) {
    const line = lines[end - 1]!;
    const previous = lines[end - 2];
    const gap = previous ? previous.baseline - line.baseline : 0;
    if (Math.abs(line.size - size) > 0.5 || gap > size * 2.5) end--;
    else break;
  }
  let first = end;
  while (first > 0 && lines[first - 1]!.size <= size + 0.5) first--;
  return { start: start + first, lines: lines.slice(first, end), size };
}

/**
 * The notes' type size through the document: the size of the zone lines that open with a
 * superscript number (a note's start). Null when no line does.
 */
function notesSize(zones: readonly Zone[]): number | null {
  const counts = new Map<number, number>();
  for (const zone of zones) {
    zone.lines.forEach((line, index) => {
      const first = line.line.runs.find((run) => !isBlank(run.text));
      if (!first || plainNumber(first.text) === null) return;
      // A number on a line of its own (raised far): the note's text is the next line.
      const text = plainNumber(line.text) !== null ? zone.lines[index + 1] : line;
      if (!text || first.size > text.size * SUPERSCRIPT_RATIO) return;
      counts.set(text.size, (counts.get(text.size) ?? 0) + text.text.length);
    });
  }
  let size: number | null = null;
  let most = 0;
  for (const [key, count] of counts) if (count > most) [size, most] = [key, count];
  return size;
}

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= "0" && char <= "9";
/*
 * Patterns tested over and over are made once: a regular expression literal is a new object each
 * time it is evaluated.
 */
const SENTENCE_END = /[.;]["”’)]?$/;
const NOTE_TEXT_START = /\p{L}|["“‘(]/u;
const FINISHED = /[.!?]["”’)]*$/;
const MARKER_TEXT = /^[\d,\s\u2013-]+$/;
const DIGIT = /\d/;
const URL_IN_TEXT = /https?:\/\/|www\./i;

const isSpace = (char: string | undefined): boolean =>
  char !== undefined && char !== "" && isSpaceCode(char.charCodeAt(0));

/** The note starts a zone line could hold, in reading order. */
function collectCandidates(
  zone: ZoneLine,
  notesSize: number,
  page: number,
  line: number,
  out: Candidate[],
  previous?: string,
): void {
  const { text, starts, line: pdfLine } = zone;
  // A number raised far enough to get a line of its own is measured against the notes' size.
  const size = Math.max(zone.size, notesSize);
  // The strong starts, in reading order: the runs are (footLines), and so are their offsets.
  const found: Candidate[] = [];
  for (let index = 0; index < pdfLine.runs.length; index++) {
    const run = pdfLine.runs[index]!;
    const number = plainNumber(run.text);
    if (number === null) continue;
    const smaller = run.size <= size * SUPERSCRIPT_RATIO;
    const raised = run.y > zone.baseline + size * RAISE_RATIO;
    if (!smaller && !raised) continue;
    let digits = 0;
    while (isSpaceCode(run.text.charCodeAt(digits))) digits++;
    const at = starts[index]! + digits;
    while (digits < run.text.length && !isSpaceCode(run.text.charCodeAt(digits))) digits++;
    found.push({ page, line, at, textAt: starts[index]! + digits, number, strength: STRONG });
  }
  const strong = found.length;
  // The first strong start not before the number being read (read left to right, so it only moves on).
  let nextStrong = 0;
  // Numbers in the note's own size: opening the line, or after a sentence's end ("2026. 12 Name").
  let index = 0;
  while (index < text.length) {
    if (!isDigit(text[index]) || isDigit(text[index - 1])) {
      index++;
      continue;
    }
    let end = index;
    while (isDigit(text[end])) end++;
    // The last character before the number that is not a space (walked back, not sliced: a
    // line of many numbers must not cost its square).
    let back = index - 1;
    while (back >= 0 && isSpace(text[back])) back--;
    const atStart = back < 0;
    const afterSentence =
      !atStart && isSpace(text[index - 1]) && SENTENCE_END.test(text.slice(Math.max(0, back - 1), back + 1));
    let textAt = end;
    if (text[textAt] === ".") textAt++;
    while (nextStrong < strong && found[nextStrong]!.at < index) nextStrong++;
    const strongHere = nextStrong < strong && found[nextStrong]!.at === index;
    if (
      end - index <= 4 &&
      (atStart || afterSentence) &&
      !strongHere &&
      isSpace(text[textAt]) &&
      NOTE_TEXT_START.test(text[textAt + 1] ?? "")
    ) {
      // A line that opens with a number after a line left mid-sentence is more likely the note
      // going on ("… see" / "13 U.S.C. §2") than the next note.
      const afterFinished = previous === undefined || finished(previous);
      const strength = atStart ? (afterFinished ? LINE_START : AFTER_SENTENCE) : AFTER_SENTENCE;
      found.push({ page, line, at: index, textAt, number: Number(text.slice(index, end)), strength });
    }
    index = end;
  }
  if (found.length > 1) found.sort((a, b) => a.at - b.at);
  out.push(...found);
}

/**
 * The chain of candidates with strictly increasing numbers (mostly consecutive) that scores
 * best: each kept note adds 10 and its strength, each skipped number costs 8.
 */
function bestChain(candidates: readonly Candidate[]): Candidate[] {
  const score: number[] = [];
  const previous: number[] = [];
  const bestByNumber = new Map<number, number>();
  candidates.forEach((candidate, index) => {
    let bestScore = 10 + candidate.strength - (candidate.number > 1 ? 8 : 0);
    let from = -1;
    for (let skip = 0; skip <= MAX_SKIP; skip++) {
      const before = bestByNumber.get(candidate.number - 1 - skip);
      if (before === undefined) continue;
      const value = score[before]! + 10 + candidate.strength - 8 * skip;
      if (value > bestScore) [bestScore, from] = [value, before];
    }
    score.push(bestScore);
    previous.push(from);
    const held = bestByNumber.get(candidate.number);
    if (held === undefined || score[held]! < bestScore) bestByNumber.set(candidate.number, index);
  });
  let end = -1;
  score.forEach((value, index) => {
    if (end < 0 || value > score[end]!) end = index;
  });
  const chain: Candidate[] = [];
  for (let at = end; at >= 0; at = previous[at]!) chain.push(candidates[at]!);
  return chain.reverse();
}

interface OpenNote {
  number: number;
  parts: string[];
}

/** A note's last line that holds text. */
function lastPart(parts: readonly string[]): string {
  for (let index = parts.length - 1; index >= 0; index--) if (parts[index]!.trim() !== "") return parts[index]!;
  return "";
}

/**
 * A note's text without the "(continued...)" some house styles print where a note breaks off at
 * a page's foot, and whether it had one.
 */
function withoutContinued(text: string): { text: string; continued: boolean } {
  const trimmed = text.trimEnd();
  const open = trimmed.lastIndexOf("(");
  if (open < 0 || !trimmed.endsWith(")")) return { text, continued: false };
  let end = trimmed.length - 1;
  while (end > open + 1 && (trimmed[end - 1] === "." || trimmed[end - 1] === "…" || isSpace(trimmed[end - 1]))) end--;
  const inside = trimmed.slice(open + 1, end).toLowerCase();
  if (inside !== "continued" && inside !== "cont" && inside !== "continued on next page")
    return { text, continued: false };
  return { text: trimmed.slice(0, open).trimEnd(), continued: true };
}

/** Whether a note's text reads as finished: it ends a sentence and does not say it continues. */
const finished = (text: string): boolean => !withoutContinued(text).continued && FINISHED.test(text.trimEnd());

/**
 * Each page's notes from the chain, and which of each page's lines stay in its body (lines above
 * the zone, zone lines before the first note that do not continue one, furniture below it).
 */
function readNotes(
  pages: readonly PdfPage[],
  zones: readonly Zone[],
  chain: readonly Candidate[],
): { notes: OpenNote[][]; bodyLines: MarkedLine[][] } {
  const notes: OpenNote[][] = pages.map(() => []);
  const bodyLines: MarkedLine[][] = [];
  let open: OpenNote | null = null;
  let next = 0;
  pages.forEach((page, pageIndex) => {
    const zone = zones[pageIndex]!;
    const starts: Candidate[] = [];
    while (next < chain.length && chain[next]!.page === pageIndex) starts.push(chain[next++]!);
    const keep: MarkedLine[] = page.lines.slice(0, zone.start);
    const continues = open !== null && !finished(lastPart(open.parts));
    let cursor = 0;
    let inNote = continues;
    zone.lines.forEach((line, index) => {
      let from = 0;
      while (cursor < starts.length && starts[cursor]!.line === index) {
        const start = starts[cursor++]!;
        if (inNote && open) open.parts.push(line.text.slice(from, start.at));
        open = { number: start.number, parts: [] };
        notes[pageIndex]!.push(open);
        inNote = true;
        from = start.textAt;
      }
      if (inNote && open) open.parts.push(line.text.slice(from));
      else keep.push(line.line);
    });
    // Lines below the zone (furniture in another size) stay where they were.
    const zoneEnd = zone.start + zone.lines.length;
    keep.push(...page.lines.slice(zoneEnd));
    bodyLines.push(keep);
    // A note runs on only to the next page's foot.
    if (zone.lines.length === 0) open = null;
  });
  return { notes, bodyLines };
}

const URL_START = /^(?:https?:\/\/|www\.)/i;

/**
 * Joins a note's lines: a line ending inside a URL continues it with no space (a URL ends at a
 * comma or semicolon, or at a full stop the next line does not continue as a URL), a line ending
 * in a hyphen continues the word, anything else takes a space.
 */
function joinNoteLines(parts: readonly string[]): string {
  const pieces: string[] = [];
  // The text's last token, as far as the joining rule needs it: whether it is (part of) a URL,
  // and its last line's share (a URL broken over many lines is not re-read whole each time).
  let inUrl = false;
  let tail = "";
  for (const raw of parts) {
    const part = collapseSpaces(raw).trim();
    if (part === "") continue;
    const space = part.indexOf(" ");
    const firstToken = space < 0 ? part : part.slice(0, space);
    let glue = " ";
    if (pieces.length === 0) glue = "";
    else if (inUrl) {
      if (/[,;]$/.test(tail)) glue = " ";
      else if (tail.endsWith(".")) glue = /^[\p{Ll}\d]/u.test(firstToken) && /[/.=?&%]/.test(firstToken) ? "" : " ";
      else glue = "";
    } else if (/\p{L}-$/u.test(tail)) glue = "";
    pieces.push(glue, part);
    const lastSpace = part.lastIndexOf(" ");
    tail = part.slice(lastSpace + 1);
    if (lastSpace >= 0 || glue !== "") inUrl = URL_START.test(tail) || tail.includes("://");
    else inUrl = inUrl || URL_START.test(tail) || tail.includes("://");
  }
  return pieces.join("");
}

/** Every URL in a note's text, whole, without the punctuation that ends its sentence. */
export function urlsOf(text: string): string[] {
  const urls: string[] = [];
  // Most notes hold none: not split into tokens for nothing.
  if (!URL_IN_TEXT.test(text)) return urls;
  for (const token of text.split(/\s+/)) {
    const at = token.search(URL_IN_TEXT);
    if (at < 0) continue;
    let url = token.slice(at);
    while (url !== "" && /[.,;:)\]"”’>]/.test(url.at(-1)!)) {
      // A closing bracket the URL itself opened is part of it.
      if (url.endsWith(")") && url.includes("(")) break;
      url = url.slice(0, -1);
    }
    if (url.startsWith("www.")) url = `https://${url}`;
    if (url.length > "https://".length) urls.push(url);
  }
  return urls;
}

function finishNote(note: OpenNote): SourceNote {
  const text = joinNoteLines(note.parts.map((part) => withoutContinued(part).text));
  const urls = urlsOf(text);
  return { number: note.number, text, url: urls[0] ?? null, urls };
}

/** Digits, commas and dashes (`3`, `3,4`, `5–7`): what a marker run may hold. */
const isMarkerText = (text: string): boolean => MARKER_TEXT.test(text) && DIGIT.test(text);
/**
 * A marker far from its note (endnotes) counts when it is at most this far past the last marker
 * read: one unreadable marker must not lose all the rest.
 */
const MARKER_WINDOW = 3;
/** A range of markers written `5–7` expands to at most this many notes. */
const MAX_RANGE = 20;

function markerNumbers(text: string): number[] | null {
  const single = plainNumber(text);
  if (single !== null) return [single];
  const numbers: number[] = [];
  for (const piece of text.split(",")) {
    const part = piece.trim();
    if (part === "") continue;
    const range = /^(\d{1,4})\s*[\u2013-]\s*(\d{1,4})$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (to <= from || to - from > MAX_RANGE) return null;
      for (let number = from; number <= to; number++) numbers.push(number);
    } else if (/^\d{1,4}$/.test(part)) numbers.push(Number(part));
    else return null;
  }
  return numbers.length > 0 ? numbers : null;
}

/** The number a marker of one to four digits (spaces around) stands for, else null. */
function plainNumber(text: string): number | null {
  let start = 0;
  let end = text.length;
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (end === start || end - start > 4) return null;
  let number = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return null;
    number = number * 10 + (code - 0x30);
  }
  return number;
}

/**
 * Each page's body lines with their markers read: a group of adjacent superscript runs of
 * digits whose every number is a note on this page, the next or the one before (a note pushed
 * over), or a note a few past the last marker, leaves the text and becomes the line's markers.
 */
function markBodies(
  pages: readonly PdfPage[],
  bodyLines: readonly MarkedLine[][],
  notes: readonly OpenNote[][],
): MarkedPage[] {
  const notePage = new Map<number, number>();
  notes.forEach((list, page) => {
    for (const note of list) notePage.set(note.number, page);
  });
  let lastMarker = 0;
  const accepts = (number: number, page: number): boolean => {
    const at = notePage.get(number);
    if (at === undefined) return false;
    return Math.abs(at - page) <= 1 || (number > lastMarker && number <= lastMarker + MARKER_WINDOW);
  };
  return pages.map((page, pageIndex) => {
    const lines = attachLoneMarkers(bodyLines[pageIndex] ?? []);
    const marked = lines.map((line) => {
      const runs = sortedByX(line.runs) ?? line.runs;
      const { size, baseline } = mainRun(runs);
      const kept: PositionedText[] = [];
      const markers: number[] = [];
      // For each marker, how many kept runs precede it: where it stood in the line.
      const cuts: number[] = [];
      let index = 0;
      while (index < runs.length) {
        const run = runs[index]!;
        if (!isMarkerRun(run, size, baseline)) {
          kept.push(run);
          index++;
          continue;
        }
        let end = index;
        let groupText = "";
        while (
          end < runs.length &&
          (isMarkerRun(runs[end]!, size, baseline) || (end > index && isBlank(runs[end]!.text)))
        ) {
          groupText += runs[end]!.text;
          end++;
        }
        const numbers = markerNumbers(groupText);
        if (numbers?.every((number) => accepts(number, pageIndex))) {
          markers.push(...numbers);
          cuts.push(...numbers.map(() => kept.length));
          for (const number of numbers) lastMarker = Math.max(lastMarker, number);
          // A space run that followed the marker keeps the words apart.
          if (isBlank(runs[end - 1]!.text)) kept.push(runs[end - 1]!);
        } else kept.push(...runs.slice(index, end));
        index = end;
      }
      if (markers.length === 0) return line;
      const { text, at: markerAt } = joinRunsAround(kept, cuts);
      // The line's baseline without the raised marker that lifted it.
      const y = kept.reduce((top, run) => (isBlank(run.text) ? top : Math.max(top, run.y)), -Infinity);
      return { ...line, text, y: Number.isFinite(y) ? y : line.y, runs: kept, markers, markerAt };
    });
    return {
      number: page.number,
      width: page.width,
      height: page.height,
      lines: marked.filter((line) => line.text !== ""),
    };
  });
}

function isMarkerRun(run: PositionedText, size: number, baseline: number): boolean {
  // Untrimmed: the spaces around a marker are within what it may hold.
  if (!isMarkerText(run.text)) return false;
  return run.size <= size * SUPERSCRIPT_RATIO && run.y >= baseline - size * 0.1;
}

/**
 * A marker raised far enough for pdfLines.ts to give it a line of its own joins the line below
 * it, where it sits.
 */
function attachLoneMarkers(lines: readonly MarkedLine[]): MarkedLine[] {
  const out: MarkedLine[] = [];
  let pending: PositionedText[] = [];
  lines.forEach((line, index) => {
    const lone = line.runs.length > 0 && line.runs.every((run) => isBlank(run.text) || isMarkerText(run.text));
    const visible = lone ? line.runs.filter((run) => !isBlank(run.text)) : [];
    if (visible.length > 0) {
      const next = lines[index + 1];
      if (next && line.y - next.y < next.size && visible.every((run) => run.size <= next.size * SUPERSCRIPT_RATIO)) {
        pending.push(...line.runs);
        return;
      }
    }
    if (pending.length > 0) {
      out.push({ ...line, runs: [...line.runs, ...pending].sort((a, b) => a.x - b.x) });
      pending = [];
    } else out.push(line);
  });
  return out;
}

/** The older reading, for reports without numbered notes: URL-only lines, then link annotations. */
function urlNotes(pages: readonly PdfPage[]): { body: MarkedPage[]; notes: SourceNote[][] } {
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
