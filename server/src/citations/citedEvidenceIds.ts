import { BODY_FRAGMENT } from "@accord/protocol";
import * as Y from "yjs";

/** The Tiptap node and attribute a citation is stored as (packages/editor's Citation). */
export const CITATION_NODE = "citation";
export const EVIDENCE_ID_ATTRIBUTE = "evidenceId";

/**
 * The evidence ids a recommendation's body cites, in order of first appearance, without
 * duplicates. Citations are inline, so they sit at any depth (in paragraphs, list items,
 * quotes): the walk goes through every element.
 */
export function citedEvidenceIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === CITATION_NODE) {
        const id: unknown = child.getAttribute(EVIDENCE_ID_ATTRIBUTE);
        if (typeof id === "string" && id !== "" && !seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      }
      walk(child);
    }
  };
  walk(doc.getXmlFragment(BODY_FRAGMENT));
  return ids;
}
