import * as Y from "yjs";
import type { StoredDocument } from "../store/Store.js";

/**
 * SPEC D8: applies what the store holds — snapshot first, then the log in append order —
 * to `doc`. A part that does not apply is reported and skipped rather than thrown: one
 * bad row must not make a whole document unloadable (and everyone's later edits with it).
 */
export function applyStoredDocument(
  doc: Y.Doc,
  stored: StoredDocument,
  onBadPart: (index: number, error: unknown) => void,
): void {
  const parts = stored.snapshot === null ? stored.updates : [stored.snapshot, ...stored.updates];
  doc.transact(() => {
    parts.forEach((part, index) => {
      try {
        Y.applyUpdate(doc, part);
      } catch (error) {
        onBadPart(index, error);
      }
    });
  });
}
