/**
 * The drag data type of an evidence passage. It must equal EVIDENCE_DRAG_TYPE in
 * @accord/editor (whose drop handler reads it); evidence lists import it from here so that
 * Tiptap stays in the editor's lazy chunk. A test pins the two together.
 */
export const EVIDENCE_DRAG_TYPE = "application/x-accord-evidence";
