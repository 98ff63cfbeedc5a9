import { citationNumberFrom, isCitationId, isEvidenceId } from "@accord/editor";
import type { NodeViewRenderer } from "@tiptap/core";
import type { CitationCache } from "../citations/citationCache";
import type { CachedEvidence, EvidenceCache } from "./evidenceCache";

/** What one citation node names, and how to make an older evidence-only node a stored citation. */
export interface CitationRef {
  evidenceId: string;
  /** Empty for an older body's whole-passage node. */
  citationId: string;
  /** Gives this node (wherever it is now) the stored citation's id. */
  attachCitation: (citationId: string) => void;
}

export interface CitationViewCallbacks {
  cache: EvidenceCache;
  citations: CitationCache;
  /** Hover or keyboard focus: show the citation next to `anchor`. */
  show: (ref: CitationRef, anchor: HTMLElement) => void;
  /** The pointer or focus left the citation. */
  hide: (anchor: HTMLElement) => void;
  /** Click or Enter: open the report at the passage. */
  open: (evidenceId: string) => void;
  /** Shift+Enter: the citation's card (its sources). */
  openCard: (ref: CitationRef) => void;
}

function describe(number: number | null, entry: CachedEvidence | null, sourcesChosen: boolean | null): string {
  const name = number === null ? "Citation" : `Citation ${number}`;
  if (!entry || entry.status === "loading") return name;
  if (entry.status === "missing") return `${name}: the cited passage no longer exists`;
  const { section, page } = entry.evidence;
  return `${name}: ${section ?? "before the first section"}, page ${page}${sourcesChosen === false ? ", sources not chosen yet" : ""}`;
}

/**
 * A citation as a superscript number (from the numbering plugin's decoration), in plain
 * DOM. It is focusable and named for screen readers ("Citation 2: Energy, page 4"), shows
 * its quote and sources on hover and focus, opens the report on click or Enter and its card
 * on Shift+Enter, in read-only editors too.
 */
export function citationNodeView(callbacks: CitationViewCallbacks): NodeViewRenderer {
  return ({ node, decorations, getPos, editor }) => {
    let evidenceId: string = isEvidenceId(node.attrs.evidenceId) ? node.attrs.evidenceId : "";
    let citationId: string = isCitationId(node.attrs.citationId) ? node.attrs.citationId : "";
    let number = citationNumberFrom(decorations);

    const dom = document.createElement("sup");
    dom.className = "citation";
    dom.contentEditable = "false";
    dom.tabIndex = 0;
    dom.setAttribute("role", "link");
    dom.dataset.citation = "";

    const render = () => {
      dom.dataset.evidenceId = evidenceId;
      dom.dataset.citationId = citationId;
      dom.textContent = number === null ? "?" : String(number);
      const entry = evidenceId ? callbacks.cache.read(evidenceId) : null;
      const stored = citationId ? callbacks.citations.read(citationId) : null;
      const sourcesChosen = stored?.status === "loaded" ? stored.citation.sourcesChosen : null;
      dom.setAttribute("aria-label", describe(number, entry, sourcesChosen));
      dom.classList.toggle("citation-missing", entry?.status === "missing" || !evidenceId);
      dom.classList.toggle("citation-unsourced", sourcesChosen === false);
    };
    render();
    const unsubscribe = callbacks.cache.subscribe(render);
    const unsubscribeCitations = callbacks.citations.subscribe(render);

    const attachCitation = (id: string) => {
      const pos = typeof getPos === "function" ? getPos() : undefined;
      if (typeof pos !== "number" || !isCitationId(id)) return;
      editor
        .chain()
        .command(({ tr }) => {
          const current = tr.doc.nodeAt(pos);
          if (!current || current.type !== node.type) return false;
          tr.setNodeMarkup(pos, undefined, { ...current.attrs, citationId: id });
          return true;
        })
        .run();
    };
    const ref = (): CitationRef => ({ evidenceId, citationId, attachCitation });

    const show = () => {
      if (evidenceId || citationId) callbacks.show(ref(), dom);
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
      if (event.key === "Enter" && event.shiftKey && (evidenceId || citationId)) {
        event.preventDefault();
        callbacks.openCard(ref());
      } else if (event.key === "Enter" && evidenceId) {
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
        citationId = isCitationId(next.attrs.citationId) ? next.attrs.citationId : "";
        number = citationNumberFrom(nextDecorations);
        render();
        return true;
      },
      selectNode: () => dom.classList.add("citation-selected"),
      deselectNode: () => dom.classList.remove("citation-selected"),
      // The view's own events on the number (open, tooltip) are not editing.
      stopEvent: (event) =>
        event.target === dom && (event.type === "click" || event.type === "keydown" || event.type === "mousedown"),
      ignoreMutation: () => true,
      destroy: () => {
        unsubscribe();
        unsubscribeCitations();
        callbacks.hide(dom);
      },
    };
  };
}
