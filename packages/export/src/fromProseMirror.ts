import { CITATION_NODE, isSafeHref, SUGGESTION_INSERT } from "@accord/editor";
import type { Mark, Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { Block, Inline, ListItemBlock, TextRun } from "./model.js";

/** What a `citation` node says it cites (CITATIONS.md §3); an attribute absent or empty is null. */
export interface CitationReference {
  evidenceId: string | null;
  citationId: string | null;
}

/**
 * Gives a citation node its footnote number, or null to leave it out (a citation or evidence
 * that is not the brief's: a forged or foreign id, or a passage of a deleted report).
 */
export type Cite = (reference: CitationReference) => number | null;

/**
 * A recommendation body (read with the editor's schema by BodyReader) as export blocks.
 * Pure: the numbering lives in `cite`, so the caller decides how numbers run.
 *
 * The schema is StarterKit's, so nodes the editor may hold beyond the exported vocabulary
 * are mapped rather than lost: a code block becomes a paragraph, a horizontal rule is
 * dropped, strike/underline/code marks keep their text without the styling.
 *
 * Open suggestions (issue 18) are not part of the text until an editor accepts them: text
 * proposed for insertion is left out, text proposed for deletion is kept as ordinary text.
 * An approved recommendation has none (approval is refused while any is open).
 */
export function blocksFromProseMirror(doc: ProseMirrorNode, cite: Cite): Block[] {
  const blocks: Block[] = [];
  doc.forEach((child) => pushBlock(child, cite, blocks));
  return blocks;
}

function pushBlock(node: ProseMirrorNode, cite: Cite, out: Block[]): void {
  switch (node.type.name) {
    case "paragraph":
    case "codeBlock":
      out.push({ type: "paragraph", content: inlines(node, cite) });
      return;
    case "heading":
      // The editor offers levels 2 and 3; under a recommendation title they read as 3 and 4.
      out.push({ type: "heading", level: node.attrs.level === 3 ? 4 : 3, content: inlines(node, cite) });
      return;
    case "bulletList":
      out.push({ type: "bulletList", items: listItems(node, cite) });
      return;
    case "orderedList": {
      const start = Number(node.attrs.start);
      out.push({
        type: "orderedList",
        start: Number.isInteger(start) && start >= 0 ? start : 1,
        items: listItems(node, cite),
      });
      return;
    }
    case "listItem":
      out.push(listItem(node, cite));
      return;
    case "blockquote":
      out.push({ type: "blockquote", blocks: childBlocks(node, cite) });
      return;
    case "horizontalRule":
      return;
    default:
      // An unknown block: keep what it says rather than drop the words.
      if (node.inlineContent) out.push({ type: "paragraph", content: inlines(node, cite) });
      else node.forEach((child) => pushBlock(child, cite, out));
  }
}

function childBlocks(node: ProseMirrorNode, cite: Cite): Block[] {
  const blocks: Block[] = [];
  node.forEach((child) => pushBlock(child, cite, blocks));
  return blocks;
}

function listItems(node: ProseMirrorNode, cite: Cite): ListItemBlock[] {
  const items: ListItemBlock[] = [];
  node.forEach((child) => {
    if (child.type.name === "listItem") items.push(listItem(child, cite));
    else items.push({ type: "listItem", blocks: childBlocks(child, cite) });
  });
  return items;
}

function listItem(node: ProseMirrorNode, cite: Cite): ListItemBlock {
  return { type: "listItem", blocks: childBlocks(node, cite) };
}

function inlines(node: ProseMirrorNode, cite: Cite): Inline[] {
  const out: Inline[] = [];
  node.forEach((child) => {
    if (child.isText) {
      if (child.marks.some((mark) => mark.type.name === SUGGESTION_INSERT)) return;
      pushText(out, textRun(child.text ?? "", child.marks));
    } else if (child.type.name === CITATION_NODE) {
      const reference = citationReference(child);
      const number = reference ? cite(reference) : null;
      if (number !== null) out.push({ type: "footnoteRef", number });
    } else if (child.type.name === "hardBreak") {
      out.push({ type: "break" });
    } else if (child.textContent) {
      pushText(out, textRun(child.textContent, child.marks));
    }
  });
  return out;
}

/** The node's ids, or null when it names neither (nothing to cite). */
export function citationReference(node: ProseMirrorNode): CitationReference | null {
  const id = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const reference = { evidenceId: id(node.attrs.evidenceId), citationId: id(node.attrs.citationId) };
  return reference.evidenceId === null && reference.citationId === null ? null : reference;
}

function textRun(text: string, marks: readonly Mark[]): TextRun {
  const run: TextRun = { type: "text", text };
  for (const mark of marks) {
    if (mark.type.name === "bold") run.bold = true;
    else if (mark.type.name === "italic") run.italic = true;
    else if (mark.type.name === "link") {
      const href: unknown = mark.attrs.href;
      // A peer that ignores the editor's link rules could still store javascript: URLs.
      if (typeof href === "string" && isSafeHref(href)) run.link = href.trim();
    }
  }
  return run;
}

/** Joins a run to the previous one when they look the same, so renderers see whole phrases. */
function pushText(out: Inline[], run: TextRun): void {
  if (run.text === "") return;
  const last = out[out.length - 1];
  if (last?.type === "text" && last.bold === run.bold && last.italic === run.italic && last.link === run.link) {
    last.text += run.text;
    return;
  }
  out.push(run);
}
