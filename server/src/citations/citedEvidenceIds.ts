import type { BodyReader } from "@accord/editor";
import type * as Y from "yjs";
import { bodyPieces } from "../documents/bodyPieces.js";

/**
 * The evidence ids a recommendation's body cites, in order of first appearance, without
 * duplicates, counted exactly where the editor shows a citation: the body is read with the
 * editor's own schema (packages/editor), by the walk of documents/bodyPieces.ts, which
 * never reads the characters of the text.
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
  const refs: CitationNodeRef[] = [];
  for (const piece of bodyPieces(reader, doc, { citationsOnly: true })) {
    if (piece.kind !== "citation" || (piece.evidenceId === null && piece.citationId === null)) continue;
    refs.push({ evidenceId: piece.evidenceId, citationId: piece.citationId });
  }
  return refs;
}
