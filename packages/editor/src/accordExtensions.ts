import type { AnyExtension } from "@tiptap/core";
import { StarterKit } from "@tiptap/starter-kit";
import { Citation } from "./Citation.js";
import { isSafeHref } from "./safeHref.js";
import { SuggestionDelete, SuggestionInsert } from "./suggestions.js";

/**
 * The document schema of a recommendation's body, shared by the client (to edit) and
 * the server (to read and export). Both sides must build it from this one list: a node
 * or mark the other side does not know is dropped when the Yjs document is read.
 *
 * Undo/redo is left out because the collaborative editor takes it from Yjs (an undo
 * that only knows local ProseMirror history would undo other people's edits).
 *
 * `citation` lets the client swap in `Citation.extend(...)` with a node view: the schema
 * (name, attributes, parsing) must stay the shared one, only its rendering may differ.
 */
export function accordExtensions(options: { citation?: typeof Citation } = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      heading: { levels: [2, 3] },
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: "https",
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
      },
    }),
    options.citation ?? Citation,
    SuggestionInsert,
    SuggestionDelete,
  ];
}
