import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { numberCitations } from "./citationNumbers.js";

/** What a citation's node view finds in the spec of its node decoration. */
export interface CitationNumberSpec {
  citationNumber: number;
}

export const citationNumberingKey = new PluginKey<DecorationSet>("citationNumbering");

function decorate(doc: ProseMirrorNode): DecorationSet {
  return DecorationSet.create(
    doc,
    numberCitations(doc).map(({ pos, number }) => {
      const node = doc.nodeAt(pos);
      const spec: CitationNumberSpec = { citationNumber: number };
      return Decoration.node(pos, pos + (node?.nodeSize ?? 1), { "data-citation-number": String(number) }, spec);
    }),
  );
}

/** The number a citation carries in this document, read from the decorations given to its node view. */
export function citationNumberFrom(decorations: readonly Decoration[]): number | null {
  for (const decoration of decorations) {
    const spec = decoration.spec as Partial<CitationNumberSpec>;
    if (typeof spec.citationNumber === "number") return spec.citationNumber;
  }
  return null;
}

/**
 * Numbers citations by first appearance, as node decorations. The numbers are derived,
 * never stored: inserting a citation before others renumbers them on every peer at once,
 * because each recomputes from the same shared document.
 */
export const CitationNumbering = Extension.create({
  name: "citationNumbering",

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: citationNumberingKey,
        state: {
          init: (_, state) => decorate(state.doc),
          apply: (tr, current) => (tr.docChanged ? decorate(tr.doc) : current),
        },
        props: {
          decorations: (state) => citationNumberingKey.getState(state),
        },
      }),
    ];
  },
});
