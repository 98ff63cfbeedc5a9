import type { EditorState } from "@tiptap/pm/state";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";

/** A thread's range as stored: two `Y.relativePositionToJSON` objects (server/src/threads/SPEC.md, A1). */
export interface CommentAnchor {
  from: Record<string, unknown>;
  to: Record<string, unknown>;
}

/** y-tiptap's map from Yjs types to ProseMirror nodes (its type is not exported by name). */
type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/** What the Yjs side of an editor needs to translate positions, read from the sync plugin. */
export interface YBinding {
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  mapping: ProsemirrorMapping;
}

/** The sync plugin's document, body fragment and node mapping, or null before it is bound to a view. */
export function yBindingOf(state: EditorState): YBinding | null {
  const sync = ySyncPluginKey.getState(state) as
    | { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping?: ProsemirrorMapping } | null }
    | undefined;
  if (!sync?.doc || !sync.type || !sync.binding?.mapping) return null;
  return { doc: sync.doc, fragment: sync.type, mapping: sync.binding.mapping };
}

/**
 * Re-creates a relative position with the association we want, whatever the library chose:
 * `from` sticks to the first quoted character (assoc 0) and `to` to the last one (assoc -1),
 * so text typed right before or right after the range stays outside it (SPEC A2). Setting
 * `assoc` on an existing position would not do: the item it names depends on the assoc.
 */
function withAssoc(relative: Y.RelativePosition, doc: Y.Doc, assoc: 0 | -1): Y.RelativePosition {
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
  if (!absolute) return relative;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, assoc);
}

/** The anchor of the range [from, to) of the ProseMirror document bound to `binding`. */
export function anchorFromRange(binding: YBinding, from: number, to: number): CommentAnchor {
  const start = withAssoc(absolutePositionToRelativePosition(from, binding.fragment, binding.mapping), binding.doc, 0);
  const end = withAssoc(absolutePositionToRelativePosition(to, binding.fragment, binding.mapping), binding.doc, -1);
  return {
    from: Y.relativePositionToJSON(start) as Record<string, unknown>,
    to: Y.relativePositionToJSON(end) as Record<string, unknown>,
  };
}

/**
 * Where an anchor's range is in the ProseMirror document now, or null when it is detached
 * (an end no longer resolves, or nothing is left between the ends).
 */
export function rangeOfAnchor(binding: YBinding, anchor: CommentAnchor, doc: ProseMirrorNode): { from: number; to: number } | null {
  const from = resolve(binding, anchor.from);
  const to = resolve(binding, anchor.to);
  if (from === null || to === null || from >= to || to > doc.content.size) return null;
  if (doc.textBetween(from, to, "\n", "").trim() === "") return null;
  return { from, to };
}

function resolve(binding: YBinding, json: Record<string, unknown>): number | null {
  try {
    const relative = Y.createRelativePositionFromJSON(json);
    return relativePositionToAbsolutePosition(binding.doc, binding.fragment, relative, binding.mapping);
  } catch {
    // Ids from another document, or a malformed position: the range cannot be shown.
    return null;
  }
}

/** The text of a range as a quote: blocks joined by a line break, inline atoms (citations) left out. */
export function quoteOf(doc: ProseMirrorNode, from: number, to: number): string {
  return doc.textBetween(from, to, "\n", "").trim();
}
