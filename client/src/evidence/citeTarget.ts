/**
 * What the evidence panel may do with the open editor, without importing Tiptap:
 * the editor registers one of these while its body is editable.
 */
export interface CiteTarget {
  /** Inserts a citation of this evidence at the editor's cursor and gives the editor focus back. */
  cite: (evidenceId: string) => void;
}
