import MarkdownIt from "markdown-it";
import footnotePlugin from "markdown-it-footnote";
import { assembleReport } from "./assemble.js";
import { continuesUrl, isoDate, personName, urlsIn } from "./citations.js";
import { normalizeMarked, type TextMarker } from "./markedText.js";
import type { DraftBlock, DraftReport } from "./model.js";
import { collapseSpaces, isSpace, textKey } from "./textScan.js";
import type { ImportedFootnote, ImportedReport, ReportMetadata } from "./types.js";

/**
 * Markdown reports, read through markdown-it (CommonMark, tables) and its footnote plugin; the
 * importer walks the token stream. Decisions:
 * - Headings (ATX and setext) are sections, their level the `#` count re-based so that the
 *   shallowest heading present is level 1; sectors come from that level only. A level-1 heading
 *   that opens the file is the report's title, not a section, when no other level-1 heading
 *   (apart from its own repetition and the structural ones below) follows.
 * - Structural headings are not sections: "Contents" (its list names the report's headings: a
 *   plain paragraph that is exactly one of those names is a heading, as in web renderings that
 *   lost their heading marks), "Figures", "Tables", "Appendixes" (lists of links, not passages)
 *   and "Footnotes"/"Notes"/"Endnotes" (the notes, below).
 * - Paragraphs, list items, quotes and table cells' rows are passages; so are code blocks.
 * - Notes: `[^label]` definitions (numbered in order of first reference, unreferenced ones
 *   after), and the rows `| 1. | note |` or items `1. note` of a footnotes section (their own
 *   numbers). Markers: `[^label]`, `<sup>1</sup>` (or `<sup>1,2</sup>`), a link whose text is a
 *   number (`[1](#fn1)`, `[[1]](#fn1)`), and a bare `[1]` — each only when that note exists.
 *   A passage cites exactly the notes its markers point to (`sourcesFrom: "markers"`), each
 *   marker kept where it stood in the passage's text; a heading's go to the passage under it.
 * - Inline links: in a report that has numbered notes they are only text (its citations are its
 *   notes, and its links are navigation or asides; counting them as notes would swamp the real
 *   ones). In a report without numbered notes a link is how it cites, so each link is a note of
 *   its own, cited by its passage, as before.
 * - HTML: markdown-it reads it (`html: true`) only so that `<sup>` arrives as a token; no HTML is
 *   ever rendered — other tags are dropped and the text between them kept.
 * - Metadata: YAML front matter (title, author/authors, date, publisher/organization, report
 *   number), else labelled lines of the opening (`**Report No.:** R1`, `Authors: A; B`), and the
 *   title heading.
 * - Pages: Markdown has none, so everything is page 1 unless the text holds form feeds (`\f`),
 *   each of which starts a new page. A note's page is that of its first reference, else its own.
 */
export function importMarkdown(text: string, title?: string): ImportedReport {
  const parsed = parseMarkdown(text.replace(/^\uFEFF/, ""));
  const chosen = title ?? parsed.title ?? "Untitled report";
  return assembleReport(parsed.draft, {
    title: chosen,
    format: "markdown",
    metadata: { ...parsed.metadata, title: chosen },
  });
}

type Parser = ReturnType<typeof MarkdownIt>;
type Token = ReturnType<Parser["parse"]>[number];

function createParser(): Parser {
  // The default preset (CommonMark plus tables and strikethrough); its maxNesting (100) bounds
  // how deep quotes and lists may nest, and markdown-it's rules are written to stay linear.
  const md = new MarkdownIt("default", { html: true, linkify: false, typographer: false }).use(footnotePlugin);
  // The plugin's tail step drops definitions nobody references and moves the rest to the end;
  // without it each definition stays where it was written, with its label, which is what we read.
  md.core.ruler.disable("footnote_tail");
  return md;
}
let parser: Parser | null = null;

/** One piece of a block's inline text, before markers are known to point at notes. */
type Segment =
  | { kind: "text"; text: string }
  /** A possible marker: the note numbers it names, and its text if it names no note. */
  | { kind: "marker"; numbers: number[]; raw: string }
  /** A `[^label]` reference. */
  | { kind: "ref"; label: string }
  | { kind: "link"; text: string; url: string };

interface Item {
  type: "heading" | "block" | "noteRow" | "definition";
  kind: DraftBlock["kind"];
  level: number;
  segments: Segment[];
  page: number;
  /** Inside a list item (its depth, 1 = outermost), 0 outside. */
  listDepth: number;
  /** A list item whose whole text is one link (a contents entry's shape). */
  linkOnly: boolean;
  /** An ordered list item's number. */
  ordinal: number | null;
  /** A definition's label. */
  label?: string;
  /** A paragraph's segments line by line, as written. */
  lines?: Segment[][];
}

interface Note {
  number: number;
  text: string;
  urls: string[];
  page: number;
  cited: boolean;
}

const CONTENTS = new Set(["contents", "table of contents"]);
const NAVIGATION = new Set([
  "figures",
  "tables",
  "appendixes",
  "appendices",
  "list of figures",
  "list of tables",
  "figures and tables",
]);
const NOTES = new Set(["footnotes", "notes", "endnotes", "end notes"]);
const headingKey = (text: string): string => text.trim().toLowerCase().replace(/:$/, "");

/** Parses a Markdown report; `title` is its title heading or front matter title, if any. */
export function parseMarkdown(source: string): {
  draft: DraftReport;
  title: string | null;
  metadata: Partial<ReportMetadata>;
} {
  const front = readFrontMatter(source);
  const { text: body, pageOfLine } = pagesOf(front.body);
  parser ??= createParser();
  const env: { footnotes?: { list?: Array<{ label?: string; tokens?: Token[] }> } } = {};
  const tokens = parser.parse(body, env);
  const items = itemsOf(tokens, pageOfLine);
  // Inline notes (`text^[the note]`) have no label and no definition block: their text is
  // with the plugin, under the reference's id.
  (env.footnotes?.list ?? []).forEach((entry, id) => {
    if (entry.label === undefined && entry.tokens) {
      const page = 1;
      items.push({
        type: "definition",
        kind: "paragraph",
        level: 0,
        segments: inlineSegments(entry.tokens),
        page,
        listDepth: 0,
        linkOnly: false,
        ordinal: null,
        label: inlineLabel(id),
      });
    }
  });

  const metadata: Partial<ReportMetadata> = { ...front.metadata };
  let title: string | null = metadata.title ?? null;

  // The title heading: a leading level-1 heading with no other level-1 heading but its own
  // repetition and structural ones.
  const firstHeading = items[0]?.type === "heading" && items[0].level === 1 ? plainText(items[0].segments) : null;
  if (firstHeading !== null) {
    const others = items.filter(
      (item, index) =>
        index > 0 &&
        item.type === "heading" &&
        item.level === 1 &&
        plainText(item.segments) !== firstHeading &&
        !isStructural(plainText(item.segments)),
    );
    if (others.length === 0) {
      title ??= firstHeading;
      for (let i = items.length - 1; i >= 0; i--) {
        if (items[i]!.type === "heading" && plainText(items[i]!.segments) === firstHeading) items.splice(i, 1);
      }
    }
  }

  // Zones: what follows a structural heading, up to the next heading (a list zone ends at its
  // first block that is no list item).
  const notes = new Map<number, Note>();
  const definitions = new Map<string, Item>();
  const contents = new Map<string, number>();
  const bodyItems: Item[] = [];
  let zone: "body" | "contents" | "navigation" | "notes" = "body";
  let lastNote: Note | null = null;
  for (const item of items) {
    if (item.type === "definition") {
      definitions.set(textKey(item.label!), item);
      continue;
    }
    if (item.type === "heading") {
      const key = headingKey(plainText(item.segments));
      zone = CONTENTS.has(key) ? "contents" : NAVIGATION.has(key) ? "navigation" : NOTES.has(key) ? "notes" : "body";
      lastNote = null;
      if (zone === "body") bodyItems.push(item);
      continue;
    }
    if (zone === "contents" || zone === "navigation") {
      if (item.kind === "list_item") {
        if (zone === "contents") {
          const entry = plainText(item.segments);
          if (entry !== "" && !contents.has(textKey(entry))) contents.set(textKey(entry), item.listDepth);
        }
        continue;
      }
      zone = "body";
    }
    if (zone === "notes") {
      const note = noteOf(item);
      if (note) {
        if (!notes.has(note.number)) notes.set(note.number, note);
        lastNote = notes.get(note.number)!;
        continue;
      }
      if (item.type === "noteRow") {
        // A row's text that runs on to a line of its own belongs to the row above; a row
        // before any note is the table's header (`| # | Note |`).
        if (lastNote) {
          const more = segmentsText(item.segments);
          lastNote.text = collapseSpaces(`${lastNote.text} ${cells(more.text).join(" ")}`).trim();
          lastNote.urls.push(...more.urls);
        }
        continue;
      }
      zone = "body";
    }
    bodyItems.push(item);
  }

  // `[^label]` notes are numbered after any numbered ones, in order of first reference.
  let nextNumber = Math.max(0, ...notes.keys()) + 1;
  const numberOfLabel = new Map<string, number>();
  const noteOfLabel = (label: string, page: number): number | undefined => {
    const key = textKey(label);
    const known = numberOfLabel.get(key);
    if (known !== undefined) return known;
    const definition = definitions.get(key);
    if (!definition) return undefined;
    const { text, urls } = segmentsText(definition.segments);
    const number = nextNumber++;
    notes.set(number, { number, text, urls, page, cited: false });
    numberOfLabel.set(key, number);
    return number;
  };

  const blocks: DraftBlock[] = [];
  let pageCount = 1;
  let seenText = false;
  let sawMarker = false;
  // A heading's markers (a note on a title) go to the first passage under it, at its start: a
  // section cites nothing, and the note must stay reachable from the evidence (as in a PDF).
  let headingNotes: number[] = [];
  for (const item of bodyItems) {
    pageCount = Math.max(pageCount, item.page);
    const parts: string[] = [];
    let length = 0;
    const add = (part: string): void => {
      parts.push(part);
      length += part.length;
    };
    const cited: number[] = [];
    // Where each marker stands in the text so far (it is no part of it).
    const marks: TextMarker[] = [];
    const cite = (number: number): void => {
      sawMarker = true;
      marks.push({ number, at: length });
      if (!cited.includes(number)) cited.push(number);
      const note = notes.get(number);
      if (note && !note.cited) {
        note.cited = true;
        note.page = item.page;
      }
    };
    const carried = item.type === "heading" ? 0 : headingNotes.length;
    if (item.type !== "heading") headingNotes.forEach(cite);
    for (const segment of item.segments) {
      if (segment.kind === "text") add(segment.text);
      else if (segment.kind === "marker") {
        if (segment.numbers.length > 0 && segment.numbers.every((number) => notes.has(number)))
          segment.numbers.forEach(cite);
        else add(segment.raw);
      } else if (segment.kind === "ref") {
        const number = noteOfLabel(segment.label, item.page);
        if (number === undefined) add(`[^${segment.label}]`);
        else cite(number);
      } else {
        add(segment.text);
      }
    }
    const raw = parts.join("");
    if (item.type === "heading") {
      const text = collapseSpaces(raw).trim();
      if (text !== "")
        blocks.push({ kind: "heading", text, level: item.level, firstPage: item.page, lastPage: item.page });
      headingNotes.push(...marks.map((mark) => mark.number));
      continue;
    }
    // A row's cells joined with spaces is its pipes read as spaces (cells hold no double space).
    const { text, markers } = normalizeMarked(item.type === "noteRow" ? pipesAsSpaces(raw) : raw, marks);
    const joined = item.type === "noteRow" ? collapseSpaces(raw).trim() : text;
    if (text === "") continue;
    if (!seenText) {
      const lines = item.type === "noteRow" ? [joined] : (item.lines ?? [item.segments]).map(plainText);
      if (takeLabelledMetadata(lines, metadata, front.metadata)) continue;
      // Cover matter ends where the first passage of real prose starts.
      seenText = text.split(" ").length >= 12;
    }
    const depth = item.kind === "paragraph" && marks.length === carried ? contents.get(textKey(text)) : undefined;
    if (depth !== undefined) {
      contents.delete(textKey(text));
      blocks.push({ kind: "heading", text, level: depth, firstPage: item.page, lastPage: item.page });
      continue;
    }
    const kind = item.kind === "paragraph" && isCaption(text) ? "caption" : item.kind;
    blocks.push({ kind, text, firstPage: item.page, lastPage: item.page, footnotes: cited, markers });
    headingNotes = [];
  }
  for (const label of definitions.keys()) noteOfLabel(label, definitions.get(label)!.page);

  // Levels re-based: the shallowest heading present is level 1.
  const headingLevels = blocks.filter((block) => block.kind === "heading").map((block) => block.level ?? 1);
  const shift = headingLevels.length > 0 ? Math.min(...headingLevels) - 1 : 0;
  for (const block of blocks) if (block.kind === "heading") block.level = (block.level ?? 1) - shift;

  // Notes but no marker anywhere (a rendering that lost them): every passage cites the notes of
  // its pages and says so, as the seed's extracted text does.
  const hasMarkers = notes.size === 0 || sawMarker;
  if (!hasMarkers) {
    for (const block of blocks) {
      delete block.footnotes;
      delete block.markers;
    }
  }

  const footnotes: ImportedFootnote[] = [...notes.values()]
    .sort((a, b) => a.number - b.number)
    .map((note) => {
      const urls = [...new Set(note.urls)];
      return { number: note.number, page: note.page, url: urls[0] ?? null, urls, text: note.text };
    });
  return {
    draft: { blocks, footnotes, pageCount, hasMarkers, topLevelSectorsOnly: headingLevels.length > 0 },
    title,
    metadata: { ...metadata, ...(title === null ? {} : { title }) },
  };
}

function isStructural(text: string): boolean {
  const key = headingKey(text);
  return CONTENTS.has(key) || NAVIGATION.has(key) || NOTES.has(key);
}

/** `| 12. | note |` (a row, or a table's row) or `12. note` (an ordered list item) in a notes section. */
function noteOf(item: Item): Note | null {
  if (item.kind === "list_item" && item.ordinal !== null && item.listDepth === 1) {
    const { text, urls } = segmentsText(item.segments);
    return { number: item.ordinal, text, urls, page: item.page, cited: false };
  }
  if (item.type !== "noteRow") return null;
  const { text, urls } = segmentsText(item.segments);
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== "|") return null;
  i++;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  // `1.`, `1` or `[1]`.
  const bracketed = text[i] === "[";
  if (bracketed) i++;
  const digitsStart = i;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i === digitsStart || i - digitsStart > 4) return null;
  const number = Number(text.slice(digitsStart, i));
  if (bracketed) {
    if (text[i] !== "]") return null;
    i++;
  }
  if (text[i] === ".") i++;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (text[i] !== "|") return null;
  let noteText = text.slice(i + 1).trim();
  if (noteText.endsWith("|")) noteText = noteText.slice(0, -1).trim();
  return { number, text: noteText, urls, page: item.page, cited: false };
}

/** A block's plain text and every URL in it (links' targets, then URLs written out), whole. */
function segmentsText(segments: readonly Segment[]): { text: string; urls: string[] } {
  const urls: string[] = [];
  const parts: string[] = [];
  for (const segment of segments) {
    if (segment.kind === "text") parts.push(segment.text);
    else if (segment.kind === "marker") parts.push(segment.raw);
    else if (segment.kind === "ref") parts.push(`[^${segment.label}]`);
    else {
      parts.push(segment.text);
      if (/^(?:https?:)?\/\//i.test(segment.url)) urls.push(segment.url);
    }
  }
  const text = collapseSpaces(parts.join("")).trim();
  for (const url of urlsIn(text)) if (!urls.includes(url)) urls.push(url);
  return { text, urls };
}

const plainText = (segments: readonly Segment[]): string => segmentsText(segments).text;

/** Walks the block tokens into items: headings, passages, note rows and footnote definitions. */
function itemsOf(tokens: readonly Token[], pageOfLine: (line: number) => number): Item[] {
  const items: Item[] = [];
  const lists: Array<{ ordinal: number | null }> = [];
  let definition: Item | null = null;
  let headingLevel = 0;
  let cells: Segment[][] | null = null;
  let rowPage = 1;

  for (const token of tokens) {
    const page = token.map ? pageOfLine(token.map[0]) : (items.at(-1)?.page ?? 1);
    switch (token.type) {
      case "footnote_reference_open":
        definition = {
          type: "definition",
          kind: "paragraph",
          level: 0,
          segments: [],
          page,
          listDepth: 0,
          linkOnly: false,
          ordinal: null,
          label: String(token.meta?.label ?? ""),
        };
        items.push(definition);
        continue;
      case "footnote_reference_close":
        definition = null;
        continue;
      case "heading_open":
        headingLevel = Number(token.tag.slice(1));
        continue;
      case "heading_close":
        headingLevel = 0;
        continue;
      case "bullet_list_open":
      case "ordered_list_open":
        continue;
      case "list_item_open": {
        const ordinal = /^\d{1,9}$/.test(token.info) ? Number(token.info) : null;
        lists.push({ ordinal });
        continue;
      }
      case "list_item_close":
        lists.pop();
        continue;
      case "tr_open":
        cells = [];
        continue;
      case "tr_close":
        if (cells) {
          // A table row: its cells joined, as `| a | b |` so that a notes table reads as rows.
          const segments: Segment[] = [{ kind: "text", text: "| " }];
          for (const cell of cells) segments.push(...cell, { kind: "text", text: " | " });
          items.push({
            type: "noteRow",
            kind: "paragraph",
            level: 0,
            segments,
            page: rowPage,
            listDepth: 0,
            linkOnly: false,
            ordinal: null,
          });
        }
        cells = null;
        continue;
      case "fence":
      case "code_block":
        items.push({
          type: "block",
          kind: "paragraph",
          level: 0,
          segments: [{ kind: "text", text: token.content }],
          page,
          listDepth: 0,
          linkOnly: false,
          ordinal: null,
        });
        continue;
      case "inline":
        break;
      default:
        if (token.type === "tr_open" || token.type === "thead_open") rowPage = page;
        continue;
    }
    if (cells) {
      if (cells.length === 0) rowPage = page;
      cells.push(inlineSegments(token.children ?? []));
      continue;
    }
    const segmentLines = splitLines(inlineSegments(token.children ?? []));
    if (definition) {
      if (definition.segments.length > 0) definition.segments.push({ kind: "text", text: " " });
      definition.segments.push(
        ...segmentLines.flatMap((line, index) =>
          index === 0 ? line : [{ kind: "text" as const, text: " " }, ...line],
        ),
      );
      continue;
    }
    if (headingLevel > 0) {
      items.push({
        type: "heading",
        kind: "heading",
        level: headingLevel,
        segments: segmentLines.flat(),
        page,
        listDepth: 0,
        linkOnly: false,
        ordinal: null,
      });
      continue;
    }
    const list = lists.at(-1);
    const segments = segmentLines.flatMap((line, index) =>
      index === 0 ? line : [{ kind: "text" as const, text: " " }, ...line],
    );
    const linkOnly = segments
      .filter((segment) => !(segment.kind === "text" && segment.text.trim() === ""))
      .every((segment) => segment.kind === "link");
    // A paragraph that starts with `|` is a pipe table without its header row (markdown-it's
    // table rule needs one): each line that starts with `|` is a row, and a line that does not
    // continues the row above (a cell's text that ran on to lines of its own).
    if (segmentLines.length > 0 && startsWithPipe(segmentLines[0]!)) {
      let at = token.map ? token.map[0] : 0;
      let row: Item | null = null;
      for (const line of segmentLines) {
        if (row && !startsWithPipe(line)) {
          // No space where a URL was broken over the two lines.
          const joint = continuesUrl(plainText(row.segments), plainText(line)) ? "" : " ";
          row.segments.push({ kind: "text", text: joint }, ...line);
        } else {
          row = {
            type: "noteRow",
            kind: "paragraph",
            level: 0,
            segments: [...line],
            page: pageOfLine(at),
            listDepth: 0,
            linkOnly: false,
            ordinal: null,
          };
          items.push(row);
        }
        at++;
      }
      continue;
    }
    const item: Item = {
      type: "block",
      kind: list ? "list_item" : "paragraph",
      level: 0,
      segments,
      page,
      listDepth: lists.length,
      linkOnly,
      ordinal: list?.ordinal ?? null,
      lines: segmentLines,
    };
    // A list item's later paragraphs belong to it; its first paragraph opened it.
    const opened = list ? lastItemOfList.get(list) : undefined;
    if (opened) {
      opened.segments.push({ kind: "text", text: " " }, ...segments);
      continue;
    }
    if (list) lastItemOfList.set(list, item);
    items.push(item);
  }
  return items;
}
const lastItemOfList = new WeakMap<object, Item>();

function startsWithPipe(line: readonly Segment[]): boolean {
  const first = line[0];
  return first !== undefined && first.kind === "text" && first.text.trimStart().startsWith("|");
}

/** Inline segments split where the source's lines break. */
function splitLines(segments: Segment[]): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const segment of segments) {
    if (segment.kind === "text" && segment.text === "\n") lines.push([]);
    else lines.at(-1)!.push(segment);
  }
  return lines.filter((line) => line.length > 0);
}

const DIGITS = /^\d{1,4}$/;

/** A marker's text: `1`, `12`, `1,2`, `[3]` (numbers of at most four digits). */
function markerNumbers(text: string): number[] {
  let inner = text.trim();
  if (inner.startsWith("[") && inner.endsWith("]")) inner = inner.slice(1, -1);
  const parts = inner.split(",").map((part) => part.trim());
  return parts.every((part) => DIGITS.test(part)) ? parts.map(Number) : [];
}

/**
 * The segments of one inline token's children. Line breaks are kept as "\n" segments (the
 * caller splits a headerless pipe table into rows with them); `<sup>…</sup>` and number-text
 * links are possible markers; a bare `[12]` in text is one too.
 */
function inlineSegments(children: readonly Token[]): Segment[] {
  const segments: Segment[] = [];
  let link: { url: string; parts: string[] } | null = null;
  let sup: string[] | null = null;
  const emitText = (text: string): void => {
    if (sup) sup.push(text);
    else if (link) link.parts.push(text);
    else segments.push(...bracketMarkers(text));
  };
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "code_inline":
        emitText(child.content);
        break;
      case "softbreak":
      case "hardbreak":
        if (sup) sup.push(" ");
        else if (link) link.parts.push(" ");
        else segments.push({ kind: "text", text: "\n" });
        break;
      case "image":
        emitText(child.children?.map((part) => part.content).join("") ?? child.content);
        break;
      case "footnote_ref":
        segments.push({
          kind: "ref",
          label: child.meta?.label === undefined ? inlineLabel(Number(child.meta?.id)) : String(child.meta.label),
        });
        break;
      case "link_open":
        link = { url: String(child.attrGet("href") ?? ""), parts: [] };
        break;
      case "link_close":
        if (link) {
          const text = link.parts.join("");
          const numbers = markerNumbers(text);
          if (numbers.length > 0 && link.url.includes("#")) segments.push({ kind: "marker", numbers, raw: text });
          else segments.push({ kind: "link", text, url: link.url });
        }
        link = null;
        break;
      case "html_inline": {
        const tag = child.content.toLowerCase().replace(/\s/g, "");
        if (tag === "<sup>" && !link) sup = [];
        else if (tag === "</sup>" && sup) {
          const raw = sup.join("");
          sup = null;
          segments.push({ kind: "marker", numbers: markerNumbers(raw), raw });
        } else if (tag.startsWith("<br")) emitText(" ");
        break;
      }
      default:
        break;
    }
  }
  if (sup) segments.push({ kind: "text", text: sup.join("") });
  return segments;
}

/** The label an inline note (`^[…]`) goes by here: no written label can hold a NUL. */
const inlineLabel = (id: number): string => `\u0000inline-${id}`;

/** Text with each bare `[12]` as a possible marker (kept as text unless note 12 exists). */
function bracketMarkers(text: string): Segment[] {
  const out: Segment[] = [];
  let from = 0;
  let at = text.indexOf("[");
  while (at >= 0) {
    let end = at + 1;
    while (end < text.length && end - at <= 5 && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
    if (end > at + 1 && text[end] === "]") {
      if (at > from) out.push({ kind: "text", text: text.slice(from, at) });
      const raw = text.slice(at, end + 1);
      out.push({ kind: "marker", numbers: markerNumbers(raw), raw });
      from = end + 1;
    }
    at = text.indexOf("[", Math.max(at + 1, from));
  }
  if (from < text.length) out.push({ kind: "text", text: text.slice(from) });
  return out;
}

/**
 * Form feeds are page breaks: each becomes a blank line (so it also ends a block) and the
 * lines after it are on the next page. Only a page that held text counts.
 */
function pagesOf(text: string): { text: string; pageOfLine: (line: number) => number } {
  if (!text.includes("\f")) return { text, pageOfLine: () => 1 };
  const starts: number[] = [];
  const out: string[] = [];
  let line = 0;
  let pageHasText = false;
  const pieces = text.split("\f");
  pieces.forEach((piece, index) => {
    if (index > 0 && pageHasText) {
      starts.push(line + 1);
      pageHasText = false;
    }
    if (index > 0) {
      out.push("\n\n");
      line += 2;
    }
    out.push(piece);
    for (let i = 0; i < piece.length; i++) if (piece.charCodeAt(i) === 0x0a) line++;
    if (piece.trim() !== "") pageHasText = true;
  });
  return {
    text: out.join(""),
    pageOfLine: (at) => {
      let page = 1;
      for (const start of starts) if (at >= start) page++;
      return page;
    },
  };
}

const METADATA_KEYS: Record<string, keyof ReportMetadata> = {
  title: "title",
  author: "authors",
  authors: "authors",
  by: "authors",
  date: "date",
  "publication date": "date",
  published: "date",
  publisher: "publisher",
  organization: "publisher",
  organisation: "publisher",
  "report number": "reportNumber",
  "report no": "reportNumber",
  "report no.": "reportNumber",
  report_number: "reportNumber",
  reportnumber: "reportNumber",
  number: "reportNumber",
};

function setMetadata(metadata: Partial<ReportMetadata>, key: string, value: string | string[]): boolean {
  const field = METADATA_KEYS[key.trim().toLowerCase().replace(/\*/g, "").trim()];
  if (!field) return false;
  const values = (Array.isArray(value) ? value : [value]).map((v) => unquote(v.trim())).filter((v) => v !== "");
  if (values.length === 0) return true;
  if (field === "authors") {
    const names = values.length === 1 ? values[0]!.split(values[0]!.includes(";") ? ";" : " and ") : values;
    metadata.authors = names.map((name) => personName(name)).filter((name) => name !== "");
  } else if (field === "date") metadata.date = isoDate(values[0]!) ?? null;
  else metadata[field] = values[0]!;
  return true;
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]
    ? value.slice(1, -1)
    : value;
}

/**
 * YAML front matter: `---` on the first line, `key: value` lines (a value may be a flow list
 * `[a, b]` or the `- item` lines below its key), closed by `---` or `...`. Only the keys of
 * ReportMetadata are read; the block is never a passage.
 */
function readFrontMatter(source: string): { body: string; metadata: Partial<ReportMetadata> } {
  const metadata: Partial<ReportMetadata> = {};
  if (!/^---[ \t]*\r?\n/.test(source)) return { body: source, metadata };
  const lines = source.split("\n");
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === "---" || line === "...") {
      end = i;
      break;
    }
  }
  if (end < 0) return { body: source, metadata };
  let key: string | null = null;
  let list: string[] = [];
  const flush = (): void => {
    if (key !== null && list.length > 0) setMetadata(metadata, key, list);
    list = [];
  };
  for (const raw of lines.slice(1, end)) {
    const line = raw.trimEnd();
    const dash = line.trimStart();
    if (key !== null && dash.startsWith("- ")) {
      list.push(dash.slice(2));
      continue;
    }
    flush();
    const colon = line.indexOf(":");
    if (colon <= 0 || isSpace(line.charCodeAt(0))) {
      key = null;
      continue;
    }
    key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (value.startsWith("[") && value.endsWith("]")) setMetadata(metadata, key, value.slice(1, -1).split(","));
    else if (value !== "") setMetadata(metadata, key, value);
  }
  flush();
  // The front matter's lines become blank lines, so that the body keeps its line numbers.
  return { body: "\n".repeat(end + 1) + lines.slice(end + 1).join("\n"), metadata };
}

/**
 * `Label: value` on one line (`**Report No.:** R1`, `| Authors: | A; B |`): the label is one to
 * four words before the line's first colon; pipes and emphasis are already gone or dropped here.
 */
function labelledLine(line: string): [string, string] | null {
  const text = cells(line).join(" | ");
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  const label = text.slice(0, colon).replace(/\|/g, " ").trim();
  const words = label.split(" ").filter((word) => word !== "");
  if (words.length === 0 || words.length > 4 || label.length > 40) return null;
  return [
    label,
    cells(text.slice(colon + 1))
      .join(" ")
      .trim(),
  ];
}

/** Every `|` as a space (a copy only when there is one). */
function pipesAsSpaces(text: string): string {
  return text.includes("|") ? text.split("|").join(" ") : text;
}

/** A table row's cells, trimmed, empty ones dropped (`| a | b |` → [a, b]); split, not a regex. */
function cells(text: string): string[] {
  return text
    .split("|")
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "");
}

/**
 * A block of the opening (before any passage of real text) made only of labelled lines, as a
 * report's cover or web page carries them: metadata, not evidence. Known labels fill the
 * metadata, unless front matter already did.
 */
function takeLabelledMetadata(
  lines: readonly string[],
  metadata: Partial<ReportMetadata>,
  front: Partial<ReportMetadata>,
): boolean {
  const labelled = lines.map(labelledLine);
  if (labelled.length === 0 || labelled.some((entry) => entry === null)) return false;
  for (const [label, value] of labelled as Array<[string, string]>) {
    const field = METADATA_KEYS[label.toLowerCase()];
    if (field && field !== "title" && front[field] === undefined) setMetadata(metadata, label, value);
  }
  return true;
}

const CAPTION_WORDS = new Set(["figure", "table", "chart", "exhibit", "map", "box", "graph"]);

/** `Figure 2. Imports by Year`, `Table B-1: …`: a figure's or table's title. */
function isCaption(text: string): boolean {
  const space = text.indexOf(" ");
  if (space < 0 || !CAPTION_WORDS.has(text.slice(0, space).toLowerCase())) return false;
  const rest = text.slice(space + 1);
  let i = 0;
  while (i < rest.length && i < 8 && rest[i] !== "." && rest[i] !== ":" && rest[i] !== " ") i++;
  const label = rest.slice(0, i);
  return (rest[i] === "." || rest[i] === ":") && /^[A-Z]?-?\d{1,3}$/.test(label);
}
