import type { EditorState } from "@tiptap/pm/state";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { findQuoteNear, normalizeQuote, reattachRadius } from "./quoteNear.js";

/** A thread's range as stored: two `Y.relativePositionToJSON` objects (server/src/threads/SPEC.md, A1). */
export interface CommentAnchor {
  from: Record<string, unknown>;
  to: Record<string, unknown>;
  /**
   * The thread's quote, when known: a range that collapsed looks for it near where it was (A7).
   * Never sent when a thread is created; the client adds it from the thread it lists.
   */
  quote?: string | undefined;
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
 * (an end no longer resolves, or nothing is left between the ends) and its quote, when the
 * anchor carries one, is not near the place it collapsed to (A7).
 */
export function rangeOfAnchor(
  binding: YBinding,
  anchor: CommentAnchor,
  doc: ProseMirrorNode,
): { from: number; to: number } | null {
  const located = locateAnchor(binding, anchor, doc);
  if ("from" in located) return located;
  return anchor.quote && located.place !== null ? findQuoteInDoc(doc, anchor.quote, located.place) : null;
}

/**
 * Where an anchor's range is now; or, when it is detached, the place it collapsed to (the
 * start, or the one end that still resolves; null when neither does) — where A7 looks for
 * its quote.
 */
export function locateAnchor(
  binding: YBinding,
  anchor: CommentAnchor,
  doc: ProseMirrorNode,
): { from: number; to: number } | { place: number | null } {
  const size = doc.content.size;
  const resolved = (json: Record<string, unknown>) => {
    const position = resolve(binding, json);
    return position === null || position > size ? null : position;
  };
  const from = resolved(anchor.from);
  const to = resolved(anchor.to);
  if (from === null || to === null) return { place: from ?? to };
  if (from >= to || doc.textBetween(from, to, "\n", "").trim() === "") return { place: from };
  return { from, to };
}

/**
 * A7 in the editor: the occurrence of `quote` nearest to `place` within the re-attach window,
 * read from the ProseMirror document (blocks joined by one "\n", inline atoms adding nothing,
 * as the quote was taken), or null.
 */
export function findQuoteInDoc(
  doc: ProseMirrorNode,
  quote: string,
  place: number,
): { from: number; to: number } | null {
  const wanted = normalizeQuote(quote);
  if (wanted === "") return null;
  const radius = reattachRadius(wanted);
  const start = Math.max(0, place - radius);
  const end = Math.min(doc.content.size, place + radius);
  let text = "";
  const positions: number[] = [];
  let pendingBreak: number | null = null;
  doc.nodesBetween(start, end, (node, pos) => {
    if (node.isTextblock) {
      if (text.length > 0 && pendingBreak === null) pendingBreak = pos;
      return true;
    }
    if (!node.isText || !node.text) return true;
    const first = Math.max(start, pos) - pos;
    const last = Math.min(end, pos + node.text.length) - pos;
    if (last <= first) return false;
    if (pendingBreak !== null) {
      text += "\n";
      positions.push(pendingBreak);
      pendingBreak = null;
    }
    text += node.text.slice(first, last);
    for (let unit = first; unit < last; unit++) positions.push(pos + unit);
    return false;
  });
  return findQuoteNear(text, positions, wanted, place, radius);
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
