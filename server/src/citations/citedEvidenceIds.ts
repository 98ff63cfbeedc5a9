import { numberCitations, type BodyReader } from "@accord/editor";
import type * as Y from "yjs";

/**
 * The evidence ids a recommendation's body cites, in order of first appearance, without
 * duplicates: the body is read with the editor's own schema (packages/editor), so a
 * citation counts here exactly when the editor shows it.
 */
export function citedEvidenceIds(reader: BodyReader, doc: Y.Doc): string[] {
  const ids: string[] = [];
  for (const { evidenceId } of numberCitations(reader.read(doc))) if (!ids.includes(evidenceId)) ids.push(evidenceId);
  return ids;
}
