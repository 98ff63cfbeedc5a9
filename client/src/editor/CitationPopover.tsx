import { useLayoutEffect, useState, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import { FigureChips } from "../evidence/FigureChips";
import { SourceNotes } from "../evidence/SourceNotes";
import type { EvidenceCache } from "./evidenceCache";

interface CitationPopoverProps {
  id: string;
  cache: EvidenceCache;
  evidenceId: string;
  anchor: HTMLElement;
  /** The pointer is over the popover: keep it open (its source links are meant to be clicked). */
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}

const MAX_TEXT = 480;

/**
 * The cited passage next to a citation: where it comes from, its text and its sources.
 * It is the citation's description (aria-describedby), so focusing a citation reads it too.
 */
export function CitationPopover({ id, cache, evidenceId, anchor, onPointerEnter, onPointerLeave }: CitationPopoverProps) {
  const entry = useSyncExternalStore(cache.subscribe, () => cache.read(evidenceId));
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const width = Math.min(360, window.innerWidth - 24);
    const left = Math.max(12, Math.min(rect.left + window.scrollX - 24, window.scrollX + window.innerWidth - width - 12));
    setPosition({ top: rect.bottom + window.scrollY + 6, left });
    anchor.setAttribute("aria-describedby", id);
    return () => {
      if (anchor.getAttribute("aria-describedby") === id) anchor.removeAttribute("aria-describedby");
    };
  }, [anchor, id, entry]);

  const body = (() => {
    switch (entry.status) {
      case "loading":
        return <p className="muted small">Loading the passage…</p>;
      case "missing":
        return <p className="muted small">This passage no longer exists: its report may have been removed.</p>;
      case "loaded": {
        const { evidence } = entry;
        const text = evidence.text.length > MAX_TEXT ? `${evidence.text.slice(0, MAX_TEXT).trimEnd()}…` : evidence.text;
        return (
          <>
            <p className="citation-popover-meta">
              {evidence.kind === "caption" ? "Caption · " : null}
              {evidence.reportTitle} · {evidence.section ?? "Before the first section"} · page {evidence.page}
            </p>
            <p className="citation-popover-text" data-testid="citation-popover-text">
              {text}
            </p>
            <FigureChips figures={evidence.figures} />
            <SourceNotes evidence={evidence} />
            <p className="muted small citation-popover-hint">Click the number (or press Enter) to open the report here.</p>
          </>
        );
      }
      default: {
        const exhaustive: never = entry;
        return exhaustive;
      }
    }
  })();

  return createPortal(
    <div
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
