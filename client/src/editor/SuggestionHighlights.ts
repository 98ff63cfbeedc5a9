import { SUGGESTION_DELETE, SUGGESTION_INSERT } from "@accord/editor";
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { suggestionLabel } from "../review/suggestionText";
import { userColor } from "../realtime/userColor";

export interface SuggestionHighlightsOptions {
  /**
   * A member's name by user id (read whenever the text changes, and when `refreshSuggestionNames` runs).
   * @default () => null
   */
  nameOf: (userId: string) => string | null;
}

const key = new PluginKey<DecorationSet>("suggestionHighlights");
const REFRESH = "refreshNames";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    suggestionHighlights: {
      /** Names the suggestions' authors again (the members list arrived or changed). */
      refreshSuggestionNames: () => ReturnType;
    };
  }
}

/**
 * Each suggestion's text in its author's colour (the same colour as their caret), underlined
 * when inserted, struck through when deleted, titled "Suggested by <name>, <time>". The marks
 * themselves render as plain <ins>/<del> (the shared schema); the colour and the words about
 * who and when are the client's, so they are decorations over them.
 */
export const SuggestionHighlights = Extension.create<SuggestionHighlightsOptions>({
  name: "suggestionHighlights",

  addOptions() {
    return { nameOf: () => null };
  },

  addCommands() {
    return {
      refreshSuggestionNames:
        () =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(REFRESH, true);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const { nameOf } = this.options;
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_config, state) => decorate(state.doc, nameOf),
          apply: (tr, previous) =>
            tr.docChanged || tr.getMeta(REFRESH) ? decorate(tr.doc, nameOf) : previous.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});

function decorate(doc: ProseMirrorNode, nameOf: (userId: string) => string | null): DecorationSet {
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const kind =
        mark.type.name === SUGGESTION_INSERT ? "insert" : mark.type.name === SUGGESTION_DELETE ? "delete" : null;
      if (!kind) continue;
      const authorId = String(mark.attrs.authorId ?? "");
      const label = suggestionLabel(kind, nameOf(authorId), Number(mark.attrs.createdAt));
      decorations.push(
        Decoration.inline(pos, pos + node.nodeSize, {
          class: `suggestion-mark suggestion-mark-${kind}`,
          style: `--suggestion-color: ${userColor(authorId)}`,
          title: label,
          "data-suggestion-id": String(mark.attrs.id ?? ""),
        }),
      );
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}
