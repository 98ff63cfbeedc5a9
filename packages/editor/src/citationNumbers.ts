import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

/** The name of the citation node in the schema and in the Y.XmlFragment (the server reads it). */
export const CITATION_NODE = "citation";

export interface NumberedCitation {
  /** Position of the citation node in the document. */
  pos: number;
  /** The cited passage; null for a direct citation of a bibliography source. */
  evidenceId: string | null;
  /** The stored citation; null for an older body's whole-passage node. */
  citationId: string | null;
  /** 1-based; the same citation appearing again keeps the number of its first appearance. */
  number: number;
}

/** What one number stands for: a stored citation, or (older nodes) a whole passage. */
function numberKey(citationId: string | null, evidenceId: string | null): string | null {
  if (citationId) return `citation:${citationId}`;
  if (evidenceId) return `evidence:${evidenceId}`;
  return null;
}

function idAttribute(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * Every citation of a document with its footnote-style number, in document order.
 * A number stands for one stored citation (a quote and its sources): citing it again — a
 * copied node — keeps its number. A node with only an evidence id (older bodies) stands for
 * its whole passage, so citing passage A, then B, then A again that way reads 1, 2, 1.
 * A node that names neither (a peer that broke the rule) gets no number.
 */
export function numberCitations(doc: ProseMirrorNode): NumberedCitation[] {
  const numbers = new Map<string, number>();
  const citations: NumberedCitation[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name !== CITATION_NODE) return true;
    const evidenceId = idAttribute(node.attrs.evidenceId);
    const citationId = idAttribute(node.attrs.citationId);
    const key = numberKey(citationId, evidenceId);
    if (key !== null) {
      let number = numbers.get(key);
      if (number === undefined) {
        number = numbers.size + 1;
        numbers.set(key, number);
      }
      citations.push({ pos, evidenceId, citationId, number });
    }
    return false;
  });
  return citations;
}

/** Evidence and citation ids have the API's id shape; anything else dragged or typed in is refused. */
export function isEvidenceId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** A citation id has the same shape as an evidence id. */
export const isCitationId = isEvidenceId;
