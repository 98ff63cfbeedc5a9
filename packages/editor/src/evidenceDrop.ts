import { Extension } from "@tiptap/core";
import { Fragment, Slice } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { dropPoint } from "@tiptap/pm/transform";
import { CITATION_NODE, isEvidenceId } from "./citationNumbers.js";

/** The drag data type an evidence passage carries; its value is the evidence id. */
export const EVIDENCE_DRAG_TYPE = "application/x-accord-evidence";

export interface EvidenceDropOptions {
  /**
   * Told of each citation a drop inserted (its evidence id and where it landed), so that the
   * client can make it a stored citation and give the node its `citationId`.
   * @default null
   */
  onDropped: ((evidenceId: string, pos: number) => void) | null;
}

/**
 * Dropping an evidence passage (dragged from the evidence library) into the body cites it
 * where it lands, at once, as a whole-passage node; `onDropped` may then make it a stored
 * citation. Read-only editors ignore the drop.
 */
export const EvidenceDrop = Extension.create<EvidenceDropOptions>({
  name: "evidenceDrop",

  addOptions() {
    return { onDropped: null };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey("evidenceDrop"),
        props: {
          handleDrop: (view, event) => {
            const evidenceId = event.dataTransfer?.getData(EVIDENCE_DRAG_TYPE);
            if (!evidenceId) return false;
            // Ours either way: the default would paste the dragged text instead of a citation.
            if (!view.editable || !isEvidenceId(evidenceId)) return true;
            const type = view.state.schema.nodes[CITATION_NODE];
            const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
            if (!type || !at) return true;
            const citation = type.create({ evidenceId });
            const pos = dropPoint(view.state.doc, at.pos, new Slice(Fragment.from(citation), 0, 0));
            if (pos === null) return true;
            view.dispatch(view.state.tr.insert(pos, citation).scrollIntoView());
            view.focus();
            options.onDropped?.(evidenceId, pos);
            return true;
          },
        },
      }),
    ];
  },
});
