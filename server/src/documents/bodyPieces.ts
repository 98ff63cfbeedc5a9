import { BODY_FRAGMENT_NAME, CITATION_NODE, type BodyReader } from "@accord/editor";
import * as Y from "yjs";

/** The schema's node types by name (typed through BodyReader: the server does not depend on ProseMirror itself). */
type NodeTypes = BodyReader["schema"]["nodes"];
type NodeType = NodeTypes[string];

/**
 * What the editor shows of a body, in document order: where each textblock starts and ends,
 * and the inline nodes — text nodes (not read: a reader that wants the characters reads them),
 * citations with their attributes ("" reads as absent, CITATIONS.md §3) and the other inline
 * leaves (hard breaks). An inline node outside any textblock (the top node is not checked, so
 * one can stand there) is outside every start–end pair.
 */
export type BodyPiece =
  | { kind: "textblockStart" }
  | { kind: "textblockEnd" }
  | { kind: "text"; text: Y.XmlText }
  | { kind: "citation"; evidenceId: string | null; citationId: string | null }
  | { kind: "leaf" };

/**
 * A recommendation's body as the editor shows it, as a flat list of pieces (the n-th textblock
 * start is the n-th textblock of the ProseMirror document). The citation tracker and the claim
 * check both read the body through this one walk.
 *
 * It walks the Y.XmlFragment's elements instead of building the ProseMirror document
 * (`reader.read`): that conversion reads every character of every text node, ~50–290 ms for a
 * 2 MB body on the event loop every few seconds while someone types, where citations live only
 * in elements. y-prosemirror drops an element, with everything inside it, when the schema cannot
 * create its node (`schema.node`: an unknown name, a required attribute missing, children the
 * node's content expression does not allow); the walk drops exactly those, looking at a text
 * node only for its length. What it does not judge is whether a text run's marks are allowed
 * where it stands (that needs the run's formatting): in this schema that only decides whether a
 * code block survives, and no citation can be inside one. (y-prosemirror also deletes what it
 * drops from the Y.Doc it reads, which must never happen to a room's document: it holds what is
 * stored, SPEC D1. The walk only reads.) `citedEvidenceIds.test.ts` and `bodyBlocks.test.ts`
 * pin equality with the ProseMirror reading on random bodies.
 */
export function bodyPieces(reader: BodyReader, doc: Y.Doc, options: BodyPiecesOptions = {}): BodyPiece[] {
  const walk: Walk = { nodes: reader.schema.nodes, pieces: [], all: options.citationsOnly !== true };
  // The top node is created unchecked, so only its children are judged.
  for (const child of doc.getXmlFragment(BODY_FRAGMENT_NAME).toArray()) {
    if (child instanceof Y.XmlElement) visit(walk, child);
  }
  return walk.pieces;
}

export interface BodyPiecesOptions {
  /**
   * Only the citations. The citation tracker walks a body every few seconds while someone
   * types; a piece for every text node and textblock besides doubled the walk's CPU time on a
   * 2 MB body (20,000 paragraphs, each two text runs and a citation: ~25 ms → ~64 ms median).
   * @default false
   */
  citationsOnly?: boolean;
}

interface Walk {
  nodes: NodeTypes;
  pieces: BodyPiece[];
  /** Whether pieces other than citations are wanted. */
  all: boolean;
}

function attribute(element: Y.XmlElement, name: string): string | null {
  const value: unknown = element.getAttribute(name);
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Appends the pieces of `element` to `pieces` and answers its node type, or null when the
 * editor drops it: then nothing it holds is appended.
 */
function visit(walk: Walk, element: Y.XmlElement): NodeType | null {
  const { nodes, pieces, all } = walk;
  const type = Object.hasOwn(nodes, element.nodeName) ? nodes[element.nodeName] : undefined;
  if (type === undefined || type.isText || !hasRequiredAttributes(type, element)) return null;
  const start = pieces.length;
  if (all && type.isTextblock) pieces.push({ kind: "textblockStart" });
  let match: ReturnType<NodeType["contentMatch"]["matchType"]> = type.contentMatch;
  for (const child of element.toArray()) {
    let childType: NodeType | null = null;
    if (child instanceof Y.XmlElement) childType = visit(walk, child);
    else if (child instanceof Y.XmlText && child.length > 0) {
      childType = nodes.text ?? null;
      if (all) pieces.push({ kind: "text", text: child });
    }
    if (childType === null) continue;
    match = match?.matchType(childType) ?? null;
  }
  if (match === null || !match.validEnd) {
    pieces.length = start;
    return null;
  }
  if (element.nodeName === CITATION_NODE) {
    // An atom: what it holds is not the editor's to show (numberCitations stops here too).
    pieces.length = start;
    pieces.push({
      kind: "citation",
      evidenceId: attribute(element, "evidenceId"),
      citationId: attribute(element, "citationId"),
    });
  } else if (all && type.isTextblock) {
    pieces.push({ kind: "textblockEnd" });
  } else if (all && type.isInline && type.isLeaf) {
    pieces.length = start;
    pieces.push({ kind: "leaf" });
  }
  return type;
}

function hasRequiredAttributes(type: NodeType, element: Y.XmlElement): boolean {
  if (!type.hasRequiredAttrs()) return true;
  const attributes = element.getAttributes() as Record<string, unknown>;
  // ProseMirror's rule: an attribute whose spec gives no default is required.
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    if (!Object.hasOwn(spec, "default") && attributes[name] === undefined) return false;
  }
  return true;
}
