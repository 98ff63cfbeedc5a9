import type { Editor } from "@tiptap/core";

/**
 * The recommendation's live collaborative editor, as the version history reaches it: its
 * current text to compare with ("now"), and a restore applied through it as an ordinary edit.
 */
export interface LiveDocument {
  editor: Editor;
  /** Resolves once the server has stored everything typed in this window ("Saved"); rejects after `timeoutMs`. */
  whenSaved: (timeoutMs: number) => Promise<void>;
}
