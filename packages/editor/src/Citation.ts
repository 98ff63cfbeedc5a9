import { Node, mergeAttributes } from "@tiptap/core";
import { CITATION_NODE, isEvidenceId } from "./citationNumbers.js";

/** What a citation node refers to: a stored citation, its passage, or (older bodies) the passage alone. */
export interface CitationReference {
  evidenceId?: string | null;
  citationId?: string | null;
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    citation: {
      /**
       * Cites at the selection (replacing it, if any): a stored citation (`citationId`, with
       * its passage's `evidenceId` when it has one), or — the older form, also accepted as a
       * bare string — a whole passage by its evidence id alone.
       */
      insertCitation: (reference: string | CitationReference) => ReturnType;
    };
  }
}

/** The node's attributes for a reference, or null when it names nothing valid. */
export function citationAttributes(
  reference: string | CitationReference,
): { evidenceId: string | null; citationId: string | null } | null {
  const { evidenceId = null, citationId = null } =
    typeof reference === "string" ? { evidenceId: reference } : reference;
  const evidence = isEvidenceId(evidenceId) ? evidenceId : null;
  const citation = isEvidenceId(citationId) ? citationId : null;
  if ((evidenceId !== null && evidence === null) || (citationId !== null && citation === null)) return null;
  if (evidence === null && citation === null) return null;
  return { evidenceId: evidence, citationId: citation };
}

/**
 * An inline reference: `<citation evidenceId="…" citationId="…">` in the Y.XmlFragment
 * (CITATIONS.md §3). `citationId` names a stored citation (its quote and chosen sources);
 * a node with only `evidenceId` cites a whole passage with its default sources (older
 * bodies). It is an atom: its content is not editable text, only the reference; the export
 * turns it into a footnote.
 */
export const Citation = Node.create({
  name: CITATION_NODE,
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      evidenceId: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute("data-evidence-id"),
        renderHTML: (attributes: { evidenceId?: string | null }) =>
          attributes.evidenceId ? { "data-evidence-id": attributes.evidenceId } : {},
      },
      citationId: {
        default: null,
        parseHTML: (element: HTMLElement) => element.getAttribute("data-citation-id"),
        renderHTML: (attributes: { citationId?: string | null }) =>
          attributes.citationId ? { "data-citation-id": attributes.citationId } : {},
      },
    };
  },

  parseHTML() {
    return [{ tag: "span[data-citation]" }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["span", mergeAttributes({ "data-citation": "", class: "citation" }, HTMLAttributes), "[cite]"];
  },

  addCommands() {
    return {
      insertCitation:
        (reference: string | CitationReference) =>
        ({ commands }) => {
          const attrs = citationAttributes(reference);
          if (!attrs) return false;
          return commands.insertContent({ type: this.name, attrs });
        },
    };
  },

  renderText() {
    return "[cite]";
  },
});
