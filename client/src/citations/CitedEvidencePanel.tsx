import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link } from "react-router";
import { queryKeys } from "../api/queryKeys";
import { reportPath } from "../evidence/paths";
import { CitationCard } from "./CitationCard";
import { chosenSources, passageOfSummary, passagePlace } from "./citationPassage";
import { CitationSources } from "./CitationSources";
import type { BriefSource, CitedItem } from "./citationTypes";
import { shortQuote } from "./quoteRange";
import { useBriefSources } from "./useBriefSources";
import type { CitedEvidence } from "./useCitedEvidence";
import { citedItemsOf } from "./useCitedItems";

interface CitedEvidencePanelProps {
  briefId: string;
  /** The recommendation's citations, fetched by its view (the side panel's tab counts them too). */
  cited: CitedEvidence;
  /** From the API's `abilities.editBody`: whether the cards let this person tick sources. */
  editable: boolean;
  /** A citation's sources were saved from this list: the view refetches it, the editor's hover cards too. */
  onSaved: () => void;
}

/**
 * Beside the editor, on the side panel's Citations tab: every citation the recommendation's
 * body makes, in its order — the quoted words (or "whole passage"), where they are, their
 * chosen sources, and a plain mark where the sources were never chosen — each with its card.
 */
export function CitedEvidencePanel({ briefId, cited, editable, onSaved }: CitedEvidencePanelProps) {
  const { api, state, unsourced } = cited;
  const queryClient = useQueryClient();
  const bibliography = useBriefSources(api, briefId);
  const [open, setOpen] = useState<CitedItem | null>(null);
  const headingId = useId();

  const items = citedItemsOf(state);
  const sources = bibliography.status === "loaded" ? bibliography.sources : [];

  return (
    <section className="cited-evidence" aria-labelledby={headingId} data-testid="cited-evidence">
      <h2 id={headingId} className="panel-heading">
        Cited evidence
        {items ? <span className="cited-evidence-count"> · {items.length}</span> : null}
      </h2>
      <p className="muted small cited-evidence-summary" role="status" aria-live="polite">
        {state.status === "failed"
          ? state.message
          : !items
            ? "Loading the citations…"
            : items.length === 0
              ? "Nothing cited yet."
              : unsourced
                ? `${unsourced} of ${items.length} without chosen sources.`
                : "Every citation has its sources."}
      </p>
      {items && items.length > 0 ? (
        <ol className="cited-evidence-list" aria-busy={state.status === "loading"}>
          {items.map((item, index) => (
            <CitedEvidenceItem
              // biome-ignore lint/suspicious/noArrayIndexKey: a citation may cite one passage twice: the position tells them apart, and the list is in reading order
              key={`${item.id ?? item.evidenceId ?? "source"}-${index}`}
              item={item}
              briefId={briefId}
              bibliography={sources}
              editable={editable}
              onOpen={() => setOpen(item)}
            />
          ))}
        </ol>
      ) : null}
      {open?.id && open.passage ? (
        <CitationCard
          citation={{ ...open, id: open.id }}
          passage={passageOfSummary(open.passage)}
          bibliography={bibliography}
          editable={editable}
          onClose={() => setOpen(null)}
          onSave={async (choice) => {
            if (!open.id) return;
            await api.update(briefId, open.id, choice);
            // The card may have added a source to the bibliography.
            void queryClient.invalidateQueries({ queryKey: queryKeys.sources(briefId) });
            onSaved();
          }}
        />
      ) : null}
    </section>
  );
}

interface CitedEvidenceItemProps {
  item: CitedItem;
  briefId: string;
  bibliography: readonly BriefSource[];
  editable: boolean;
  onOpen: () => void;
}

function CitedEvidenceItem({ item, briefId, bibliography, editable, onOpen }: CitedEvidenceItemProps) {
  const placeId = useId();
  const passage = item.passage ? passageOfSummary(item.passage) : null;
  return (
    <li
      className={`cited-item${item.sourcesChosen ? "" : " cited-item-unsourced"}`}
      data-testid="cited-item"
      data-citation-id={item.id ?? ""}
      data-sources-chosen={item.sourcesChosen}
    >
      <p className="cited-item-meta" id={placeId}>
        {passage ? passagePlace(passage, true) : item.source ? "Bibliography source" : "Passage no longer available"}
      </p>
      {item.quote ? (
        <p className="cited-item-quote" data-testid="cited-item-quote">
          “{shortQuote(item.quote.text, 240)}”
        </p>
      ) : passage ? (
        <p className="cited-item-quote cited-item-whole" data-testid="cited-item-quote">
          <span className="cited-item-whole-label">Whole passage:</span> {shortQuote(passage.text, 160)}
        </p>
      ) : null}
      <CitationSources chosen={chosenSources(item, passage, bibliography)} sourcesChosen={item.sourcesChosen} />
      <div className="cited-item-actions">
        {item.id && passage ? (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-describedby={placeId}
            onClick={onOpen}
          >
            {editable ? "Choose sources…" : "Sources…"}
          </button>
        ) : item.id === null && editable ? (
          <span className="muted small">Choose its sources from its number in the text (Shift+Enter).</span>
        ) : null}
        {item.evidenceId && item.reportId ? (
          <Link
            className="button-link small"
            to={reportPath(briefId, item.reportId, item.evidenceId)}
            aria-describedby={placeId}
          >
            Open in report
          </Link>
        ) : null}
      </div>
    </li>
  );
}
