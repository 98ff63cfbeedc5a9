import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

/** The name of the citation node in the schema and in the Y.XmlFragment (the server reads it). */
export const CITATION_NODE = "citation";

export interface NumberedCitation {
  /** Position of the citation node in the document. */
  pos: number;
  evidenceId: string;
  /** 1-based; the same evidence cited again keeps the number of its first appearance. */
  number: number;
}

/**
 * Every citation of a document with its footnote-style number, in document order.
 * Numbers follow first appearance, so citing passage A, then B, then A again reads 1, 2, 1.
 * A citation without an evidence id (a peer that broke the rule) gets no number.
 */
export function numberCitations(doc: ProseMirrorNode): NumberedCitation[] {
  const numbers = new Map<string, number>();
  const citations: NumberedCitation[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== CITATION_NODE) return true;
    const evidenceId: unknown = node.attrs.evidenceId;
    if (typeof evidenceId === "string" && evidenceId !== "") {
      let number = numbers.get(evidenceId);
      if (number === undefined) {
        number = numbers.size + 1;
        numbers.set(evidenceId, number);
      }
      citations.push({ pos, evidenceId, number });
    }
    return false;
  });
  return citations;
}

/** Evidence ids have the API's id shape; anything else dragged or typed in is refused. */
export function isEvidenceId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
