import { assembleReport } from "./assemble.js";
import type { DraftBlock } from "./model.js";
import { plainInline, type InlineReference } from "./markdownInline.js";
import { isLineTerminator, isSpace, textKey, trimEndOf } from "./textScan.js";
import type { ImportedFootnote, ImportedReport } from "./types.js";

/**
 * Markdown reports. Decisions:
 * - `#`…`######` (ATX) headings are sections; sector-like when written in capitals, as the real
 *   report's sector headings are. A level-1 heading that opens the file and is the only one is
 *   the report's title, not a section. Setext (underlined) headings are not recognised.
 * - Paragraphs, `-`/`*`/`+` and `1.`/`1)` list items are passages; `>` quotes are paragraphs.
 * - Footnotes: each `[^label]` definition is a note (its text, and the first URL in it); each
 *   inline link `[text](url)` or `<url>` is a note of its own too, since a link is how Markdown
 *   cites a source. Notes are numbered in order of first reference; a definition nobody refers
 *   to comes after, in its own order. A passage cites exactly the notes referenced in it.
 *   A reference to an undefined label is dropped.
 * - Pages: Markdown has none, so everything is page 1 unless the text holds form feeds (`\f`),
 *   each of which starts a new page. `---` is only a thematic break (Markdown uses it as a
 *   divider, and for front matter), never a page break. A note's page is that of its first
 *   reference (or of its definition, when unreferenced).
 */
export function importMarkdown(text: string, title?: string): ImportedReport {
  const parsed = parseMarkdown(text.replace(/^\uFEFF/, ""));
  return assembleReport(parsed.draft, {
    title: title ?? parsed.title ?? "Untitled report",
    format: "markdown",
  });
}

interface RawBlock {
  kind: DraftBlock["kind"];
  lines: string[];
  page: number;
  level: number;
}

interface Definition {
  text: string;
  page: number;
}

/** A list item's marker and the whitespace after it; the item's text is the rest of the line (listItem). */
const LIST_MARKER = /^\s*(?:[-*+]|\d{1,9}[.)])(?=\s)/;
const QUOTE = /^\s*>\s?(.*)$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^\s*(```|~~~)/;
const DEFINITION = /^\s{0,3}\[\^([^\]\s]+)\]:\s?(.*)$/;

/** Parses a Markdown report; `title` is its lone leading `# ` heading, if any. */
export function parseMarkdown(source: string): {
  draft: { blocks: DraftBlock[]; footnotes: ImportedFootnote[]; pageCount: number };
  title: string | null;
} {
  const { blocks: raw, definitions, pageCount } = readBlocks(source);

  let title: string | null = null;
  const levelOnes = raw.filter((block) => block.kind === "heading" && block.level === 1);
  if (raw[0]?.kind === "heading" && raw[0].level === 1 && levelOnes.length === 1) {
    title = plainInline(raw[0].lines.join(" "));
    raw.shift();
  }

  const footnotes: ImportedFootnote[] = [];
  const numberOfLabel = new Map<string, number>();
  const addNote = (page: number, text: string, url: string | null): number => {
    footnotes.push({ number: footnotes.length + 1, page, url, urls: url === null ? [] : [url], text });
    return footnotes.length;
  };
  const noteFromDefinition = (definition: Definition, page: number): number => {
    const references: InlineReference[] = [];
    const text = plainInline(definition.text, references);
    const link = references.find((reference) => reference.kind === "link");
    const found = /https?:\/\/[^\s)>\]]+/.exec(text)?.[0];
    const bare = found === undefined ? undefined : trimEndOf(found, ".,;:");
    const url = link?.kind === "link" ? link.url : (bare ?? null);
    return addNote(page, text, url);
  };

  const blocks: DraftBlock[] = [];
  for (const block of raw) {
    const references: InlineReference[] = [];
    const text = plainInline(block.lines.join(" "), references);
    if (text === "") continue;
    if (block.kind === "heading") {
      blocks.push({ kind: "heading", text, firstPage: block.page, lastPage: block.page });
      continue;
    }
    const cited = new Set<number>();
    for (const reference of references) {
      if (reference.kind === "link") {
        cited.add(addNote(block.page, reference.text, reference.url));
        continue;
      }
      const label = textKey(reference.label);
      let number = numberOfLabel.get(label);
      const definition = definitions.get(label);
      if (number === undefined && definition) {
        number = noteFromDefinition(definition, block.page);
        numberOfLabel.set(label, number);
      }
      if (number !== undefined) cited.add(number);
    }
    blocks.push({ kind: block.kind, text, firstPage: block.page, lastPage: block.page, footnotes: [...cited].sort((a, b) => a - b) });
  }
  for (const [label, definition] of definitions) {
    if (!numberOfLabel.has(label)) numberOfLabel.set(label, noteFromDefinition(definition, definition.page));
  }

  return { draft: { blocks, footnotes, pageCount }, title };
}

function readBlocks(source: string): { blocks: RawBlock[]; definitions: Map<string, Definition>; pageCount: number } {
  const blocks: RawBlock[] = [];
  const definitions = new Map<string, Definition>();
  let open: RawBlock | null = null;
  let definition: Definition | null = null;
  let inFence = false;
  let page = 1;
  let pageHasText = false;
  let lastPageWithText = 1;

  const close = (): void => {
    if (open) blocks.push(open);
    open = null;
    definition = null;
  };
  const start = (kind: RawBlock["kind"], text: string, level = 0): void => {
    close();
    open = { kind, lines: [text], page, level };
  };

  const take = (line: string): void => {
    if (line.trim() !== "") {
      pageHasText = true;
      lastPageWithText = page;
    }
    if (FENCE.test(line)) {
      inFence = !inFence;
      close();
      return;
    }
    if (inFence) {
      if (open) open.lines.push(line);
      else start("paragraph", line);
      return;
    }
    if (line.trim() === "") {
      close();
      return;
    }
    // A definition's indented continuation lines belong to the definition.
    if (definition && /^(?: {2,}|\t)/.test(line)) {
      definition.text += ` ${line.trim()}`;
      return;
    }
    const def = DEFINITION.exec(line);
    if (def) {
      close();
      definition = { text: def[2] ?? "", page };
      definitions.set(textKey(def[1]!), definition);
      return;
    }
    if (definition) {
      definition.text += ` ${line.trim()}`;
      return;
    }
    const heading = atxHeading(line);
    if (heading) {
      start("heading", heading.text, heading.level);
      close();
      return;
    }
    if (THEMATIC_BREAK.test(line)) {
      close();
      return;
    }
    const item = listItem(line);
    if (item !== null) {
      start("list_item", item);
      return;
    }
    const quote = QUOTE.exec(line);
    const content = quote ? (quote[1] ?? "") : line;
    if (open) open.lines.push(content.trim());
    else start("paragraph", content.trim());
  };

  for (const line of source.split(/\r\n|\r|\n/)) {
    const parts = line.split("\f");
    parts.forEach((part, index) => {
      if (index > 0) {
        close();
        // Only a page that held text counts: a trailing form feed does not open an empty page.
        if (pageHasText) page++;
        pageHasText = false;
      }
      take(part);
    });
  }
  close();
  return { blocks, definitions, pageCount: lastPageWithText };
}

/**
 * An ATX heading: up to three spaces, one to six `#`, whitespace, the text, and optionally a
 * closing run of `#` after whitespace. By hand, in one pass: the regex it replaces
 * (`^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$`) tried every split of a long run of spaces, so a
 * heading line of 32,000 spaces took seconds. Like that regex (markdownInline.test.ts compares
 * them), the text may not hold a line terminator other than in its trailing whitespace.
 */
export function atxHeading(line: string): { level: number; text: string } | null {
  let i = 0;
  while (i < 3 && line.charCodeAt(i) === 0x20) i++;
  const hashes = i;
  while (line.charCodeAt(i) === 0x23) i++;
  const level = i - hashes;
  if (level < 1 || level > 6 || i >= line.length || !isSpace(line.charCodeAt(i))) return null;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  let end = line.length;
  while (end > i && isSpace(line.charCodeAt(end - 1))) end--;
  // A closing run of `#` counts only after whitespace inside the text.
  let closing = end;
  while (closing > i && line.charCodeAt(closing - 1) === 0x23) closing--;
  if (closing < end && closing > i && isSpace(line.charCodeAt(closing - 1))) {
    end = closing;
    while (end > i && isSpace(line.charCodeAt(end - 1))) end--;
  }
  for (let k = i; k < end; k++) if (isLineTerminator(line.charCodeAt(k))) return null;
  return { level, text: line.slice(i, end) };
}

/** A list item's text (what follows its marker and whitespace), or null when the line is no list item. */
export function listItem(line: string): string | null {
  const marker = LIST_MARKER.exec(line);
  if (!marker) return null;
  let i = marker[0].length;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  for (let k = i; k < line.length; k++) if (isLineTerminator(line.charCodeAt(k))) return null;
  return line.slice(i);
}
