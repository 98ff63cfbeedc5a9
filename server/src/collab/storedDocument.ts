import * as Y from "yjs";
import type { StoredDocument } from "../store/DocumentLog.js";
import { stateVectorOfUpdate } from "./updateStateVector.js";

/** Told about a stored part that does not apply; `index` counts the snapshot (if any) as 0. */
export type BadPartHandler = (index: number, error: unknown) => void;

/**
 * SPEC D8: applies what the store holds — snapshot first, then the log in append order —
 * to `doc`. A part that does not apply is reported and skipped rather than thrown: one
 * bad row must not make a whole document unloadable (and everyone's later edits with it).
 */
export function applyStoredDocument(doc: Y.Doc, stored: StoredDocument, onBadPart: BadPartHandler): void {
  applyParts(doc, stored.snapshot === null ? stored.updates : [stored.snapshot, ...stored.updates], onBadPart);
}

/**
 * SPEC D5: the merge a compaction stores — the document that `parts` (snapshot first, then
 * the log) load into, encoded as one update. Applied to a scratch Y.Doc with garbage
 * collection on, so deleted text shrinks to a range of ids, rather than `Y.mergeUpdates`:
 * that keeps every deleted character forever (the automerge-paper trace, 104,852 chars
 * after 259,778 edits, compacted to 3.0 MB that way against 289 KB here) and grows
 * superlinearly in the number of parts (20,000 one-character updates: 6.7 s against 0.1 s).
 * A part that does not apply is left out, exactly as a load leaves it out (D8).
 */
export function mergeStoredParts(parts: readonly Uint8Array[], onBadPart: BadPartHandler): Uint8Array {
  // A fixed guid: the default draws a random uuid, and nothing outside this function sees the doc.
  const scratch = new Y.Doc({ guid: "accord-compaction" });
  try {
    applyParts(scratch, parts, onBadPart);
    return Y.encodeStateAsUpdate(scratch);
  } finally {
    scratch.destroy();
  }
}

function applyParts(doc: Y.Doc, parts: readonly Uint8Array[], onBadPart: BadPartHandler): void {
  // One transaction: the observers and the cleanup (merging, garbage collection) run once.
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

/**
 * SPEC D8: a room's document, kept as the stored bytes until something needs the Y.Doc.
 * Applying a large snapshot is most of a cold load (the automerge-paper document, 289 KB:
 * 70 ms on a fresh process), and what a fresh client asks for — everything — is those bytes.
 * So the answer to an empty state vector comes straight from the store, and so does the
 * server's own state vector; the first thing that needs the document itself (a stored update
 * to apply, a client that already has part of it, a reader of the document) applies them, once.
 */
export class RoomDocument {
  /** Empty until `live()`; exists from the start because Awareness needs a document. */
  readonly doc = new Y.Doc();
  private stored: StoredDocument | null;

  constructor(
    stored: StoredDocument,
    private readonly onBadPart: BadPartHandler,
  ) {
    this.stored = stored.snapshot === null && stored.updates.length === 0 ? null : stored;
  }

  /** True once the Y.Doc holds everything stored (or nothing was stored). */
  get isLive(): boolean {
    return this.stored === null;
  }

  /** The document with everything stored applied (D8). */
  live(): Y.Doc {
    if (this.stored !== null) {
      const stored = this.stored;
      this.stored = null;
      applyStoredDocument(this.doc, stored, this.onBadPart);
    }
    return this.doc;
  }

  /**
   * The room's state vector, for its sync step 1. A document at rest (a lone snapshot) gives
   * it without being applied: a compaction writes every client's structs from clock 0, so the
   * vector read from its bytes is the one the applied document would have. (A struct that
   * still waited for another client's would count as had; the client is then still asked for
   * what it waits for, and both sides converge.) Read by walking the snapshot's struct
   * headers (`stateVectorOfUpdate`), not by decoding it: this runs while the client that
   * asked applies the same bytes, on the same machine. Otherwise, and for a snapshot that
   * cannot be read, from the applied document (which logs and skips a bad part, D8).
   */
  stateVector(): Uint8Array {
    if (this.stored !== null && this.stored.updates.length === 0 && this.stored.snapshot !== null) {
      try {
        return stateVectorOfUpdate(this.stored.snapshot);
      } catch {
        // Unreadable: live() applies what it can and reports the snapshot as a bad part.
      }
    }
    return Y.encodeStateVector(this.live());
  }

  /**
   * What a client that has nothing lacks, straight from the store: the snapshot, when it is
   * all there is (a document at rest — rooms compact as they unload, D9). Null otherwise:
   * then the answer comes from the Y.Doc. Only a snapshot is trusted unapplied, because a
   * compaction wrote it from a document; a log row is checked by applying it (D8).
   */
  everythingFromStore(stateVector: Uint8Array): Uint8Array | null {
    if (this.stored === null || this.stored.updates.length > 0 || !isEmptyStateVector(stateVector)) return null;
    return this.stored.snapshot;
  }
}

/** A state vector with no client in it: what a client that has nothing sends in sync step 1. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}
