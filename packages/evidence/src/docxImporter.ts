import JSZip from "jszip";
import mammoth from "mammoth";
import { assembleReport } from "./assemble.js";
import { isoDate, personName, urlsIn } from "./citations.js";
import { ImportError } from "./errors.js";
import { decodeEntities, parseHtml, type HtmlElement, type HtmlNode } from "./html.js";
import { DEFAULT_IMPORT_LIMITS } from "./limits.js";
import { normalizeMarked, type TextMarker } from "./markedText.js";
import type { DraftBlock, DraftReport } from "./model.js";
import type { ImportedFootnote, ImportedReport, ReportMetadata } from "./types.js";
import { collapseSpaces, textKey } from "./textScan.js";
import { checkZipBudget } from "./zipBudget.js";

/**
 * Word documents, read through mammoth's HTML. Decisions:
 * - Heading 1–9 styles are sections, their level the style's number re-based so that the
 *   shallowest present is level 1 (sectors come from that level only). The Title style is the
 *   report's title, not a section.
 * - Paragraphs, list items and table-cell paragraphs are passages.
 * - Notes are Word's footnotes and endnotes (word/footnotes.xml, endnotes.xml), numbered as Word
 *   shows them: in order of first reference. Each keeps its whole text and every URL in it (its
 *   hyperlinks' targets, from the relationships, and URLs written out). Markers are the
 *   `w:footnoteReference`s; a passage cites exactly the notes its markers point to, in order,
 *   each marker kept where it stood in its text; a heading's go to the passage under it.
 *   A hyperlink in the body is text, not a note (as in Markdown: a report's citations are its
 *   notes). A document with notes but no reference to any cites by page (all of it: page 1).
 * - Metadata: docProps/core.xml (dc:title, dc:creator, dcterms:issued or created,
 *   dc:identifier as the report number) and docProps/app.xml (Company as publisher).
 * - Pages: a .docx has no fixed pages (Word lays them out when it renders), so every passage
 *   and note is on page 1 and the report has one page.
 */
export async function importDocx(
  bytes: Uint8Array,
  title: string,
  maxInflatedBytes = DEFAULT_IMPORT_LIMITS.maxDocxInflatedBytes,
  /** Whether `title` was chosen by the lead (it then wins over the document's own). */
  titleGiven = false,
): Promise<ImportedReport> {
  checkZipBudget(bytes, maxInflatedBytes);
  let html: string;
  let metadata: Partial<ReportMetadata>;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        // Images are no evidence: mammoth would otherwise read each one and inline it as base64.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
        styleMap: STYLE_MAP,
      },
    );
    html = result.value;
    // The zip passed the budget above, so JSZip inflates no more than its directory declares.
    metadata = await readProperties(await JSZip.loadAsync(buffer));
  } catch (cause) {
    throw new ImportError("invalid_file", "The Word document could not be read; it may be damaged.", { cause });
  }
  const { draft, title: titleParagraph } = draftWithTitle(html);
  const chosen = titleGiven ? title : metadata.title || titleParagraph || title;
  return assembleReport(draft, { title: chosen, format: "docx", metadata: { ...metadata, title: chosen } });
}

/** The Title style marks the report's title; Heading 7–9 go as deep as HTML does. */
const STYLE_MAP = [
  "p[style-name='Title'] => h1.report-title:fresh",
  "p[style-name='Heading 7'] => h6:fresh",
  "p[style-name='Heading 8'] => h6:fresh",
  "p[style-name='Heading 9'] => h6:fresh",
];

/** The text of the first `<tag>` element in a small XML part, entities decoded; null when absent or empty. */
function xmlText(xml: string, tag: string): string | null {
  const open = xml.indexOf(`<${tag}`);
  if (open < 0) return null;
  const start = xml.indexOf(">", open);
  if (start < 0 || xml[start - 1] === "/") return null;
  const end = xml.indexOf(`</${tag}>`, start);
  if (end < 0) return null;
  const text = collapseSpaces(decodeEntities(xml.slice(start + 1, end))).trim();
  return text === "" ? null : text;
}

async function readProperties(zip: JSZip): Promise<Partial<ReportMetadata>> {
  const core = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
  const app = (await zip.file("docProps/app.xml")?.async("string")) ?? "";
  const metadata: Partial<ReportMetadata> = {};
  const title = xmlText(core, "dc:title");
  if (title) metadata.title = title;
  const creator = xmlText(core, "dc:creator");
  if (creator)
    metadata.authors = creator
      .split(";")
      .map((name) => personName(name))
      .filter((name) => name !== "");
  const date = xmlText(core, "dcterms:issued") ?? xmlText(core, "dcterms:created");
  if (date) metadata.date = isoDate(date);
  const identifier = xmlText(core, "dc:identifier");
  if (identifier) metadata.reportNumber = identifier;
  const company = xmlText(app, "Company");
  if (company) metadata.publisher = company;
  return metadata;
}

const NOTE_ID = /^(footnote|endnote)-(.+)$/;
const NOTE_REF = /^#((?:footnote|endnote)-(?!ref-).+)$/;

/** The draft, and the Title-style paragraph's text (not a section), if any. */
export function draftWithTitle(html: string): { draft: DraftReport; title: string | null } {
  let title: string | null = null;
  const draft = draftFromMammothHtml(html, (text) => {
    title ??= text;
  });
  return { draft, title };
}

export function draftFromMammothHtml(html: string, onTitle: (text: string) => void = () => {}): DraftReport {
  const root = parseHtml(html);
  const noteBodies = new Map<string, HtmlElement>();
  collectNotes(root, noteBodies);

  const footnotes: ImportedFootnote[] = [];
  const numberOfNote = new Map<string, number>();
  const blocks: DraftBlock[] = [];

  /** A note's whole text and every URL in it: its hyperlinks' targets, then URLs written out. */
  const addNote = (body: HtmlElement): number => {
    const urls: string[] = [];
    const text = inlineText(body.children, { onLink: (url) => urls.push(url) });
    for (const url of urlsIn(text)) if (!urls.includes(url)) urls.push(url);
    const unique = [...new Set(urls)];
    footnotes.push({ number: footnotes.length + 1, page: 1, url: unique[0] ?? null, urls: unique, text });
    return footnotes.length;
  };

  let sawMarker = false;
  // A heading's references (a note on a title) go to the first passage under it, at its start:
  // a section cites nothing, and the note must stay reachable from the evidence (as in a PDF).
  let headingNotes: number[] = [];
  const addBlock = (kind: DraftBlock["kind"], nodes: readonly HtmlNode[], level = 1): void => {
    const marks: TextMarker[] = kind === "heading" ? [] : headingNotes.map((number) => ({ number, at: 0 }));
    const raw = rawInlineText(nodes, {
      onNoteRef: (ref, at) => {
        const id = textKey(ref);
        let number = numberOfNote.get(id);
        const body = noteBodies.get(id);
        if (number === undefined && body) {
          number = addNote(body);
          numberOfNote.set(id, number);
        }
        if (number !== undefined) {
          sawMarker = true;
          marks.push({ number, at });
        }
      },
    });
    const { text, markers } = normalizeMarked(raw, marks);
    if (kind === "heading") {
      if (text !== "") blocks.push({ kind, text, level, firstPage: 1, lastPage: 1 });
      headingNotes.push(...markers.map((marker) => marker.number));
      return;
    }
    if (text === "") return;
    blocks.push({
      kind,
      text,
      firstPage: 1,
      lastPage: 1,
      footnotes: [...new Set(markers.map((marker) => marker.number))],
      markers,
    });
    headingNotes = [];
  };

  const visit = (node: HtmlNode): void => {
    if (typeof node === "string") return;
    if (node.tag === "h1" && (node.attributes.class ?? "").split(" ").includes("report-title")) {
      const text = inlineText(node.children, {});
      if (text !== "") onTitle(text);
      return;
    }
    if (/^h[1-6]$/.test(node.tag)) {
      addBlock("heading", node.children, Number(node.tag.slice(1)));
      return;
    }
    if (node.tag === "p") {
      addBlock("paragraph", node.children);
      return;
    }
    if (node.tag === "li") {
      if (NOTE_ID.test(node.attributes.id ?? "")) return;
      // A list item's own text is one passage; a nested list inside it gives passages of its own.
      const own = node.children.filter((child) => typeof child === "string" || !["ul", "ol", "p"].includes(child.tag));
      const paragraphs = node.children.filter(
        (child): child is HtmlElement => typeof child !== "string" && child.tag === "p",
      );
      addBlock("list_item", [...own, ...paragraphs.flatMap((p) => [" ", ...p.children])]);
      for (const child of node.children)
        if (typeof child !== "string" && ["ul", "ol"].includes(child.tag)) visit(child);
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);

  // Notes that no passage references still belong to the report.
  for (const [id, body] of noteBodies) if (!numberOfNote.has(id)) numberOfNote.set(id, addNote(body));

  // Levels re-based: the shallowest heading present is level 1.
  const levels = blocks.filter((block) => block.kind === "heading").map((block) => block.level ?? 1);
  const shift = levels.length > 0 ? Math.min(...levels) - 1 : 0;
  for (const block of blocks) if (block.kind === "heading") block.level = (block.level ?? 1) - shift;
  // Notes but no reference to any: passages cite their page's notes, and say so.
  const hasMarkers = footnotes.length === 0 || sawMarker;
  if (!hasMarkers) {
    for (const block of blocks) {
      delete block.footnotes;
      delete block.markers;
    }
  }
  return { blocks, footnotes, pageCount: 1, hasMarkers, topLevelSectorsOnly: levels.length > 0 };
}

function collectNotes(node: HtmlElement, notes: Map<string, HtmlElement>): void {
  for (const child of node.children) {
    if (typeof child === "string") continue;
    if (child.tag === "li" && NOTE_ID.test(child.attributes.id ?? "")) notes.set(textKey(child.attributes.id!), child);
    else collectNotes(child, notes);
  }
}

interface InlineHandlers {
  /** A note reference; `at` is where it stands in the text read so far (rawInlineText's). */
  onNoteRef?: (id: string, at: number) => void;
  onLink?: (url: string, text: string) => void;
}

/** The visible text of inline nodes; note references and mammoth's `↑` back-links are not text. */
function inlineText(nodes: readonly HtmlNode[], handlers: InlineHandlers): string {
  return collapseSpaces(rawInlineText(nodes, handlers)).trim();
}

/** inlineText before its whitespace is collapsed (note references' offsets are into this). */
function rawInlineText(nodes: readonly HtmlNode[], handlers: InlineHandlers): string {
  const parts: string[] = [];
  let length = 0;
  const push = (part: string): void => {
    parts.push(part);
    length += part.length;
  };
  const walk = (node: HtmlNode): void => {
    if (typeof node === "string") {
      push(node);
      return;
    }
    if (node.tag === "br") {
      push(" ");
      return;
    }
    if (node.tag === "a") {
      const href = node.attributes.href ?? "";
      const noteRef = NOTE_REF.exec(href);
      if (noteRef) {
        handlers.onNoteRef?.(noteRef[1]!, length);
        return;
      }
      if (href.startsWith("#")) return;
      const text = inlineText(node.children, {});
      if (/^https?:\/\//i.test(href)) handlers.onLink?.(href, text);
      push(text);
      return;
    }
    if (node.tag === "p" && parts.length > 0) push(" ");
    node.children.forEach(walk);
  };
  nodes.forEach(walk);
  return parts.join("");
}
