import type { Recommendation, Role } from "@accord/domain";
import type {
  ActivityEvent,
  CitationEvent,
  ClaimsEvent,
  MentionEvent,
  RecommendationEvent,
  ReviewEvent,
  SourceEvent,
  VersionEvent,
} from "@accord/protocol";
import type * as Y from "yjs";
import type { ActivityEntry } from "@accord/domain";
import type { Store, StoredDocument } from "../store/Store.js";
import type { StoredVersion } from "../store/versions.js";
import type { StoredClaimCheck } from "../store/claims.js";
import type { VersionLabel } from "../versions/Versions.js";

/** What commands announce after they committed. Implemented by events/EventHub. */
export interface Notifier {
  recommendation(event: RecommendationEvent): void;
  sectorsUpdated(briefId: string): void;
  briefUpdated(briefId: string, updatedAt: string): void;
  /** `role` null: the member was removed. Also moves the member's sockets out of rooms they lost. */
  memberUpdated(briefId: string, userId: string, role: Role | null): void;
  reportImported(briefId: string, reportId: string, title: string): void;
  reportUpdated(briefId: string, reportId: string, title: string): void;
  reportDeleted(briefId: string, reportId: string): void;
  /** A thread or comment changed: to the brief's room and the recommendation's room. */
  review(event: ReviewEvent): void;
  /** To the sockets of `userId` only. */
  mention(userId: string, event: MentionEvent): void;
  activity(event: ActivityEvent): void;
  /** A citation's chosen sources or locator changed: to the brief's room. */
  citation(event: CitationEvent): void;
  /** Bibliography sources were added, changed or deleted: to the brief's room. */
  source(event: SourceEvent): void;
  /** A version of a recommendation's body was saved: to the recommendation's room. */
  version(event: VersionEvent): void;
  /** A recommendation's claim check changed (findings or open counts): to the brief's room. */
  claims(event: ClaimsEvent): void;
}

/** What commands may ask of the document-sync server. Implemented by collab/CollabServer. */
export interface DocumentAccess {
  /** Closes matching document connections so that they reconnect and are authorized again. */
  recheck(filter: { docName?: string; userId?: string }): void;
  /** Closes matching document connections for good (deleted recommendation, removed member). */
  revoke(filter: { docName?: string; userId?: string }): void;
  /**
   * The document as stored, after the room (if open) stored what it accepted. The caller
   * owns the returned Y.Doc and must destroy it.
   */
  read(docName: string): Promise<Y.Doc>;
  /**
   * `read` applied to the document as stored, after the room (if open) stored what it
   * accepted: an open room's own document, without a copy (CollabServer.readAccepted).
   * `read` must not change the document and must not keep it.
   */
  readAccepted<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T>;
  /** What the store holds, unapplied, after the room (if open) stored what it accepted. */
  storedParts(docName: string): Promise<StoredDocument>;
}

/** Who should hear of an activity, stored per person (notifications/Notifications.ts). */
export interface NotificationSink {
  /** Derives and stores the notifications of an entry just recorded; never throws (a failure is logged). */
  fromActivity(entry: ActivityEntry): Promise<void>;
}

/** Saves versions of a recommendation's body (versions/Versions.ts). */
export interface VersionRecorder {
  /** Snapshots the body as stored (after the room stored what it accepted), stores it and announces it. */
  save(recommendation: Recommendation, version: VersionLabel): Promise<StoredVersion>;
}

/** The claim check of recommendation bodies (claims/ClaimTracker.ts, issue 19). */
export interface ClaimChecks {
  /** Checks the body now (after the room stored what it accepted, the caller's part) and answers the stored check. */
  checkNow(recommendationId: string): Promise<StoredClaimCheck | null>;
  /** Counts open findings again after an ignore or un-ignore; answers the stored check. */
  recount(briefId: string, recommendationId: string): Promise<StoredClaimCheck | null>;
  /** A check soon (a body never checked, say). */
  schedule(recommendationId: string): void;
  recommendationDeleted(briefId: string, recommendationId: string): void;
  /** A report of the brief was imported, changed or deleted. */
  reportsChanged(briefId: string): Promise<void>;
}

export interface CommandContext {
  store: Store;
  notify: Notifier;
  documents: DocumentAccess;
  notifications: NotificationSink;
  versions: VersionRecorder;
  claims: ClaimChecks;
}
