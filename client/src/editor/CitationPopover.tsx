import { useLayoutEffect, useRef, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import type { CitationCache } from "../citations/citationCache";
import { chosenSources, passageOfEvidence, passagePlace } from "../citations/citationPassage";
import { CitationSources } from "../citations/CitationSources";
import type { BriefSource } from "../citations/citationTypes";
import { QuoteInPassage } from "../citations/QuoteInPassage";
import { useAnchoredPosition } from "../components/useAnchoredPosition";
import { FigureChips } from "../evidence/FigureChips";
import { SourceNotes } from "../evidence/SourceNotes";
import type { CitationRef } from "./citationNodeView";
import type { EvidenceCache } from "./evidenceCache";

interface CitationPopoverProps {
  id: string;
  cache: EvidenceCache;
  citations: CitationCache;
  bibliography: readonly BriefSource[];
  reference: CitationRef;
  anchor: HTMLElement;
  /** Whether the card lets this person tick sources (its button says so). */
  editable: boolean;
  onOpenCard: () => void;
  /** The pointer is over the popover: keep it open (its source links are meant to be clicked). */
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}

/**
 * The hover card of a citation: where its passage comes from, the cited words marked inside
 * it, and the sources chosen for it (or that none were chosen yet). It is the citation's
 * description (aria-describedby), so focusing a citation reads it too.
 */
export function CitationPopover(props: CitationPopoverProps) {
  const {
    id,
    cache,
    citations,
    bibliography,
    reference,
    anchor,
    editable,
    onOpenCard,
    onPointerEnter,
    onPointerLeave,
  } = props;
  const entry = useSyncExternalStore(cache.subscribe, () =>
    reference.evidenceId ? cache.read(reference.evidenceId) : null,
  );
  const stored = useSyncExternalStore(citations.subscribe, () =>
    reference.citationId ? citations.read(reference.citationId) : null,
  );
  const popover = useRef<HTMLDivElement>(null);
  // Placed again as its content loads (its height decides whether it fits below the citation).
  const position = useAnchoredPosition(popover, () => anchor.getBoundingClientRect(), anchor, 6);

  useLayoutEffect(() => {
    anchor.setAttribute("aria-describedby", id);
    return () => {
      if (anchor.getAttribute("aria-describedby") === id) anchor.removeAttribute("aria-describedby");
    };
  }, [anchor, id]);

  const body = (() => {
    if (!entry || entry.status === "loading" || stored?.status === "loading")
      return <p className="muted small">Loading the citation…</p>;
    if (entry.status === "missing")
      return <p className="muted small">This passage no longer exists: its report may have been removed.</p>;
    const { evidence } = entry;
    const passage = passageOfEvidence(evidence);
    const citation = stored?.status === "loaded" ? stored.citation : null;
    return (
      <>
        <p className="citation-popover-meta">
          {evidence.kind === "caption" ? "Caption · " : null}
          {passagePlace(passage, true)}
        </p>
        <QuoteInPassage
          className="citation-popover-text"
          testId="citation-popover-text"
          text={evidence.text}
          quote={citation?.quote ?? null}
        />
        {citation ? (
          <CitationSources
            chosen={chosenSources(citation, passage, bibliography)}
            sourcesChosen={citation.sourcesChosen}
          />
        ) : (
          <>
            <FigureChips figures={evidence.figures} />
            <SourceNotes evidence={evidence} />
          </>
        )}
        <div className="citation-popover-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            data-testid="citation-card-button"
            // The editor keeps its selection; the card takes focus itself.
            onMouseDown={(event) => event.preventDefault()}
            onClick={onOpenCard}
          >
            {editable ? "Choose sources…" : "Sources…"}
          </button>
          <span className="muted small citation-popover-hint">
            Enter opens the report; Shift+Enter {editable ? "chooses the sources" : "shows the sources"}.
          </span>
        </div>
      </>
    );
  })();

  return createPortal(
    <div
      ref={popover}
      id={id}
      role="tooltip"
      className="citation-popover"
      data-testid="citation-popover"
      style={position ? { top: position.top, left: position.left } : { visibility: "hidden" }}
      onMouseEnter={onPointerEnter}
      onMouseLeave={onPointerLeave}
    >
      {body}
    </div>,
    document.body,
  );
}
