import { useSyncExternalStore } from "react";
import type { CitationCache } from "../citations/citationCache";
import { CitationCard } from "../citations/CitationCard";
import { passageOfEvidence } from "../citations/citationPassage";
import type { CitationsApi } from "../citations/citationsApi";
import type { BriefSourcesState } from "../citations/useBriefSources";
import type { CitationRef } from "./citationNodeView";
import type { EvidenceCache } from "./evidenceCache";

interface EditorCitationCardProps {
  briefId: string;
  citationsApi: CitationsApi;
  cache: EvidenceCache;
  citations: CitationCache;
  bibliography: BriefSourcesState;
  reference: CitationRef;
  editable: boolean;
  onSaved: () => void;
  onClose: () => void;
}

/**
 * The card of a citation in the body. Saving an older evidence-only node's sources makes it
 * a stored citation (POST) and gives the node its id; a stored one is PATCHed.
 */
export function EditorCitationCard(props: EditorCitationCardProps) {
  const { briefId, citationsApi, cache, citations, bibliography, reference, editable, onSaved, onClose } = props;
  const entry = useSyncExternalStore(cache.subscribe, () =>
    reference.evidenceId ? cache.read(reference.evidenceId) : null,
  );
  const stored = useSyncExternalStore(citations.subscribe, () =>
    reference.citationId ? citations.read(reference.citationId) : null,
  );
  if (entry?.status !== "loaded" || stored?.status === "loading") return null;
  const passage = passageOfEvidence(entry.evidence);
  const citation =
    stored?.status === "loaded"
      ? { ...stored.citation, id: reference.citationId }
      : {
          // An older node: its default sources (CITATIONS.md §2), as the export reads them.
          id: null,
          quote: null,
          notes: passage.sourcesFrom === "markers" ? passage.notes.map((note) => note.number) : [],
          sourceIds: [],
          sourcesChosen: passage.sourcesFrom === "markers",
        };

  return (
    <CitationCard
      citation={citation}
      passage={passage}
      bibliography={bibliography}
      editable={editable}
      onClose={onClose}
      onSave={async (choice) => {
        if (reference.citationId) {
          await citationsApi.update(briefId, reference.citationId, choice);
          citations.refresh(reference.citationId);
        } else {
          const { citation: created } = await citationsApi.create(briefId, {
            evidenceId: reference.evidenceId,
            ...choice,
          });
          reference.attachCitation(created.id);
        }
        onSaved();
      }}
    />
  );
}
