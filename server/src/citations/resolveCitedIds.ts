import type { Store } from "../store/Store.js";
import type { CitationNodeRef } from "./citedEvidenceIds.js";

export interface CitedIds {
  /** Evidence of the brief the body cites, in order of first appearance, without duplicates. */
  evidenceIds: string[];
  /** Citations of the brief the body's nodes name, in order of first appearance, without duplicates. */
  citationIds: string[];
}

/**
 * Which of a body's citation nodes are citations (CITATIONS.md §3), checked against the store:
 * - a node with a `citationId` naming a citation of this brief is that citation, if its
 *   `evidenceId` attribute, when set, equals the citation's; its passage (if any) is cited;
 * - a node with only an `evidenceId` of this brief's evidence cites that whole passage;
 * - anything else (another brief's ids, a forged or deleted citation, attributes that
 *   disagree) is left out.
 */
export async function resolveCitedIds(
  store: Pick<Store, "getCitations" | "getEvidence">,
  briefId: string,
  nodes: readonly CitationNodeRef[],
): Promise<CitedIds> {
  const askedCitations = [...new Set(nodes.flatMap((node) => (node.citationId === null ? [] : [node.citationId])))];
  // getCitations answers only this brief's citations.
  const citations = new Map(
    (await store.getCitations(briefId, askedCitations)).map((citation) => [citation.id, citation]),
  );
  const evidence: string[] = [];
  const citationIds: string[] = [];
  for (const node of nodes) {
    if (node.citationId === null) {
      if (node.evidenceId !== null) evidence.push(node.evidenceId);
      continue;
    }
    const citation = citations.get(node.citationId);
    if (!citation) continue;
    if (node.evidenceId !== null && node.evidenceId !== citation.evidenceId) continue;
    citationIds.push(citation.id);
    if (citation.evidenceId !== null) evidence.push(citation.evidenceId);
  }
  const asked = [...new Set(evidence)];
  // getEvidence answers only this brief's evidence, in the order asked.
  const evidenceIds = asked.length === 0 ? [] : (await store.getEvidence(briefId, asked)).map((record) => record.id);
  return { evidenceIds, citationIds: [...new Set(citationIds)] };
}
