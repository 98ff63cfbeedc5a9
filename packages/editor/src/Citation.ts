import { Node, mergeAttributes } from "@tiptap/core";
import { CITATION_NODE } from "./citationNumbers.js";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    citation: {
      /** Cites one evidence passage at the selection (replacing it, if any). */
      insertCitation: (evidenceId: string) => ReturnType;
    };
  }
}

/**
 * An inline reference to one evidence passage: `<citation evidenceId="…">` in the
 * Y.XmlFragment (see API.md, "Document sync"). It is an atom: its content is not
 * editable text, only the reference; the export turns it into a footnote.
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
        (evidenceId: string) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { evidenceId } }),
    };
  },

  renderText() {
    return "[cite]";
  },
});
