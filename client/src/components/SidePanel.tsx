import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { CiteTarget } from "../evidence/citeTarget";
import { EvidencePanel } from "../evidence/EvidencePanel";
import { useWorkspace } from "./workspaceContext";

const TABS = [
  { id: "evidence", label: "Evidence" },
  { id: "comments", label: "Comments" },
] as const;

const COMMENTS_NOTE = {
  title: "Comment threads are not available yet",
  body: "Reviewers will be able to comment on selected text and discuss it in threads here.",
};

/** The right column: the evidence library to cite from, and (not yet) comments, which says so plainly. */
export function SidePanel({ citeTarget }: { citeTarget: CiteTarget | null }) {
  const { announce } = useWorkspace();
  const [selected, setSelected] = useState(0);
  const baseId = useId();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const delta = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (selected + delta + TABS.length) % TABS.length;
    setSelected(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <aside className="side-panel" aria-label="Evidence and comments">
      <div role="tablist" aria-label="Evidence and comments" className="tabs" onKeyDown={onKeyDown}>
        {TABS.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${baseId}-${tab.id}-tab`}
            aria-selected={selected === index}
            aria-controls={`${baseId}-${tab.id}-panel`}
            tabIndex={selected === index ? 0 : -1}
            className="tab"
            onClick={() => setSelected(index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {TABS.map((tab, index) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${baseId}-${tab.id}-panel`}
          aria-labelledby={`${baseId}-${tab.id}-tab`}
          hidden={selected !== index}
          tabIndex={0}
          className="tab-panel"
        >
          {tab.id === "evidence" ? (
            <EvidencePanel
              citeTarget={citeTarget}
              onCited={(evidence) => announce(`Cited ${evidence.section ?? "the passage"}, page ${evidence.page}.`)}
            />
          ) : (
            <div className="coming-soon">
              <p className="coming-soon-title">{COMMENTS_NOTE.title}</p>
              <p className="muted small">{COMMENTS_NOTE.body}</p>
            </div>
          )}
        </div>
      ))}
    </aside>
  );
}
