import { concatMarked, zipMarkers } from "./markedText.js";
import type { SourceLine } from "./model.js";
import { isCaptionTitle, isContentsPage } from "./pdfContents.js";
import { bodySize, buildLines, type PdfLine, type PositionedText, usualLineStep } from "./pdfLines.js";
import type { MarkedLine, MarkedPage, OutlineEntry, PdfPage } from "./pdfTypes.js";
import { textKey } from "./textScan.js";

/** The top and bottom share of a page where running headers, footers and page numbers sit. */
const BAND = 0.1;
/** Lines at each end of a page examined as furniture: the outermost ones only. */
const EDGE_LINES = 2;
/** A band line repeating (digits masked) on this share of the pages, and on two at least, is running. */
const RUNNING_SHARE = 0.3;
/** The contents list comes within this many pages of the start; the pages before it are front matter. */
const MAX_FRONT_PAGES = 6;
/** A front page's side column starts right of this share of the page's width… */
const SIDE_COLUMN = 0.55;
/** …after a gap of this many font sizes (justified word spaces reach about 0.8). */
const SIDE_GAP = 1.5;
/** Larger than body text by this factor: display type (a title, a heading). */
const LARGE_RATIO = 1.1;
/** A vertical step this much larger than the usual line step is a paragraph gap. */
const PARAGRAPH_GAP_RATIO = 1.3;
/** Runs this many font sizes apart on one line are separate columns or table cells. */
const COLUMN_GAP = 2.5;
/** A heading (or a caption's title) wraps over at most this many lines. */
const MAX_HEADING_LINES = 3;
/** Deepest heading level given. */
const MAX_LEVEL = 6;
/** Occurrences of one outline title examined when matching it to a line. */
const MAX_MATCH_TRIES = 50;

const isDigit = (character: string): boolean => character >= "0" && character <= "9";

/** The line's text with digits masked and case folded: a running footer's key on every page. */
function runningKey(line: PdfLine): string {
  // Words that are only digits (the page number) are left out, not masked: a footer that
  // carries no number on the front pages ("Institute") and one on the body's ("Institute 3")
  // are one footer.
  const words = line.text
    .toLowerCase()
    .split(" ")
    .filter((word) => word !== "" && ![...word].every(isDigit));
  let key = `${Math.round(line.size)}|`;
  for (const character of words.join(" ")) key += isDigit(character) ? "#" : character;
  return textKey(key);
}

/** "12", "iv", "Page 3", "3 of 20", "- 7 -": a page number alone. */
function isPageNumber(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(" ")
    .filter((word) => word !== "" && word !== "-" && word !== "–" && word !== "page" && word !== "of");
  return (
    words.length > 0 &&
    words.length <= 2 &&
    words.every(
      (word) =>
        [...word].every(isDigit) || (word.length <= 5 && [...word].every((character) => "ivxlc".includes(character))),
    )
  );
}

/** The page's lines at its top and bottom edges, inside the bands. */
function edgeLines(page: PdfPage): Set<PdfLine> {
  const edges = new Set<PdfLine>();
  const top = page.height * (1 - BAND);
  const bottom = page.height * BAND;
  for (const line of page.lines.slice(0, EDGE_LINES)) if (line.y >= top) edges.add(line);
  for (const line of page.lines.slice(-EDGE_LINES)) if (line.y <= bottom) edges.add(line);
  return edges;
}

/** A line cut where its runs leave a column-wide gap: a two-column page's line is two. */
function splitColumns(line: PdfLine): PdfLine[] {
  const pieces: PositionedText[][] = [[]];
  let end = -Infinity;
  for (const run of line.runs) {
    if (run.text.trim() === "") continue;
    if (pieces.at(-1)!.length > 0 && run.x - end > COLUMN_GAP * run.size) pieces.push([]);
    pieces.at(-1)!.push(run);
    end = run.x + run.width;
  }
  return pieces.length === 1 ? [line] : pieces.flatMap((runs) => buildLines(runs));
}

/**
 * A front-page line without the side column's text pdf.js set on the same baseline (the date,
 * an author's name beside the summary): what starts right of SIDE_COLUMN after a gap wider than
 * any word space.
 */
function withoutSideColumn(line: PdfLine, width: number): PdfLine[] {
  let end = -Infinity;
  const kept: PositionedText[] = [];
  for (const run of line.runs) {
    if (kept.length > 0 && run.x > width * SIDE_COLUMN && run.x - end > SIDE_GAP * run.size) break;
    kept.push(run);
    end = Math.max(end, run.x + run.width);
  }
  return kept.length === line.runs.length ? [line] : buildLines(kept);
}

/** A first page that is a cover: display type and little body text. */
function isCover(page: PdfPage, body: number): boolean {
  let bodyCharacters = 0;
  let display = false;
  for (const line of page.lines) {
    if (Math.abs(line.size - body) < 0.5) bodyCharacters += line.text.length;
    if (line.size >= body * 1.3) display = true;
  }
  return display && bodyCharacters < 400;
}

/**
 * Drops what is not the report's text: running headers and footers (lines at a page's top or
 * bottom edge repeating, digits masked, on many pages), page numbers there, the contents list's
 * pages, and the cover: on the pages before the contents list (or a cover-like first page) the
 * display type (titles) and the side column (report number, date, authors) go, the summary's text
 * stays. Linear: repetition is counted in a Map of masked keys.
 */
export function removeFurniture(pages: readonly PdfPage[]): PdfPage[] {
  const body = bodySize(upperHalves(pages));
  const edges = pages.map(edgeLines);
  const pagesWithKey = new Map<string, number>();
  for (const pageEdges of edges) {
    for (const key of new Set([...pageEdges].map(runningKey))) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * RUNNING_SHARE));
  const cleaned = pages.map((page, index) => {
    const pageEdges = edges[index]!;
    // A page whose every line is at its edges holds no header above a body: its lines are its
    // text (a short page set high, the same sentence on every page of a form).
    if (page.lines.length <= pageEdges.size)
      return { ...page, lines: page.lines.filter((line) => !isPageNumber(line.text)) };
    const lines = page.lines.filter(
      (line) =>
        !(pageEdges.has(line) && (isPageNumber(line.text) || (pagesWithKey.get(runningKey(line)) ?? 0) >= threshold)),
    );
    return { ...page, lines };
  });

  const contents = cleaned.map((page) => isContentsPage(page.lines));
  const firstContents = contents.indexOf(true);
  // A one-page document has no cover: its first page is all of it.
  const coverFirst = cleaned.length > 1 && cleaned[0] !== undefined && isCover(cleaned[0], body);
  const frontPages = firstContents >= 0 && firstContents < MAX_FRONT_PAGES ? firstContents : coverFirst ? 1 : 0;
  return cleaned.map((page, index) => {
    if (contents[index]) return { ...page, lines: [] };
    if (index >= frontPages) return page;
    const lines = page.lines
      .filter((line) => line.size < body * LARGE_RATIO && line.x < page.width * SIDE_COLUMN)
      .flatMap((line) => withoutSideColumn(line, page.width));
    return { ...page, lines: index === 0 && coverFirst ? [] : lines };
  });
}

/**
 * The lines in each page's upper half: the body's size is measured there, since a page's
 * footnotes (smaller type, at its foot) can outnumber its body text when they have not been
 * split off yet, or on a page of long notes.
 */
function upperHalves(pages: readonly { height: number; lines: readonly PdfLine[] }[]): PdfLine[][] {
  return pages.map((page) => page.lines.filter((line) => line.y > page.height / 2));
}

/** The font most of a line's characters are set in. */
function faceOf(line: PdfLine): string | undefined {
  const counts = new Map<string, number>();
  for (const run of line.runs)
    if (run.font && run.text.trim() !== "") counts.set(run.font, (counts.get(run.font) ?? 0) + run.text.length);
  let best: string | undefined;
  let bestCount = -1;
  for (const [font, count] of counts) if (count > bestCount) [best, bestCount] = [font, count];
  return best;
}

/** Whether every visible run of the line is in one face. */
function singleFace(line: PdfLine): boolean {
  const fonts = new Set(line.runs.filter((run) => run.text.trim() !== "").map((run) => run.font));
  return fonts.size === 1;
}

/** The face most body-size characters are set in. */
function bodyFace(pages: readonly (readonly PdfLine[])[], body: number): string | undefined {
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const line of lines) {
      for (const run of line.runs) {
        if (run.font && Math.abs(run.size - body) < 0.5)
          counts.set(run.font, (counts.get(run.font) ?? 0) + run.text.length);
      }
    }
  }
  let best: string | undefined;
  let bestCount = -1;
  for (const [font, count] of counts) if (count > bestCount) [best, bestCount] = [font, count];
  return best;
}

function isSourceOrNote(text: string): boolean {
  const lower = text.slice(0, 9).toLowerCase();
  return ["source:", "sources:", "note:", "notes:"].some((start) => lower.startsWith(start));
}

/** A line's comparable letters and digits only: outline titles and lines match on this. */
function matchKey(text: string): string {
  let key = "";
  for (const character of text.normalize("NFKC").toLowerCase()) {
    if (/[\p{L}\p{N}]/u.test(character)) key += character;
  }
  return textKey(key);
}

type Role =
  | { kind: "text" }
  | { kind: "drop" }
  | { kind: "heading"; text: string; level: number; markers: number[] }
  | { kind: "caption"; text: string; markers: number[]; markerAt: number[] };

interface Item {
  line: MarkedLine;
  page: number;
  /** The page's 1-based number in the PDF. */
  pageNumber: number;
  /** Index of the line on its page. */
  index: number;
  role: Role;
}

/**
 * Each page's body lines as source lines. Headings come from the outline when it has one (or
 * the contents list standing in for it): each entry's title is looked for, in order, among the
 * lines (alone or wrapped over up to three) set apart from the body's type; the level is the
 * entry's. A heading in a style the outline lists that it does not name, after its last entry,
 * starts the back matter (contacts, disclaimers), which is dropped. Without an outline, headings
 * are blocks of at most three lines set larger than the body or whole in another face, levels by
 * style (size first). Never from a line's words alone: every other line says `heading: false`.
 * Figure and table titles, and their Source/Notes lines, are captions; what lies between a title
 * and its Source line (cells, chart labels) is dropped.
 */
export function classifyLines(pages: readonly MarkedPage[], outline: readonly OutlineEntry[]): SourceLine[][] {
  const pageLines = pages.map((page) => page.lines.filter((line) => !isPageNumber(line.text)));
  const body = bodySize(upperHalves(pages));
  const face = bodyFace(pageLines, body);
  const step = usualLineStep(pageLines, body);
  const styleOf = (line: PdfLine): string => `${Math.round(line.size * 2) / 2}|${faceOf(line) ?? ""}`;
  const isBodyStyle = (line: PdfLine): boolean =>
    Math.abs(line.size - body) < 0.5 && (faceOf(line) === face || !singleFace(line));
  const gapBefore = (lines: readonly PdfLine[], index: number): boolean => {
    const previous = lines[index - 1];
    const line = lines[index]!;
    return !previous || (previous.y - line.y) / line.size > step * PARAGRAPH_GAP_RATIO;
  };
  const close = (lines: readonly PdfLine[], index: number): boolean =>
    (lines[index - 1]!.y - lines[index]!.y) / lines[index]!.size <= step * PARAGRAPH_GAP_RATIO * 1.2;

  const items: Item[][] = pageLines.map((lines, page) =>
    lines.map((line, index) => ({ line, page, pageNumber: pages[page]!.number, index, role: { kind: "text" } })),
  );

  // Figures and tables: title, content, Source/Notes.
  for (const pageItems of items) {
    const lines = pageItems.map((item) => item.line);
    let index = 0;
    while (index < lines.length) {
      const line = lines[index]!;
      if (isSourceOrNote(line.text) && line.size < body - 0.25) {
        index = captionBlock(
          pageItems,
          index,
          (next) => !isSourceOrNote(lines[next]!.text) && lines[next]!.size === line.size && close(lines, next),
        );
        continue;
      }
      if (!isCaptionTitle(line.text) || (isBodyStyle(line) && !gapBefore(lines, index))) {
        index++;
        continue;
      }
      const style = styleOf(line);
      let end = captionBlock(
        pageItems,
        index,
        (next) =>
          next - index < MAX_HEADING_LINES &&
          styleOf(lines[next]!) === style &&
          close(lines, next) &&
          !isCaptionTitle(lines[next]!.text),
      );
      let source = end;
      while (source < lines.length && !isSourceOrNote(lines[source]!.text) && !isCaptionTitle(lines[source]!.text))
        source++;
      if (source < lines.length && isSourceOrNote(lines[source]!.text)) {
        for (let inner = end; inner < source; inner++) pageItems[inner]!.role = { kind: "drop" };
        // The figure's Source and Notes, whatever their size, each with the lines it runs on to.
        while (source < lines.length && isSourceOrNote(lines[source]!.text)) {
          const size = lines[source]!.size;
          source = captionBlock(
            pageItems,
            source,
            (next) =>
              !isSourceOrNote(lines[next]!.text) && Math.abs(lines[next]!.size - size) < 0.25 && close(lines, next),
          );
        }
      } else {
        while (end < lines.length && !isBodyStyle(lines[end]!)) pageItems[end++]!.role = { kind: "drop" };
        source = end;
      }
      index = source;
    }
    // Table rows that lost their title (a table running on from the page before): cells apart.
    for (const item of pageItems)
      if (item.role.kind === "text" && splitColumns(item.line).length > 2) item.role = { kind: "drop" };
  }

  const flat = items.flat().filter((item) => item.role.kind === "text");
  const matched = outline.length > 0 ? matchOutline(flat, outline, isBodyStyle) : [];
  // An outline that names lines this document does not have (most of its titles unfound) is
  // not this text's: type decides instead.
  const useOutline = matched.length > 0 && matched.length * 2 >= Math.min(outline.length, flat.length);
  if (useOutline) for (const match of matched) setHeading(match.items, match.level);

  // Typographic heading blocks: consecutive lines of one style, set apart from the body's.
  const blocks: { items: Item[]; box: boolean; end: number; pageItems: Item[] }[] = [];
  for (const pageItems of items) {
    const lines = pageItems.map((item) => item.line);
    let index = 0;
    while (index < pageItems.length) {
      const item = pageItems[index]!;
      if (item.role.kind !== "text" || isBodyStyle(item.line) || item.line.size < body - 0.25) {
        index++;
        continue;
      }
      const style = styleOf(item.line);
      let end = index + 1;
      while (
        end < pageItems.length &&
        pageItems[end]!.role.kind === "text" &&
        styleOf(lines[end]!) === style &&
        close(lines, end)
      )
        end++;
      const block = pageItems.slice(index, end);
      const text = block.map((part) => part.line.text).join(" ");
      const large = item.line.size >= body * LARGE_RATIO;
      // What the block introduces; a raised fragment ("th" of "118th", a marker) set as a line
      // of its own above the next line is not it.
      let next = end;
      while (
        next + 1 < lines.length &&
        lines[next]!.size < body * 0.75 &&
        lines[next]!.y - lines[next + 1]!.y < body * 0.6
      )
        next++;
      const after = lines[next];
      if (
        block.length <= MAX_HEADING_LINES &&
        (large || gapBefore(lines, index)) &&
        !text.endsWith(".") &&
        text.length <= 200
      ) {
        // A title over smaller type is a text box's or a figure's, not a section's (unless
        // it starts the back matter, below).
        const box = after !== undefined && after.size < body - 0.25;
        // A heading at body size stands apart below too: a bold first sentence runs on.
        const apart = !after || (after.y < item.line.y && (lines[end - 1]!.y - after.y) / after.size > step * 1.1);
        if (box || large || apart) blocks.push({ items: block, box, end: pageItems[end - 1]!.index + 1, pageItems });
      }
      index = end;
    }
  }

  const boxes = new Set(blocks.filter((block) => block.box));
  if (useOutline) {
    const all = items.flat();
    const listedStyles = new Set<string>();
    let lastHeading = -1;
    let smallest = Infinity;
    all.forEach((item, position) => {
      if (item.role.kind !== "heading") return;
      listedStyles.add(styleOf(item.line));
      lastHeading = position;
      smallest = Math.min(smallest, item.line.size);
    });
    const positions = new Map(all.map((item, position) => [item, position]));
    for (const block of blocks) {
      const first = block.items[0]!;
      const position = positions.get(first)!;
      if (position > lastHeading && (listedStyles.has(styleOf(first.line)) || first.line.size > smallest)) {
        // What follows the body (contacts, disclaimers, appendixes the contents list keeps
        // apart): its headings are not sections; its text stays evidence (an appendix's tables
        // and notes are cited like the body's), under the last section.
        for (const item of all.slice(position)) {
          if (item.role.kind === "text" && !isBodyStyle(item.line) && item.line.size >= body - 0.25)
            item.role = { kind: "drop" };
        }
        break;
      }
      // A heading the outline leaves out (a level deeper than it lists) is not a section:
      // its line stays in the text.
    }
  } else {
    const headings = blocks.filter((block) => !block.box);
    // The report's title at the top of a first page that is not a cover: the one block in the
    // largest type, before any other. It names the report, it is not a section of it.
    const first = headings[0];
    if (
      first &&
      first.items[0]!.page === 0 &&
      headings.every((block) => block === first || block.items[0]!.line.size < first.items[0]!.line.size)
    ) {
      for (const item of first.items) item.role = { kind: "drop" };
      headings.shift();
    }
    const styles = [...new Set(headings.map((block) => styleOf(block.items[0]!.line)))];
    const sizeOf = new Map(headings.map((block) => [styleOf(block.items[0]!.line), block.items[0]!.line.size]));
    // Larger type ranks higher; among equal sizes, the face met first.
    styles.sort((a, b) => sizeOf.get(b)! - sizeOf.get(a)!);
    const rank = new Map(styles.map((style, index) => [style, Math.min(MAX_LEVEL, index + 1)]));
    for (const block of headings) setHeading(block.items, rank.get(styleOf(block.items[0]!.line))!);
  }
  for (const block of boxes)
    if (block.items[0]!.role.kind !== "drop")
      captionBlock(block.pageItems, block.items[0]!.index, (next) => next < block.end);

  return items.map((pageItems) => {
    const out: SourceLine[] = [];
    let previous: PdfLine | undefined;
    for (const item of pageItems) {
      const { line, role } = item;
      if (role.kind === "drop") continue;
      if (previous && (previous.y - line.y) / line.size > step * PARAGRAPH_GAP_RATIO) out.push({ text: "" });
      previous = line;
      if (role.kind === "heading")
        out.push({
          text: role.text,
          heading: true,
          level: role.level,
          ...(role.markers.length > 0 ? { markers: role.markers } : {}),
        });
      else if (role.kind === "caption")
        out.push({
          text: role.text,
          caption: true,
          ...(role.markers.length > 0 ? { markers: role.markers, markerAt: role.markerAt } : {}),
        });
      else
        out.push({
          text: line.text,
          heading: false,
          ...(line.markers && line.markers.length > 0 ? { markers: line.markers, markerAt: line.markerAt } : {}),
        });
    }
    return out;
  });
}

/** Makes a block one heading: its first line carries the joined text, the others go. */
function setHeading(block: readonly Item[], level: number): void {
  block.forEach((item, index) => {
    item.role =
      index === 0
        ? {
            kind: "heading",
            text: block.map((part) => part.line.text).join(" "),
            level,
            markers: block.flatMap((part) => part.line.markers ?? []),
          }
        : { kind: "drop" };
  });
}

/**
 * A caption from line `start` on, with the following lines `continues` accepts joined to it;
 * returns the index after it.
 */
function captionBlock(pageItems: Item[], start: number, continues: (index: number) => boolean): number {
  let end = start + 1;
  while (end < pageItems.length && continues(end)) end++;
  const block = pageItems.slice(start, end);
  // The lines joined with spaces, each line's markers shifted to where it now starts.
  const joined = concatMarked(
    block.map((part) => ({
      text: part.line.text,
      markers: zipMarkers(part.line.text, part.line.markers, part.line.markerAt),
    })),
    " ",
  );
  block.forEach((item, index) => {
    item.role =
      index === 0
        ? {
            kind: "caption",
            text: joined.text,
            markers: joined.markers.map((marker) => marker.number),
            markerAt: joined.markers.map((marker) => marker.at),
          }
        : { kind: "drop" };
  });
  return end;
}

/**
 * Finds the lines the outline's titles name, in the outline's order, each after the one
 * before, with their levels ranked. Each line, and each run of two or three
 * lines on one page, is keyed once, so the work is linear in lines and entries.
 */
function matchOutline(
  flat: Item[],
  outline: readonly OutlineEntry[],
  isBodyStyle: (line: PdfLine) => boolean,
): { items: Item[]; level: number }[] {
  const spans = new Map<string, { start: number; length: number }[]>();
  const add = (key: string, start: number, length: number): void => {
    const list = spans.get(key);
    if (list) list.push({ start, length });
    else spans.set(key, [{ start, length }]);
  };
  const keys = flat.map((item) => matchKey(item.line.text));
  // A line's key without its section number ("2.1 Market Rules"): bookmarks often leave it out.
  const bareKeys = flat.map((item) => {
    const bare = withoutNumbering(item.line.text);
    return bare === null ? null : matchKey(bare);
  });
  for (let start = 0; start < flat.length; start++) {
    let key = "";
    let bare = "";
    for (let length = 1; length <= MAX_HEADING_LINES && start + length <= flat.length; length++) {
      const item = flat[start + length - 1]!;
      if (item.page !== flat[start]!.page || (length > 1 && item.index !== flat[start + length - 2]!.index + 1)) break;
      key += keys[start + length - 1];
      bare += length === 1 ? (bareKeys[start] ?? keys[start]) : keys[start + length - 1];
      if (key !== "") add(key, start, length);
      if (bare !== "" && bare !== key) add(bare, start, length);
    }
  }
  let cursor = -1;
  const matched: { items: Item[]; level: number }[] = [];
  for (const entry of outline) {
    const bareTitle = withoutNumbering(entry.title);
    const list = spans.get(matchKey(entry.title)) ?? (bareTitle === null ? undefined : spans.get(matchKey(bareTitle)));
    if (!list) continue;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle]!.start <= cursor) low = middle + 1;
      else high = middle;
    }
    let chosen: { start: number; length: number } | undefined;
    for (let index = low; index < list.length && index < low + MAX_MATCH_TRIES; index++) {
      const span = list[index]!;
      if (isBodyStyle(flat[span.start]!.line)) continue;
      // The entry's own page when it names one; else (or failing that) the first set apart.
      if (entry.page === null || flat[span.start]!.pageNumber === entry.page) {
        chosen = span;
        break;
      }
      chosen ??= span;
    }
    if (!chosen) continue;
    matched.push({ items: flat.slice(chosen.start, chosen.start + chosen.length), level: entry.level });
    cursor = chosen.start + chosen.length - 1;
  }
  // Levels ranked among the entries found: an outline whose one root is the report's title
  // (not a line of the body) still has its chapters at level 1.
  const levels = [...new Set(matched.map((match) => match.level))].sort((a, b) => a - b);
  const rank = new Map(levels.map((level, index) => [level, Math.min(MAX_LEVEL, index + 1)]));
  return matched.map((match) => ({ items: match.items, level: rank.get(match.level)! }));
}

/**
 * Text without a leading section number and the space after it ("2.1 Market Rules",
 * "IV. Findings", "A. Scope"), or null when it has none. Scanned by hand.
 */
function withoutNumbering(text: string): string | null {
  let index = 0;
  while (index < text.length && (isDigit(text[index]!) || (text[index] === "." && index > 0))) index++;
  if (index === 0) {
    while (index < text.length && index < 6 && "IVXLC".includes(text[index]!)) index++;
    if (index === 0 && text[0]! >= "A" && text[0]! <= "Z") index = 1;
    if (text[index] !== ".") return null;
    index++;
  }
  if (text[index] !== " " || index === 0) return null;
  const rest = text.slice(index + 1).trimStart();
  return rest === "" ? null : rest;
}
