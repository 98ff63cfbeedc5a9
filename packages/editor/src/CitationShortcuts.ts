import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";

export interface CitationShortcutsOptions {
  /**
   * Opens the evidence picker at the cursor; null leaves both shortcuts inert.
   * @default null
   */
  openPicker: (() => void) | null;
}

/**
 * Two ways to cite without the mouse: Mod-Shift-E, and typing `[[` (the brackets are
 * removed, the picker opens). Both only in an editable body.
 */
export const CitationShortcuts = Extension.create<CitationShortcutsOptions>({
  name: "citationShortcuts",

  addOptions() {
    return { openPicker: null };
  },

  addKeyboardShortcuts() {
    return {
      "Mod-Shift-e": () => {
        const { openPicker } = this.options;
        if (!openPicker || !this.editor.isEditable) return false;
        openPicker();
        return true;
      },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin({
        key: new PluginKey("citationTrigger"),
        props: {
          handleTextInput: (view, from, to, text) => {
            const { openPicker } = options;
            if (!openPicker || !view.editable || text !== "[" || from !== to) return false;
            const before = view.state.doc.resolve(from).nodeBefore;
            if (!before?.isText || !before.text?.endsWith("[")) return false;
            // Drop the first "[" and do not type the second: the picker takes over.
            view.dispatch(view.state.tr.delete(from - 1, to));
            openPicker();
            return true;
          },
        },
      }),
    ];
  },
});
