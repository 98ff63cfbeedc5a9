/**
 * The persistence port of document sync (server/src/collab): a log of Yjs updates per document
 * plus a compacted snapshot, and nothing of the domain. Collab is typed against this alone, so
 * it can be given a log without the rest of the store, and its tests can stand in for these
 * four methods without writing the other fifty.
 *
 * Every `Store` is one (Store.ts): the domain side deletes a recommendation's document in the
 * same write as the recommendation, so both live behind one connection. Each adapter also
 * opens a log on its own (sqlite/documentLog.ts, mongo/documentLog.ts), which is what
 * test/contract/documentLog.contract.ts runs against.
 */
export interface DocumentLog {
  /** Everything stored for the document, in append order. A document never written loads empty. */
  loadDocument(docName: string): Promise<StoredDocument>;
  /**
   * Appends updates to the document's log in one durable write (a group commit).
   * When this resolves the updates survive a killed process.
   */
  appendUpdates(docName: string, updates: Uint8Array[]): Promise<LogStats>;
  /**
   * Merges the stored snapshot and the stored updates (never an in-memory
   * document) with `merge`, stores the result as the new snapshot and deletes the
   * updates it merged. A crash at any point leaves a loadable document; updates
   * appended concurrently are kept.
   */
  compactDocument(docName: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<LogStats>;
  documentStats(docName: string): Promise<LogStats>;
}

/** A log opened on its own, with what its owner needs besides: deletion (the domain's) and closing. */
export interface StandaloneDocumentLog extends DocumentLog {
  /** Deletes the document's snapshot and updates; a later append starts a new log. */
  deleteDocument(docName: string): Promise<void>;
  close(): Promise<void>;
}

export interface StoredDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/** What is in the log beyond the snapshot. */
export interface LogStats {
  updateCount: number;
  updateBytes: number;
}
