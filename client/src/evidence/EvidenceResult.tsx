import { useEffect, useId, useRef, useState, type DragEvent } from "react";
import { Link } from "react-router";
import type { Evidence } from "@accord/protocol";
import type { CitationQuote } from "../citations/citationTypes";
import { SpanCiteControls } from "../citations/SpanCiteControls";
import { EVIDENCE_DRAG_TYPE } from "./dragType";
import { FigureChips } from "./FigureChips";
import { HighlightedText } from "./HighlightedText";
import { reportPath } from "./paths";
import { SourceNotes } from "./SourceNotes";

interface EvidenceResultProps {
  evidence: Evidence;
  briefId: string;
  /**
   * Cite it (or, with a quote, some of its words) in the open recommendation; absent when the
   * body cannot be edited here. Rejects with the message to show.
   */
  onCite?: ((evidence: Evidence, quote: CitationQuote | null) => Promise<void>) | undefined;
  /** Under a heading that already names the section: show only the page. */
  grouped: boolean;
  showReportTitle: boolean;
  compact: boolean;
}

/** One passage in a list of evidence: where it is, its text with the matches marked, its figures and sources. */
export function EvidenceResult({ evidence, briefId, onCite, grouped, showReportTitle, compact }: EvidenceResultProps) {
  const metaId = useId();
  const textRef = useRef<HTMLSpanElement>(null);
  const [error, setError] = useState<string | null>(null);
  const where = [
    evidence.kind === "caption" ? "Caption" : null,
    showReportTitle ? evidence.reportTitle : null,
    grouped ? null : (evidence.section ?? "Before the first section"),
    `Page ${evidence.page}`,
  ].filter((part): part is string => part !== null);

  // A press on the text selects words rather than dragging the passage: the item stops being
  // draggable until the pointer is released (as state, so that no re-render turns it back on).
  const [pressingText, setPressingText] = useState(false);
  useEffect(() => {
    if (!pressingText) return;
    const release = () => setPressingText(false);
    document.addEventListener("pointerup", release);
    document.addEventListener("pointercancel", release);
    return () => {
      document.removeEventListener("pointerup", release);
      document.removeEventListener("pointercancel", release);
    };
  }, [pressingText]);

  async function citeWhole() {
    if (!onCite) return;
    setError(null);
    try {
      await onCite(evidence, null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The citation could not be made.");
    }
  }

  function onDragStart(event: DragEvent<HTMLLIElement>) {
    event.dataTransfer.setData(EVIDENCE_DRAG_TYPE, evidence.id);
    event.dataTransfer.effectAllowed = "copy";
  }

  return (
    <li
      className={`evidence-result${compact ? " evidence-result-compact" : ""}${evidence.kind === "list_item" ? " evidence-list-item" : ""}${evidence.kind === "caption" ? " evidence-caption" : ""}`}
      data-testid="evidence-result"
      data-evidence-id={evidence.id}
      draggable={onCite && !pressingText ? true : undefined}
      onDragStart={onCite ? onDragStart : undefined}
    >
      <p className="evidence-meta" id={metaId}>
        {where.join(" · ")}
      </p>
      <p
        className="evidence-text"
        onPointerDown={() => {
          if (onCite) setPressingText(true);
        }}
      >
        <span ref={textRef} data-passage-text="">
          <HighlightedText text={evidence.text} highlights={evidence.highlights} />
        </span>
      </p>
      <FigureChips figures={evidence.figures} />
      <SourceNotes evidence={evidence} />
      <div className="evidence-actions">
        <Link
          to={reportPath(briefId, evidence.reportId, evidence.id)}
          className="button-link"
          aria-describedby={metaId}
        >
          Open in report
        </Link>
        {onCite ? (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-describedby={metaId}
            // Keep the editor's selection: the citation goes where the cursor was.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => void citeWhole()}
          >
            Cite
          </button>
        ) : null}
        {onCite ? (
          <SpanCiteControls
            text={evidence.text}
            textRef={textRef}
            describedBy={metaId}
            onCite={(quote) => onCite(evidence, quote)}
          />
        ) : null}
        {error ? (
          <p className="field-error span-cite-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </li>
  );
}
