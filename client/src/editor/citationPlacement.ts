import { CITATION_NODE } from "@accord/editor";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { Editor } from "@tiptap/react";
import { useEffect, useRef } from "react";
import type { WebsocketProvider } from "y-websocket";
import type { PendingCitation } from "../citations/pendingCitation";

/** The whole-passage node of this evidence (no citation id yet) closest to `near`, or null. */
export function nearestUnstoredCitation(doc: ProseMirrorNode, evidenceId: string, near: number): number | null {
  let best: number | null = null;
  doc.descendants((node, pos) => {
    if (node.type.name !== CITATION_NODE) return true;
    const unstored = node.attrs.evidenceId === evidenceId && !node.attrs.citationId;
    if (unstored && (best === null || Math.abs(pos - near) < Math.abs(best - near))) best = pos;
    return false;
  });
  return best;
}

/**
 * Gives a dropped passage's node (found again near where it landed: the document may have
 * changed while the citation was being made) the stored citation's id.
 */
export function attachDroppedCitation(editor: Editor, evidenceId: string, near: number, citationId: string): void {
  if (editor.isDestroyed) return;
  const target = nearestUnstoredCitation(editor.state.doc, evidenceId, near);
  if (target === null) return;
  editor.commands.command(({ tr }) => {
    const node = tr.doc.nodeAt(target);
    if (!node) return false;
    tr.setNodeMarkup(target, undefined, { ...node.attrs, citationId });
    return true;
  });
}

/**
 * Inserts a citation made elsewhere (the report viewer) at the end of the body, once: only
 * after the first sync, since inserted into an empty copy it would land before the stored text.
 */
export function usePendingCitation(
  editor: Editor | null,
  provider: WebsocketProvider,
  editable: boolean,
  pending: PendingCitation | null | undefined,
  onInserted: (() => void) | undefined,
): void {
  const key = pending ? pending.citationId : "";
  const inserted = useRef<string | null>(null);
  useEffect(() => {
    if (!editor || !pending || !editable || inserted.current === key) return;
    const insert = () => {
      if (editor.isDestroyed || inserted.current === key || !provider.synced) return;
      inserted.current = key;
      editor.chain().focus("end").insertCitation(pending).run();
      onInserted?.();
    };
    insert();
    provider.on("sync", insert);
    return () => provider.off("sync", insert);
  }, [editor, provider, editable, key, pending, onInserted]);
}
