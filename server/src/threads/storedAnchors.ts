import type * as Y from "yjs";
import type { StoredDocument } from "../store/Store.js";
import { WorkerFailedError, type WorkerPool } from "../workers/WorkerPool.js";
import type { AnchorAnswer, AnchorRequest } from "./anchorWorker.js";
import { threadAnchorResolver, type AnchorTarget, type ResolvedAnchor } from "./anchors.js";

export type AnchorWorkers = WorkerPool<AnchorRequest, AnchorAnswer>;

export interface StoredAnchorsOptions {
  /** Whether an open room holds the document (CollabServer.hasRoom). */
  hasRoom: (docName: string) => boolean;
  /** `read` applied to an open room's own document, without a copy (CollabServer.readStored). */
  readStored: <T>(docName: string, read: (doc: Y.Doc) => T) => Promise<T>;
  /** What the store holds of a document (Store.loadDocument). */
  loadDocument: (docName: string) => Promise<StoredDocument>;
  workers: AnchorWorkers;
}

/**
 * Where anchors are in a document as stored (K1): read in place from an open room's document,
 * which is already applied; otherwise the stored bytes go to a worker thread (anchorWorker.ts),
 * since applying a body no room holds is the one part of resolving that grows with the body
 * and cannot be indexed ahead.
 */
export function storedAnchors(
  options: StoredAnchorsOptions,
): (docName: string, anchors: readonly AnchorTarget[]) => Promise<ResolvedAnchor[]> {
  return async (docName, anchors) => {
    if (options.hasRoom(docName)) return options.readStored(docName, (doc) => anchors.map(threadAnchorResolver(doc)));
    const stored = await options.loadDocument(docName);
    const answer = await options.workers.run((ask) => ask({ stored, anchors: [...anchors] }));
    if (answer.type !== "resolved") throw new WorkerFailedError(`unexpected answer ${answer.type}`);
    return answer.results;
  };
}
