import type { Role } from "@accord/domain";
import type { RecommendationEvent } from "@accord/protocol";
import type { Store } from "../store/Store.js";

/** What commands announce after they committed. Implemented by events/EventHub. */
export interface Notifier {
  recommendation(event: RecommendationEvent): void;
  sectorsUpdated(briefId: string): void;
  briefUpdated(briefId: string, updatedAt: string): void;
  /** `role` null: the member was removed. Also moves the member's sockets out of rooms they lost. */
  memberUpdated(briefId: string, userId: string, role: Role | null): void;
  reportImported(briefId: string, reportId: string, title: string): void;
}

/** What commands may ask of the document-sync server. Implemented by collab/CollabServer. */
export interface DocumentAccess {
  /** Closes matching document connections so that they reconnect and are authorized again. */
  recheck(filter: { docName?: string; userId?: string }): void;
  /** Closes matching document connections for good (deleted recommendation, removed member). */
  revoke(filter: { docName?: string; userId?: string }): void;
}

export interface CommandContext {
  store: Store;
  notify: Notifier;
  documents: DocumentAccess;
}
