import { Node, mergeAttributes } from "@tiptap/core";

/**
 * An inline reference to one evidence passage: `<citation evidenceId="…">` in the
 * Y.XmlFragment (see API.md, "Document sync"). It is an atom: its content is not
 * editable text, only the reference; the export turns it into a footnote.
 */
export const Citation = Node.create({
  name: "citation",
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

  renderText() {
    return "[cite]";
  },
});
