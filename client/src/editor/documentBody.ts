import { accordExtensions, Citation, CitationNumbering } from "@accord/editor";
import { PARAGRAPH_SPACING_EM } from "@accord/export/paragraphSpacing";
import type { AnyExtension } from "@tiptap/core";
import type { CSSProperties } from "react";
import { citationNodeView, type CitationViewCallbacks } from "./citationNodeView";

/**
 * A recommendation's body as every editor of it draws it (the live one and a version's
 * read-only one): the shared schema, with citations as our numbered, named node view.
 * Only what the citations do on hover, click and Shift+Enter differs between them.
 */
export function documentBodyExtensions(citationView: CitationViewCallbacks): AnyExtension[] {
  return [
    ...accordExtensions({ citation: Citation.extend({ addNodeView: () => citationNodeView(citationView) }) }),
    CitationNumbering,
  ];
}

/** The space between paragraphs, as in the exports (packages/export/src/paragraphSpacing.ts); editor.css reads it. */
export const PARAGRAPH_SPACING = { "--paragraph-spacing": `${PARAGRAPH_SPACING_EM}em` } as CSSProperties;
