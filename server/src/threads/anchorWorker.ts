import { parentPort } from "node:worker_threads";
import * as Y from "yjs";
import { applyStoredDocument } from "../collab/storedDocument.js";
import type { StoredDocument } from "../store/Store.js";
import { threadAnchorResolver, type AnchorTarget, type ResolvedAnchor } from "./anchors.js";

/** Resolve these anchors in this stored document (AnchorCache, for a body no room holds). */
export interface AnchorRequest {
  stored: StoredDocument;
  anchors: AnchorTarget[];
}

export type AnchorAnswer =
  | { type: "ready" }
  | { type: "resolved"; results: ResolvedAnchor[] }
  | { type: "error"; message: string };

/**
 * Thread anchors of a body that no room holds, on a worker thread (WorkerPool starts it):
 * the body must be applied to be read, and applying 2 MB takes 0.1-0.4 s that would otherwise
 * stall the event loop. An open room's document is read in place instead (K1).
 */
const port = parentPort!;
port.on("message", (request: AnchorRequest) => {
  let answer: AnchorAnswer;
  const doc = new Y.Doc();
  try {
    // A part that does not apply is skipped, as a room or readDocument skips it (D8).
    applyStoredDocument(doc, request.stored, () => {});
    answer = { type: "resolved", results: request.anchors.map(threadAnchorResolver(doc)) };
  } catch (error) {
    answer = { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    doc.destroy();
  }
  port.postMessage(answer);
});
port.postMessage({ type: "ready" } satisfies AnchorAnswer);
