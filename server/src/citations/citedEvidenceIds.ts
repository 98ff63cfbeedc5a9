import { BODY_FRAGMENT_NAME, CITATION_NODE, type BodyReader } from "@accord/editor";
import * as Y from "yjs";

/** The schema's node types by name (typed through BodyReader: the server does not depend on ProseMirror itself). */
type NodeTypes = BodyReader["schema"]["nodes"];
type NodeType = NodeTypes[string];

/**
 * The evidence ids a recommendation's body cites, in order of first appearance, without
 * duplicates, counted exactly where the editor shows a citation: the body is read with the
 * editor's own schema (packages/editor).
 *
 * It walks the Y.XmlFragment's elements instead of building the ProseMirror document
 * (`reader.read`): that conversion reads every character of every text node, ~50–290 ms for a
 * 2 MB body on the event loop every few seconds while someone types, where citations live only
 * in elements. y-prosemirror drops an element, with everything inside it, when the schema cannot
 * create its node (`schema.node`: an unknown name, a required attribute missing, children the
 * node's content expression does not allow); the walk drops exactly those, reading a text node
 * only for its length. What it does not judge is whether a text run's marks are allowed where
 * it stands (that needs the run's formatting): in this schema that only decides whether a code
 * block survives, and no citation can be inside one. (y-prosemirror also deletes what it drops
 * from the Y.Doc it reads, which must never happen to a room's document: it holds what is
 * stored, SPEC D1. The walk only reads.) `citedEvidenceIds.test.ts` pins equality with the
 * ProseMirror reading on random bodies.
 */
export function citedEvidenceIds(reader: BodyReader, doc: Y.Doc): string[] {
  return [
    ...new Set(citationNodes(reader, doc).flatMap((node) => (node.evidenceId === null ? [] : [node.evidenceId]))),
  ];
}

/** A citation node's attributes as the body holds them (CITATIONS.md §3); "" reads as absent. */
export interface CitationNodeRef {
  evidenceId: string | null;
  citationId: string | null;
}

/**
 * Every citation node the editor shows, in body order (duplicates kept), with both attributes,
 * read by the same walk as `citedEvidenceIds`. Nodes with neither attribute are left out.
 */
export function citationNodes(reader: BodyReader, doc: Y.Doc): CitationNodeRef[] {
  const nodes = reader.schema.nodes;
  const refs: CitationNodeRef[] = [];
  // The top node is created unchecked, so only its children are judged.
  for (const child of doc.getXmlFragment(BODY_FRAGMENT_NAME).toArray()) {
    if (child instanceof Y.XmlElement) visit(nodes, child, refs);
  }
  return refs;
}

function attribute(element: Y.XmlElement, name: string): string | null {
  const value: unknown = element.getAttribute(name);
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Appends the citations inside `element` to `ids` and answers its node type, or null when the
 * editor drops it: then nothing it holds is appended.
 */
function visit(nodes: NodeTypes, element: Y.XmlElement, ids: CitationNodeRef[]): NodeType | null {
  const type = Object.hasOwn(nodes, element.nodeName) ? nodes[element.nodeName] : undefined;
  if (type === undefined || type.isText || !hasRequiredAttributes(type, element)) return null;
  const start = ids.length;
  let match: ReturnType<NodeType["contentMatch"]["matchType"]> = type.contentMatch;
  for (const child of element.toArray()) {
    let childType: NodeType | null = null;
    if (child instanceof Y.XmlElement) childType = visit(nodes, child, ids);
    else if (child instanceof Y.XmlText && child.length > 0) childType = nodes.text ?? null;
    if (childType === null) continue;
    match = match?.matchType(childType) ?? null;
  }
  if (match === null || !match.validEnd) {
    ids.length = start;
    return null;
  }
  if (element.nodeName === CITATION_NODE) {
    // An atom: what it holds is not the editor's to show (numberCitations stops here too).
    ids.length = start;
    const ref = { evidenceId: attribute(element, "evidenceId"), citationId: attribute(element, "citationId") };
    if (ref.evidenceId !== null || ref.citationId !== null) ids.push(ref);
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
