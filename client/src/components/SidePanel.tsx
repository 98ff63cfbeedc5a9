import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import type { CiteTarget } from "../evidence/citeTarget";
import { EvidencePanel } from "../evidence/EvidencePanel";
import { useWorkspace } from "./workspaceContext";

export type SidePanelTab = "evidence" | "citations" | "comments" | "figures" | "activity" | "history";

const TABS: ReadonlyArray<{ id: SidePanelTab; label: string }> = [
  { id: "evidence", label: "Evidence" },
  { id: "citations", label: "Citations" },
  { id: "comments", label: "Comments" },
  { id: "figures", label: "Figures" },
  { id: "activity", label: "Activity" },
  { id: "history", label: "History" },
];

interface SidePanelProps {
  citeTarget: CiteTarget | null;
  tab: SidePanelTab;
  onTabChange: (tab: SidePanelTab) => void;
  comments: ReactNode;
  /** Open threads, shown on the Comments tab. */
  openThreads: number;
  activity: ReactNode;
  /** The recommendation's cited evidence, each citation with its quote and sources. */
  citations: ReactNode;
  /** Citations whose sources were never chosen, shown on the Citations tab; null while unknown. */
  unsourcedCitations: number | null;
  /** The recommendation's saved versions (issue 18). */
  history: ReactNode;
  /** What the claim check found in the text (issue 19). */
  figures: ReactNode;
  /** Open figure findings, and how many of them disagree with their evidence; null while unknown. */
  openFigures: { total: number; disagreeing: number } | null;
}

/**
 * The right column: the evidence library to cite from, what the text cites, the review threads,
 * and what happened.
 */
export function SidePanel({
  citeTarget,
  tab,
  onTabChange,
  comments,
  openThreads,
  activity,
  citations,
  unsourcedCitations,
  history,
  figures,
  openFigures,
}: SidePanelProps) {
  const { announce } = useWorkspace();
  const selected = Math.max(
    0,
    TABS.findIndex((candidate) => candidate.id === tab),
  );
  const baseId = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (selected + delta + TABS.length) % TABS.length;
    onTabChange(TABS[next]!.id);
    tabRefs.current[next]?.focus();
  }

  return (
    <aside className="side-panel" aria-label="Evidence and comments">
      <div
        role="tablist"
        aria-label="Evidence, citations, comments, figures, activity and history"
        className="tabs"
        onKeyDown={onKeyDown}
      >
        {TABS.map((candidate, index) => (
          <button
            key={candidate.id}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${baseId}-${candidate.id}-tab`}
            aria-selected={selected === index}
            aria-controls={`${baseId}-${candidate.id}-panel`}
            tabIndex={selected === index ? 0 : -1}
            className="tab"
            // Named in one string: a badge's box would read as "Citations , 2 …".
            aria-label={
              candidate.id === "citations" && unsourcedCitations
                ? `Citations, ${unsourcedCitations} without sources`
                : undefined
            }
            data-unsourced={candidate.id === "citations" ? (unsourcedCitations ?? "") : undefined}
            onClick={() => onTabChange(candidate.id)}
          >
            {candidate.label}
            {candidate.id === "comments" && openThreads > 0 ? (
              <span className="count-badge count-badge-quiet" data-testid="open-thread-count">
                {openThreads}
                <span className="visually-hidden"> open</span>
              </span>
            ) : null}
            {candidate.id === "citations" && unsourcedCitations ? (
              <span
                className="count-badge count-badge-warning"
                aria-hidden="true"
                data-testid="unsourced-citation-count"
              >
                {unsourcedCitations}
              </span>
            ) : null}
            {candidate.id === "figures" && openFigures?.total ? (
              <span
                className={`count-badge ${openFigures.disagreeing > 0 ? "count-badge-danger" : "count-badge-warning"}`}
                data-testid="open-figure-count"
              >
                {openFigures.total}
                <span className="visually-hidden"> to check</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {TABS.map((candidate, index) => (
        <div
          key={candidate.id}
          role="tabpanel"
          id={`${baseId}-${candidate.id}-panel`}
          aria-labelledby={`${baseId}-${candidate.id}-tab`}
          hidden={selected !== index}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs: a tab panel takes focus so that the keyboard reaches its content from the tab
          tabIndex={0}
          className="tab-panel"
        >
          {candidate.id === "evidence" ? (
            <EvidencePanel
              citeTarget={citeTarget}
              onCited={(evidence) => announce(`Cited ${evidence.section ?? "the passage"}, page ${evidence.page}.`)}
            />
          ) : candidate.id === "citations" ? (
            citations
          ) : candidate.id === "history" ? (
            history
          ) : candidate.id === "figures" ? (
            figures
          ) : candidate.id === "comments" ? (
            comments
          ) : (
            activity
          )}
        </div>
      ))}
    </aside>
  );
}
