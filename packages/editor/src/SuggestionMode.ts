import { Extension } from "@tiptap/core";
import { hasSuggestion, resolveSuggestionsIn, suggestionModePlugin } from "./suggestionEdits.js";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggestionMode: {
      /** Accepts one suggestion (an ordinary edit): its insertion stays as text, its deletion goes. */
      acceptSuggestion: (id: string, authorId: string) => ReturnType;
      /** Rejects one suggestion: its insertion goes, its deletion's text stays unmarked. */
      rejectSuggestion: (id: string, authorId: string) => ReturnType;
      acceptAllSuggestions: () => ReturnType;
      rejectAllSuggestions: () => ReturnType;
    };
  }
}

export interface SuggestionModeOptions {
  /**
   * Whether the user's edits become suggestions right now; read on every transaction, so a
   * toggle needs no new editor.
   * @default () => false
   */
  enabled: () => boolean;
  /**
   * The user's id, stored as each suggestion's author.
   * @default ""
   */
  authorId: string;
  /**
   * Told why an edit was refused while suggesting (a new paragraph, formatting, a citation).
   * @default null
   */
  onBlocked: ((reason: string) => void) | null;
}

/**
 * Suggesting mode (issue 18): while `enabled()`, typing, pasting and deleting become suggestion
 * marks (rules S1–S6 in suggestionEdits.ts), and structural changes are refused. The commands
 * accept and reject suggestions as ordinary edits, whether or not the mode is on.
 */
export const SuggestionMode = Extension.create<SuggestionModeOptions>({
  name: "suggestionMode",

  addOptions() {
    return { enabled: () => false, authorId: "", onBlocked: null };
  },

  addProseMirrorPlugins() {
    const { enabled, authorId, onBlocked } = this.options;
    return [suggestionModePlugin({ enabled, authorId, onBlocked: onBlocked ?? undefined })];
  },

  addCommands() {
    const resolve =
      (target: { id: string; authorId: string } | null, accept: boolean) =>
      // biome-ignore lint/suspicious/noExplicitAny: Tiptap's CommandProps are generic over every extension's commands
      ({ tr, dispatch }: any) => {
        // Without dispatch (editor.can()) the answer must not touch the transaction.
        if (!dispatch) return hasSuggestion(tr.doc, target);
        return resolveSuggestionsIn(tr, target, accept);
      };
    return {
      acceptSuggestion: (id, authorId) => resolve({ id, authorId }, true),
      rejectSuggestion: (id, authorId) => resolve({ id, authorId }, false),
      acceptAllSuggestions: () => resolve(null, true),
      rejectAllSuggestions: () => resolve(null, false),
    };
  },
});
