import type { BodyBlock, BodyInline } from "@accord/claims";
import { BODY_FRAGMENT_NAME, CITATION_NODE, type BodyReader } from "@accord/editor";
import * as Y from "yjs";

type NodeTypes = BodyReader["schema"]["nodes"];
type NodeType = NodeTypes[string];

/** What an inline leaf other than a citation (a hard break) reads as: one position, as ProseMirror counts it, and a space between words. */
const LEAF_TEXT = "\n";

/**
 * A recommendation's body as the claim check reads it (@accord/claims' BodyBlock[]): its
 * textblocks in document order — the n-th is the n-th textblock the editor shows, which is what
 * a finding's `at.block` counts — each as text runs and citations, so that offsets inside a
 * block are ProseMirror's (a character of text 1, a citation 1, a hard break 1).
 *
 * The same walk of the Y.XmlFragment as `citationNodes` (citations/citedEvidenceIds.ts), and for
 * the same reasons: it only reads, never builds the ProseMirror document, and drops exactly the
 * elements the editor drops (unknown names, required attributes missing, children their content
 * expression does not allow), with everything inside them. Text keeps every run, suggested
 * deletions included: they are in the editor's document, and the offsets must be its offsets.
 * `bodyBlocks.test.ts` pins equality with the ProseMirror reading on random bodies.
 */
export function bodyBlocks(reader: BodyReader, doc: Y.Doc): BodyBlock[] {
  const nodes = reader.schema.nodes;
  const blocks: BodyBlock[] = [];
  for (const child of doc.getXmlFragment(BODY_FRAGMENT_NAME).toArray()) {
    if (child instanceof Y.XmlElement) visit(nodes, child, blocks, null);
  }
  return blocks;
}

function attribute(element: Y.XmlElement, name: string): string | null {
  const value: unknown = element.getAttribute(name);
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Appends the textblocks inside `element` to `blocks` (or, inside a textblock, its inline
 * content to `inline`) and answers its node type, or null when the editor drops it: then
 * nothing it holds is appended.
 */
function visit(
  nodes: NodeTypes,
  element: Y.XmlElement,
  blocks: BodyBlock[],
  inline: BodyInline[] | null,
): NodeType | null {
  const type = Object.hasOwn(nodes, element.nodeName) ? nodes[element.nodeName] : undefined;
  if (type === undefined || type.isText || !hasRequiredAttributes(type, element)) return null;
  const blocksBefore = blocks.length;
  const inlineBefore = inline?.length ?? 0;
  const own: BodyInline[] | null = type.isTextblock ? [] : inline;
  let match: ReturnType<NodeType["contentMatch"]["matchType"]> = type.contentMatch;
  for (const child of element.toArray()) {
    let childType: NodeType | null = null;
    if (child instanceof Y.XmlElement) childType = visit(nodes, child, blocks, own);
    else if (child instanceof Y.XmlText && child.length > 0) {
      childType = nodes.text ?? null;
      if (own !== null) appendText(own, child);
    }
    if (childType === null) continue;
    match = match?.matchType(childType) ?? null;
  }
  if (match === null || !match.validEnd) {
    blocks.length = blocksBefore;
    if (inline !== null) inline.length = inlineBefore;
    return null;
  }
  if (element.nodeName === CITATION_NODE) {
    // An atom: what it holds is not the editor's to show.
    if (inline !== null) {
      inline.length = inlineBefore;
      inline.push({
        cite: { evidenceId: attribute(element, "evidenceId"), citationId: attribute(element, "citationId") },
      });
    }
  } else if (type.isTextblock) {
    blocks.push(mergeRuns(own ?? []));
  } else if (type.isInline && type.isLeaf && inline !== null) {
    inline.length = inlineBefore;
    const leaf = { text: LEAF_TEXT };
    leaves.add(leaf);
    inline.push(leaf);
  }
  return type;
}

/** Each run of the text as one inline (merged once the block is complete: a dropped sibling must be cut off by length). */
function appendText(inline: BodyInline[], text: Y.XmlText): void {
  for (const op of text.toDelta() as Array<{ insert: unknown }>) {
    if (typeof op.insert === "string" && op.insert !== "") inline.push({ text: op.insert });
  }
}

/** Inline leaves read as text (hard breaks): kept apart from the text runs around them. */
const leaves = new WeakSet<BodyInline>();

/** Adjacent text runs as one (formatting is not the checker's concern); a leaf stays on its own. */
function mergeRuns(inline: readonly BodyInline[]): BodyBlock {
  const merged: BodyInline[] = [];
  for (const piece of inline) {
    const last = merged.at(-1);
    if ("text" in piece && last !== undefined && "text" in last && !leaves.has(piece) && !leaves.has(last))
      merged[merged.length - 1] = { text: last.text + piece.text };
    else merged.push(piece);
  }
  return merged;
}

function hasRequiredAttributes(type: NodeType, element: Y.XmlElement): boolean {
  if (!type.hasRequiredAttrs()) return true;
  const attributes = element.getAttributes() as Record<string, unknown>;
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    if (!Object.hasOwn(spec, "default") && attributes[name] === undefined) return false;
  }
  return true;
}
