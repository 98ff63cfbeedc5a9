import { randomBytes } from "node:crypto";
import type { Binary, Collection, Db } from "mongodb";
import {
  type ActivityType,
  type Brief,
  type CslItem,
  DEFAULT_CITATION_STYLE,
  type PassageMarker,
  type Role,
  type Status,
  type ThreadAnchor,
  type ThreadStatus,
} from "@accord/domain";
import type { StoredNotification } from "../Store.js";
import type { Figure, ReportCounts, ReportFormat, ReportMetadata, StoredPassage, StoredSection } from "../reports.js";
import type { StoredVersionWithBody } from "../versions.js";
import type { StoredClaimCheck, StoredClaimIgnore } from "../claims.js";

/**
 * The MongoDB schema. Entities keep their own random string ids as `_id`;
 * timestamps are ISO strings like everywhere else, except `sessions.expiresAt`,
 * a Date so that a TTL index can remove expired sessions.
 */
export interface UserDoc {
  _id: string;
  /** Lower-cased: the unique index is then case-insensitive uniqueness. */
  email: string;
  name: string;
  passwordHash: string;
  createdAt: string;
}

export interface SessionDoc {
  _id: string;
  userId: string;
  expiresAt: Date;
}

export interface BriefDoc {
  _id: string;
  title: string;
  description: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Absent on briefs stored before citation styles: read as the default. */
  citationStyle?: string;
  /**
   * Sectors created in the brief. Read by no one: createSector increments it first thing in
   * its transaction so that two creations in one brief write the same document and conflict
   * (MongoStore.ts). Absent until the first.
   */
  sectorAppends?: number;
  /** Absent on briefs stored before suggesting mode: read as true. */
  suggestEditsInReview?: boolean;
}

/** The entity; fields absent on older briefs read as their defaults. */
export function toBrief(doc: BriefDoc): Brief {
  return {
    id: doc._id,
    title: doc.title,
    description: doc.description,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    citationStyle: doc.citationStyle ?? DEFAULT_CITATION_STYLE,
    suggestEditsInReview: doc.suggestEditsInReview ?? true,
  };
}

export interface MembershipDoc {
  briefId: string;
  userId: string;
  role: Role;
  joinedAt: string;
}

export interface InviteDoc {
  /** The token's hash. */
  _id: string;
  /** The public id; older invites got one in ensureIndexes. */
  id: string;
  briefId: string;
  email: string | null;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedBy: string | null;
}

export interface SignupRequestDoc {
  /** The token's hash. */
  _id: string;
  email: string;
  name: string;
  passwordHash: string;
  inviteTokenHash: string | null;
  createdAt: string;
  /** A Date so that a TTL index removes expired requests. */
  expiresAt: Date;
}

export interface SectorDoc {
  _id: string;
  briefId: string;
  name: string;
  description: string;
  position: number;
  /** Recommendations created in the sector: the same write-conflict guard as BriefDoc.sectorAppends. */
  recommendationAppends?: number;
}

export interface RecommendationDoc {
  _id: string;
  briefId: string;
  sectorId: string;
  title: string;
  status: Status;
  ownerId: string;
  position: number;
  citedEvidenceIds: string[];
  /** Absent on recommendations stored before citations were entities: read as []. */
  citationIds?: string[];
  createdAt: string;
  updatedAt: string;
}

/**
 * A report. Written first with `complete: false`, its passages and footnotes after, and
 * flipped to `complete: true` last (one single-document write, hence atomic): every read
 * looks only at complete reports and at passages of complete reports, so an import that
 * failed or crashed part-way is invisible. A failed import deletes what it wrote; one
 * that crashed is swept by a later import (see `startedAt`).
 */
export interface ReportDoc {
  _id: string;
  briefId: string;
  /** Equal to `metadata.title`. */
  title: string;
  /** Absent on reports stored before metadata was kept: read as the title and nothing else. */
  metadata?: ReportMetadata;
  /** sha256 of what was imported; absent or null on older reports. */
  contentHash?: string | null;
  format: ReportFormat;
  createdBy: string;
  createdAt: string;
  counts: ReportCounts;
  /** Few and small: kept in the report itself. `level` is absent on older reports (read as 1). */
  sections: Array<Omit<StoredSection, "level"> & { level?: number }>;
  /** Pages are numbered 1..pageCount; nothing else is stored per page. */
  pageCount: number;
  complete: boolean;
  /** When the import began; an incomplete report much older than this was left by a crash. */
  startedAt: Date;
}

export interface PassageDoc {
  /** The evidence id. */
  _id: string;
  reportId: string;
  briefId: string;
  sectionIndex: number | null;
  sectionTitle: string | null;
  page: number;
  kind: StoredPassage["kind"];
  position: number;
  text: string;
  figures: Figure[];
  footnotes: number[];
  /** Absent on older reports, whose passages took their page's notes: read as "page". */
  sourcesFrom?: StoredPassage["sourcesFrom"];
  /** Absent on older reports: read as []. */
  markers?: PassageMarker[];
}

export interface FootnoteDoc {
  reportId: string;
  number: number;
  page: number;
  url: string | null;
  /** Absent on older reports: read as `[url]`. */
  urls?: string[];
  text: string;
}

/** A review thread; its comments are in `comments` (T3: never without one). */
export interface ThreadDoc {
  _id: string;
  briefId: string;
  recommendationId: string;
  anchor: ThreadAnchor;
  quote: string;
  status: ThreadStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** Absent on threads stored before suggestions: read as null. */
  suggestionId?: string | null;
}

export interface CommentDoc {
  _id: string;
  threadId: string;
  /** Denormalized so deleting a recommendation's review is one deleteMany per collection. */
  recommendationId: string;
  authorId: string;
  body: string;
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
}

export interface ActivityDoc {
  _id: string;
  briefId: string;
  recommendationId: string | null;
  actorId: string;
  type: ActivityType;
  data: Record<string, unknown>;
  createdAt: string;
}

/** A citation (CITATIONS.md §2); its fields as the entity's. */
export interface CitationDoc {
  _id: string;
  briefId: string;
  evidenceId: string | null;
  reportId: string | null;
  quote: { text: string; start: number; end: number } | null;
  notes: number[];
  sourceIds: string[];
  sourcesChosen: boolean;
  sourceId: string | null;
  locator: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A bibliography source of a brief. `position` keeps the order of addition (a paste's order within it). */
export interface SourceDoc {
  _id: string;
  briefId: string;
  csl: CslItem;
  position: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A brief's custom CSL style; `_id` is the brief's id. */
export interface CitationStyleDoc {
  _id: string;
  title: string;
  xml: string;
  updatedAt: string;
}

/** A notification for one person: Store's StoredNotification with its id as `_id`. */
export type NotificationDoc = Omit<StoredNotification, "id"> & { _id: string };

/** A person's notification settings; `_id` is the user's id. No document: e-mail on. */
export interface NotificationSettingsDoc {
  _id: string;
  email: boolean;
  lastDigestAt: string | null;
}

/**
 * A saved version of a recommendation's body (issue 18): Store's StoredVersionWithBody with its
 * id as `_id`. The body is ProseMirror JSON as text, as SQLite keeps it (a document stays under
 * MongoDB's 16 MB limit).
 */
export type VersionDoc = Omit<StoredVersionWithBody, "id"> & { _id: string };

/** A recommendation's claim check (issue 19): Store's StoredClaimCheck; `_id` is the recommendation's id. */
export type ClaimCheckDoc = Omit<StoredClaimCheck, "recommendationId"> & { _id: string };

/**
 * An ignored finding: `_id` is the pair (recommendation, finding), as SQLite's primary key;
 * `recommendationId` again beside it, for the index that lists and removes a recommendation's.
 */
export type ClaimIgnoreDoc = Omit<StoredClaimIgnore, "findingId"> & {
  _id: { recommendationId: string; findingId: string };
};

/** One Yjs update of a document's log. */
export interface UpdateDoc {
  docName: string;
  /** Append order within the document, from `counters`. */
  seq: number;
  data: Binary;
  /** data's length, kept so documentStats is one $group without $binarySize. */
  bytes: number;
}

/** The next free `seq` of each document's log. `_id` is the document name. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

/** The pointer to a document's current snapshot version. `_id` is the document name. */
export interface SnapshotHeadDoc {
  _id: string;
  version: string;
  chunkCount: number;
  updatedAt: Date;
}

export interface SnapshotChunkDoc {
  docName: string;
  version: string;
  index: number;
  data: Binary;
  /** Lets a later compaction sweep chunks left behind by a crash. */
  createdAt: Date;
}

export interface Collections {
  users: Collection<UserDoc>;
  sessions: Collection<SessionDoc>;
  briefs: Collection<BriefDoc>;
  memberships: Collection<MembershipDoc>;
  invites: Collection<InviteDoc>;
  signupRequests: Collection<SignupRequestDoc>;
  sectors: Collection<SectorDoc>;
  recommendations: Collection<RecommendationDoc>;
  reports: Collection<ReportDoc>;
  passages: Collection<PassageDoc>;
  footnotes: Collection<FootnoteDoc>;
  threads: Collection<ThreadDoc>;
  comments: Collection<CommentDoc>;
  activity: Collection<ActivityDoc>;
  citations: Collection<CitationDoc>;
  sources: Collection<SourceDoc>;
  citationStyles: Collection<CitationStyleDoc>;
  notifications: Collection<NotificationDoc>;
  notificationSettings: Collection<NotificationSettingsDoc>;
  versions: Collection<VersionDoc>;
  claimChecks: Collection<ClaimCheckDoc>;
  claimIgnores: Collection<ClaimIgnoreDoc>;
  updates: Collection<UpdateDoc>;
  counters: Collection<CounterDoc>;
  snapshotHeads: Collection<SnapshotHeadDoc>;
  snapshotChunks: Collection<SnapshotChunkDoc>;
}

export function getCollections(db: Db): Collections {
  return {
    users: db.collection<UserDoc>("users"),
    sessions: db.collection<SessionDoc>("sessions"),
    briefs: db.collection<BriefDoc>("briefs"),
    memberships: db.collection<MembershipDoc>("memberships"),
    invites: db.collection<InviteDoc>("invites"),
    signupRequests: db.collection<SignupRequestDoc>("signupRequests"),
    sectors: db.collection<SectorDoc>("sectors"),
    recommendations: db.collection<RecommendationDoc>("recommendations"),
    reports: db.collection<ReportDoc>("reports"),
    passages: db.collection<PassageDoc>("passages"),
    footnotes: db.collection<FootnoteDoc>("footnotes"),
    threads: db.collection<ThreadDoc>("threads"),
    comments: db.collection<CommentDoc>("comments"),
    activity: db.collection<ActivityDoc>("activity"),
    citations: db.collection<CitationDoc>("citations"),
    sources: db.collection<SourceDoc>("briefSources"),
    citationStyles: db.collection<CitationStyleDoc>("citationStyles"),
    notifications: db.collection<NotificationDoc>("notifications"),
    notificationSettings: db.collection<NotificationSettingsDoc>("notificationSettings"),
    versions: db.collection<VersionDoc>("versions"),
    claimChecks: db.collection<ClaimCheckDoc>("claimChecks"),
    claimIgnores: db.collection<ClaimIgnoreDoc>("claimIgnores"),
    updates: db.collection<UpdateDoc>("documentUpdates"),
    counters: db.collection<CounterDoc>("documentCounters"),
    snapshotHeads: db.collection<SnapshotHeadDoc>("documentSnapshots"),
    snapshotChunks: db.collection<SnapshotChunkDoc>("documentSnapshotChunks"),
  };
}

/**
 * Idempotent: creating an index that exists is a no-op. Sequential on purpose:
 * concurrent first index builds on a fresh database race to create the
 * collection implicitly.
 */
export async function ensureIndexes(c: Collections): Promise<void> {
  await c.users.createIndex({ email: 1 }, { unique: true });
  // expireAfterSeconds 0: the session goes when `expiresAt` passes (the TTL monitor runs every ~60 s).
  await c.sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  // "Log out everywhere" and a password change find every session of one user.
  await c.sessions.createIndex({ userId: 1 });
  await c.memberships.createIndex({ briefId: 1, userId: 1 }, { unique: true });
  await c.memberships.createIndex({ userId: 1 });
  await c.briefs.createIndex({ updatedAt: -1 });
  await c.invites.createIndex({ briefId: 1 });
  // Invites from before public ids get one, so that every invite can be listed and revoked.
  for (const doc of await c.invites.find({ id: { $exists: false } }, { projection: { _id: 1 } }).toArray()) {
    await c.invites.updateOne(
      { _id: doc._id, id: { $exists: false } },
      { $set: { id: randomBytes(16).toString("base64url"), email: null } },
    );
  }
  await c.invites.createIndex({ id: 1 }, { unique: true });
  await c.signupRequests.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  await c.sectors.createIndex({ briefId: 1, position: 1 });
  await c.recommendations.createIndex({ briefId: 1 });
  await c.recommendations.createIndex({ sectorId: 1, position: 1 });
  await c.reports.createIndex({ briefId: 1, createdAt: 1 });
  await c.reports.createIndex({ complete: 1, startedAt: 1 });
  await c.reports.createIndex({ briefId: 1, contentHash: 1 });
  await c.passages.createIndex({ reportId: 1, position: 1 });
  await c.passages.createIndex({ briefId: 1, reportId: 1 });
  // The one text index a collection may have. briefId is its equality prefix: every
  // $text query names the brief, and the index never mixes briefs. English: snowball
  // stemming (as FTS5's porter) but also English stop words, which MongoDB drops from
  // queries ("the" alone finds nothing here, everything in SQLite).
  await c.passages.createIndex({ briefId: 1, text: "text" }, { name: "passages_text", default_language: "english" });
  await c.footnotes.createIndex({ reportId: 1, number: 1 }, { unique: true });
  await c.threads.createIndex({ briefId: 1, recommendationId: 1, createdAt: 1 });
  await c.threads.createIndex({ recommendationId: 1 });
  await c.comments.createIndex({ threadId: 1, createdAt: 1 });
  await c.comments.createIndex({ recommendationId: 1 });
  await c.activity.createIndex({ briefId: 1, createdAt: -1 });
  await c.activity.createIndex({ recommendationId: 1, createdAt: -1 });
  await c.citations.createIndex({ briefId: 1, createdAt: 1 });
  await c.citations.createIndex({ reportId: 1 });
  await c.citations.createIndex({ briefId: 1, sourceId: 1 });
  await c.citations.createIndex({ briefId: 1, sourceIds: 1 });
  await c.sources.createIndex({ briefId: 1, position: 1 });
  await c.notifications.createIndex({ userId: 1, createdAt: -1 });
  await c.notifications.createIndex({ recommendationId: 1 });
  await c.notifications.createIndex({ readAt: 1, mailedAt: 1, userId: 1 });
  await c.versions.createIndex({ recommendationId: 1, createdAt: -1, _id: -1 });
  // lastReviewActionAt: a member's newest status change and comment on a recommendation.
  await c.activity.createIndex({ recommendationId: 1, actorId: 1, type: 1, createdAt: -1 });
  await c.comments.createIndex({ recommendationId: 1, authorId: 1, createdAt: -1 });
  await c.claimChecks.createIndex({ briefId: 1 });
  await c.claimIgnores.createIndex({ recommendationId: 1, createdAt: 1 });
  await c.updates.createIndex({ docName: 1, seq: 1 });
  await c.snapshotChunks.createIndex({ docName: 1, version: 1, index: 1 }, { unique: true });
}
