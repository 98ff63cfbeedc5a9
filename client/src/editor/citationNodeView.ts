import { citationNumberFrom, isEvidenceId } from "@accord/editor";
import type { NodeViewRenderer } from "@tiptap/core";
import type { CachedEvidence, EvidenceCache } from "./evidenceCache";

export interface CitationViewCallbacks {
  cache: EvidenceCache;
  /** Hover or keyboard focus: show the passage next to `anchor`. */
  show: (evidenceId: string, anchor: HTMLElement) => void;
  /** The pointer or focus left the citation. */
  hide: (anchor: HTMLElement) => void;
  /** Click or Enter: open the report at the passage. */
  open: (evidenceId: string) => void;
}

function describe(number: number | null, entry: CachedEvidence | null): string {
  const name = number === null ? "Citation" : `Citation ${number}`;
  if (!entry || entry.status === "loading") return name;
  if (entry.status === "missing") return `${name}: the cited passage no longer exists`;
  const { section, page } = entry.evidence;
  return `${name}: ${section ?? "before the first section"}, page ${page}`;
}

/**
 * A citation as a superscript number (from the numbering plugin's decoration), in plain
 * DOM. It is focusable and named for screen readers ("Citation 2: Energy, page 4"), shows
 * its passage on hover and focus, and opens the report on click or Enter, in read-only
 * editors too.
 */
export function citationNodeView(callbacks: CitationViewCallbacks): NodeViewRenderer {
  return ({ node, decorations }) => {
    let evidenceId: string = isEvidenceId(node.attrs.evidenceId) ? node.attrs.evidenceId : "";
    let number = citationNumberFrom(decorations);

    const dom = document.createElement("sup");
    dom.className = "citation";
    dom.contentEditable = "false";
    dom.tabIndex = 0;
    dom.setAttribute("role", "link");
    dom.dataset.citation = "";

    const render = () => {
      dom.dataset.evidenceId = evidenceId;
      dom.textContent = number === null ? "?" : String(number);
      const entry = evidenceId ? callbacks.cache.read(evidenceId) : null;
      dom.setAttribute("aria-label", describe(number, entry));
      dom.classList.toggle("citation-missing", entry?.status === "missing" || !evidenceId);
    };
    render();
    const unsubscribe = callbacks.cache.subscribe(render);

    const show = () => {
      if (evidenceId) callbacks.show(evidenceId, dom);
    };
    const hide = () => callbacks.hide(dom);
    dom.addEventListener("mouseenter", show);
    dom.addEventListener("focus", show);
    dom.addEventListener("mouseleave", hide);
    dom.addEventListener("blur", hide);
    dom.addEventListener("click", (event) => {
      event.preventDefault();
      if (evidenceId) callbacks.open(evidenceId);
    });
    dom.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && evidenceId) {
        event.preventDefault();
        callbacks.open(evidenceId);
      } else if (event.key === "Escape") {
        hide();
      }
    });

    return {
      dom,
      update: (next, nextDecorations) => {
        if (next.type !== node.type) return false;
        evidenceId = isEvidenceId(next.attrs.evidenceId) ? next.attrs.evidenceId : "";
        number = citationNumberFrom(nextDecorations);
        render();
        return true;
      },
      selectNode: () => dom.classList.add("citation-selected"),
      deselectNode: () => dom.classList.remove("citation-selected"),
      // The view's own events on the number (open, tooltip) are not editing.
      stopEvent: (event) => event.target === dom && (event.type === "click" || event.type === "keydown" || event.type === "mousedown"),
      ignoreMutation: () => true,
      destroy: () => {
        unsubscribe();
        callbacks.hide(dom);
      },
    };
  };
}
