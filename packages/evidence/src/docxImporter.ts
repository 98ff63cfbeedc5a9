import mammoth from "mammoth";
import { assembleReport } from "./assemble.js";
import { ImportError } from "./errors.js";
import { parseHtml, type HtmlElement, type HtmlNode } from "./html.js";
import { DEFAULT_IMPORT_LIMITS } from "./limits.js";
import type { DraftBlock, DraftReport } from "./model.js";
import type { ImportedFootnote, ImportedReport } from "./types.js";
import { collapseSpaces, textKey } from "./textScan.js";
import { checkZipBudget } from "./zipBudget.js";

/**
 * Word documents, read through mammoth's HTML. Decisions:
 * - Heading 1–6 styles are sections (sector-like when in capitals); paragraphs, list items and
 *   table-cell paragraphs are passages.
 * - Word footnotes and endnotes are notes; a passage cites exactly those it references. A
 *   hyperlink in the body is a note of its own as well (as in Markdown). Notes are numbered in
 *   order of first reference.
 * - Pages: a .docx has no fixed pages (Word lays them out when it renders), so every passage
 *   and note is on page 1 and the report has one page.
 */
export async function importDocx(
  bytes: Uint8Array,
  title: string,
  maxInflatedBytes = DEFAULT_IMPORT_LIMITS.maxDocxInflatedBytes,
): Promise<ImportedReport> {
  checkZipBudget(bytes, maxInflatedBytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are no evidence: mammoth would otherwise read each one and inline it as base64.
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    html = result.value;
  } catch (cause) {
    throw new ImportError("invalid_file", "The Word document could not be read; it may be damaged.", { cause });
  }
  return assembleReport(draftFromMammothHtml(html), { title, format: "docx" });
}

const NOTE_ID = /^(footnote|endnote)-(.+)$/;
const NOTE_REF = /^#((?:footnote|endnote)-(?!ref-).+)$/;

export function draftFromMammothHtml(html: string): DraftReport {
  const root = parseHtml(html);
  const noteBodies = new Map<string, HtmlElement>();
  collectNotes(root, noteBodies);

  const footnotes: ImportedFootnote[] = [];
  const numberOfNote = new Map<string, number>();
  const blocks: DraftBlock[] = [];

  const addNote = (text: string, url: string | null): number => {
    footnotes.push({ number: footnotes.length + 1, page: 1, url, urls: url === null ? [] : [url], text });
    return footnotes.length;
  };

  const addBlock = (kind: DraftBlock["kind"], nodes: readonly HtmlNode[]): void => {
    const cited = new Set<number>();
    const text = inlineText(nodes, {
      onNoteRef: (ref) => {
        const id = textKey(ref);
        let number = numberOfNote.get(id);
        const body = noteBodies.get(id);
        if (number === undefined && body) {
          const links: string[] = [];
          const noteText = inlineText(body.children, { onLink: (url) => links.push(url) });
          number = addNote(noteText, links[0] ?? /https?:\/\/\S+/.exec(noteText)?.[0] ?? null);
          numberOfNote.set(id, number);
        }
        if (number !== undefined) cited.add(number);
      },
      onLink: (url, linkText) => cited.add(addNote(linkText, url)),
    });
    if (text === "") return;
    blocks.push(
      kind === "heading"
        ? { kind, text, firstPage: 1, lastPage: 1 }
        : { kind, text, firstPage: 1, lastPage: 1, footnotes: [...cited].sort((a, b) => a - b) },
    );
  };

  const visit = (node: HtmlNode): void => {
    if (typeof node === "string") return;
    if (/^h[1-6]$/.test(node.tag)) return addBlock("heading", node.children);
    if (node.tag === "p") return addBlock("paragraph", node.children);
    if (node.tag === "li") {
      if (NOTE_ID.test(node.attributes.id ?? "")) return;
      // A list item's own text is one passage; a nested list inside it gives passages of its own.
      const own = node.children.filter((child) => typeof child === "string" || !["ul", "ol", "p"].includes(child.tag));
      const paragraphs = node.children.filter((child): child is HtmlElement => typeof child !== "string" && child.tag === "p");
      addBlock("list_item", [...own, ...paragraphs.flatMap((p) => [" ", ...p.children])]);
      for (const child of node.children) if (typeof child !== "string" && ["ul", "ol"].includes(child.tag)) visit(child);
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);

  // Notes that no passage references still belong to the report.
  for (const [id, body] of noteBodies) {
    if (!numberOfNote.has(id)) {
      const links: string[] = [];
      const text = inlineText(body.children, { onLink: (url) => links.push(url) });
      numberOfNote.set(id, addNote(text, links[0] ?? null));
    }
  }
  return { blocks, footnotes, pageCount: 1 };
}

function collectNotes(node: HtmlElement, notes: Map<string, HtmlElement>): void {
  for (const child of node.children) {
    if (typeof child === "string") continue;
    if (child.tag === "li" && NOTE_ID.test(child.attributes.id ?? "")) notes.set(textKey(child.attributes.id!), child);
    else collectNotes(child, notes);
  }
}

interface InlineHandlers {
  onNoteRef?: (id: string) => void;
  onLink?: (url: string, text: string) => void;
}

/** The visible text of inline nodes; note references and mammoth's `↑` back-links are not text. */
function inlineText(nodes: readonly HtmlNode[], handlers: InlineHandlers): string {
  const parts: string[] = [];
  const walk = (node: HtmlNode): void => {
    if (typeof node === "string") {
      parts.push(node);
      return;
    }
    if (node.tag === "br") {
      parts.push(" ");
      return;
    }
    if (node.tag === "a") {
      const href = node.attributes.href ?? "";
      const noteRef = NOTE_REF.exec(href);
      if (noteRef) {
        handlers.onNoteRef?.(noteRef[1]!);
        return;
      }
      if (href.startsWith("#")) return;
      const text = inlineText(node.children, {});
      if (/^https?:\/\//i.test(href)) handlers.onLink?.(href, text);
      parts.push(text);
      return;
    }
    if (node.tag === "p" && parts.length > 0) parts.push(" ");
    node.children.forEach(walk);
  };
  nodes.forEach(walk);
  return collapseSpaces(parts.join("")).trim();
}
