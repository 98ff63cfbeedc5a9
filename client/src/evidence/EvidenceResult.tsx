import { useId, type DragEvent } from "react";
import { Link } from "react-router";
import type { Evidence } from "../api/types";
import { EVIDENCE_DRAG_TYPE } from "./dragType";
import { FigureChips } from "./FigureChips";
import { HighlightedText } from "./HighlightedText";
import { reportPath } from "./paths";
import { SourceNotes } from "./SourceNotes";

interface EvidenceResultProps {
  evidence: Evidence;
  briefId: string;
  /** Cite it in the open recommendation; absent when the body cannot be edited here. */
  onCite?: ((evidence: Evidence) => void) | undefined;
  /** Under a heading that already names the section: show only the page. */
  grouped: boolean;
  showReportTitle: boolean;
  compact: boolean;
}

/** One passage in a list of evidence: where it is, its text with the matches marked, its figures and sources. */
export function EvidenceResult({ evidence, briefId, onCite, grouped, showReportTitle, compact }: EvidenceResultProps) {
  const metaId = useId();
  const where = [
    evidence.kind === "caption" ? "Caption" : null,
    showReportTitle ? evidence.reportTitle : null,
    grouped ? null : (evidence.section ?? "Before the first section"),
    `Page ${evidence.page}`,
  ].filter((part): part is string => part !== null);

  function onDragStart(event: DragEvent<HTMLLIElement>) {
    event.dataTransfer.setData(EVIDENCE_DRAG_TYPE, evidence.id);
    event.dataTransfer.effectAllowed = "copy";
  }

  return (
    <li
      className={`evidence-result${compact ? " evidence-result-compact" : ""}${evidence.kind === "list_item" ? " evidence-list-item" : ""}${evidence.kind === "caption" ? " evidence-caption" : ""}`}
      data-testid="evidence-result"
      data-evidence-id={evidence.id}
      draggable={onCite ? true : undefined}
      onDragStart={onCite ? onDragStart : undefined}
    >
      <p className="evidence-meta" id={metaId}>
        {where.join(" · ")}
      </p>
      <p className="evidence-text">
        <HighlightedText text={evidence.text} highlights={evidence.highlights} />
      </p>
      <FigureChips figures={evidence.figures} />
      <SourceNotes evidence={evidence} />
      <div className="evidence-actions">
        <Link to={reportPath(briefId, evidence.reportId, evidence.id)} className="button-link" aria-describedby={metaId}>
          Open in report
        </Link>
        {onCite ? (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-describedby={metaId}
            // Keep the editor's selection: the citation goes where the cursor was.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onCite(evidence)}
          >
            Cite
          </button>
        ) : null}
      </div>
    </li>
  );
}
