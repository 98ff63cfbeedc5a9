import type { CitationQuote } from "../citations/citationTypes";

/**
 * What the evidence panel may do with the open editor, without importing Tiptap:
 * the editor registers one of these while its body is editable.
 */
export interface CiteTarget {
  /**
   * Makes a citation of this evidence (the quoted words, or the whole passage without a
   * quote), inserts it at the editor's cursor and gives the editor focus back. Rejects with
   * an error whose message is fit to show (the server's 400, say) and inserts nothing.
   */
  cite: (evidenceId: string, quote?: CitationQuote | null) => Promise<void>;
}
