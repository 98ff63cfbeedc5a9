import { z } from "zod";
import { idSchema, roleSchema, statusSchema } from "@accord/domain";

/**
 * socket.io events. Client → server events are requests with an acknowledgement;
 * server → client events are notifications sent after a REST command committed.
 * Clients refetch through REST, which checks permissions again.
 */
export const ClientEvent = {
  BriefJoin: "brief:join",
  BriefLeave: "brief:leave",
  RecommendationJoin: "recommendation:join",
  RecommendationLeave: "recommendation:leave",
} as const;

export const briefJoinSchema = z.object({ briefId: idSchema });
export const recommendationJoinSchema = z.object({ recommendationId: idSchema });

export type JoinAck = { ok: true } | { error: { code: string; message: string } };

export const ServerEvent = {
  RecommendationCreated: "recommendation.created",
  RecommendationUpdated: "recommendation.updated",
  RecommendationDeleted: "recommendation.deleted",
  SectorsUpdated: "sectors.updated",
  BriefUpdated: "brief.updated",
  MemberUpdated: "member.updated",
  ThreadCreated: "thread.created",
  CommentCreated: "comment.created",
  ThreadUpdated: "thread.updated",
  /** The thread's last comment was deleted, and the thread with it. */
  ThreadDeleted: "thread.deleted",
  CommentUpdated: "comment.updated",
  CommentDeleted: "comment.deleted",
  /** Sent only to the sockets of the member named in the comment. */
  MentionCreated: "mention.created",
  ActivityCreated: "activity.created",
  /** A notification was stored for this person: sent to their own sockets only; refetch `/api/notifications`. */
  NotificationCreated: "notification.created",
  /** Some of this person's notifications were marked read (in another tab, perhaps): refetch. */
  NotificationsRead: "notifications.read",
  ReportImported: "report.imported",
  /** A lead renamed a report or edited its metadata. */
  ReportUpdated: "report.updated",
  /** A lead deleted a report: its evidence is gone. */
  ReportDeleted: "report.deleted",
  PresenceUpdated: "presence.updated",
  /** A citation was created or its chosen sources or locator changed: refetch `/citations`. */
  CitationUpdated: "citation.updated",
  /** The brief's bibliography sources changed (added, edited, deleted): refetch `/sources`. */
  SourceUpdated: "source.updated",
  /**
   * Sent to the sockets of a session that just ended (logout, "log out everywhere", a password
   * change elsewhere, expiry), right before the server disconnects them. The client says why
   * and goes to the login page.
   */
  SessionEnded: "session.ended",
  /** A version of a recommendation's body was saved (issue 18): sent to the recommendation's room; refetch its versions. */
  VersionCreated: "version.created",
  /** A recommendation's claim check changed (findings or open counts; issue 19): sent to the brief's room; refetch `…/claims`. */
  ClaimsUpdated: "claims.updated",
} as const;
export type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

export const recommendationEventSchema = z.object({
  type: z.enum([
    ServerEvent.RecommendationCreated,
    ServerEvent.RecommendationUpdated,
    ServerEvent.RecommendationDeleted,
  ]),
  briefId: idSchema,
  id: idSchema,
  sectorId: idSchema,
  status: statusSchema,
  updatedAt: z.string(),
});
export type RecommendationEvent = z.infer<typeof recommendationEventSchema>;

export const sectorsEventSchema = z.object({
  type: z.literal(ServerEvent.SectorsUpdated),
  briefId: idSchema,
});
export type SectorsEvent = z.infer<typeof sectorsEventSchema>;

export const briefEventSchema = z.object({
  type: z.literal(ServerEvent.BriefUpdated),
  briefId: idSchema,
  updatedAt: z.string(),
});
export type BriefEvent = z.infer<typeof briefEventSchema>;

export const memberEventSchema = z.object({
  type: z.literal(ServerEvent.MemberUpdated),
  briefId: idSchema,
  userId: idSchema,
  /** null when the member was removed. */
  role: roleSchema.nullable(),
});
export type MemberEvent = z.infer<typeof memberEventSchema>;

/** A report finished importing into the brief: its evidence is searchable from now on. */
export const reportImportedEventSchema = z.object({
  type: z.literal(ServerEvent.ReportImported),
  briefId: idSchema,
  reportId: idSchema,
  title: z.string(),
});
export type ReportImportedEvent = z.infer<typeof reportImportedEventSchema>;

/** A report's metadata changed; `title` is its (new) title. Refetch the report list. */
export const reportUpdatedEventSchema = z.object({
  type: z.literal(ServerEvent.ReportUpdated),
  briefId: idSchema,
  reportId: idSchema,
  title: z.string(),
});
export type ReportUpdatedEvent = z.infer<typeof reportUpdatedEventSchema>;

/** A report and its passages were deleted. */
export const reportDeletedEventSchema = z.object({
  type: z.literal(ServerEvent.ReportDeleted),
  briefId: idSchema,
  reportId: idSchema,
});
export type ReportDeletedEvent = z.infer<typeof reportDeletedEventSchema>;

/** Sent to the brief's room after a citation of the brief was created or changed. */
export const citationEventSchema = z.object({
  type: z.literal(ServerEvent.CitationUpdated),
  briefId: idSchema,
  citationId: idSchema,
  updatedAt: z.string(),
});
export type CitationEvent = z.infer<typeof citationEventSchema>;

/** Sent to the brief's room after its bibliography sources changed; `sourceIds` are the ones touched. */
export const sourceEventSchema = z.object({
  type: z.literal(ServerEvent.SourceUpdated),
  briefId: idSchema,
  sourceIds: z.array(idSchema),
  change: z.enum(["created", "updated", "deleted"]),
});
export type SourceEvent = z.infer<typeof sourceEventSchema>;

export const presenceEventSchema = z.object({
  type: z.literal(ServerEvent.PresenceUpdated),
  briefId: idSchema,
  users: z.array(z.object({ userId: idSchema, name: z.string() })),
});
export type PresenceEvent = z.infer<typeof presenceEventSchema>;

/**
 * Something changed in a recommendation's review threads. Sent to the brief's room and the
 * recommendation's room; clients refetch the threads through REST.
 */
export const reviewEventSchema = z.object({
  type: z.enum([
    ServerEvent.ThreadCreated,
    ServerEvent.ThreadUpdated,
    ServerEvent.ThreadDeleted,
    ServerEvent.CommentCreated,
    ServerEvent.CommentUpdated,
    ServerEvent.CommentDeleted,
  ]),
  briefId: idSchema,
  recommendationId: idSchema,
  threadId: idSchema,
  commentId: idSchema.optional(),
});
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
export type ReviewEventType = ReviewEvent["type"];

/** A member was named with @ in a comment. Sent only to that member's own sockets. */
export const mentionEventSchema = z.object({
  type: z.literal(ServerEvent.MentionCreated),
  briefId: idSchema,
  recommendationId: idSchema,
  threadId: idSchema,
  commentId: idSchema,
  by: z.object({ userId: idSchema, name: z.string() }),
});
export type MentionEvent = z.infer<typeof mentionEventSchema>;

/** A new entry in the brief's activity (the dashboard's feed); refetch `/activity` or `/dashboard`. */
export const activityEventSchema = z.object({
  type: z.literal(ServerEvent.ActivityCreated),
  briefId: idSchema,
  recommendationId: idSchema.nullable(),
  activityId: idSchema,
});
export type ActivityEvent = z.infer<typeof activityEventSchema>;

/**
 * A version of a recommendation's body was saved (a transition, a name, a pause in editing or a
 * restore). Sent to the recommendation's room; clients refetch `…/versions` through REST.
 */
export const versionEventSchema = z.object({
  type: z.literal(ServerEvent.VersionCreated),
  briefId: idSchema,
  recommendationId: idSchema,
  version: z.object({ id: idSchema, name: z.string() }),
});
export type VersionEvent = z.infer<typeof versionEventSchema>;

/**
 * A recommendation's claim check changed: new findings, or open counts changed (a finding ignored
 * or un-ignored). Sent to the brief's room (the dashboard counts per sector; the editor refetches
 * `…/recommendations/:recId/claims`).
 */
export const claimsEventSchema = z.object({
  type: z.literal(ServerEvent.ClaimsUpdated),
  briefId: idSchema,
  recommendationId: idSchema,
  counts: z.object({
    mismatch: z.number().int().min(0),
    unsupported: z.number().int().min(0),
    notFound: z.number().int().min(0),
    inconsistent: z.number().int().min(0),
  }),
});
export type ClaimsEvent = z.infer<typeof claimsEventSchema>;

/** To one person's own sockets: their notifications changed. Nothing about the brief is in it. */
export const notificationEventSchema = z.object({
  type: z.enum([ServerEvent.NotificationCreated, ServerEvent.NotificationsRead]),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/** Why a session ended, for the message the client shows. */
export const sessionEndReasonSchema = z.enum(["logout", "password-changed", "expired"]);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const sessionEndedEventSchema = z.object({
  type: z.literal(ServerEvent.SessionEnded),
  reason: sessionEndReasonSchema,
});
export type SessionEndedEvent = z.infer<typeof sessionEndedEventSchema>;

/**
 * The document socket's close reason (with CloseCode.AccessRevoked) when it closes because its
 * session ended, so that the editor can say why and go to the login page as the events socket
 * does. Read back with `sessionEndReasonOfClose`.
 */
export const SESSION_ENDED_CLOSE_REASONS: Readonly<Record<SessionEndReason, string>> = {
  logout: "Session ended: logged out.",
  "password-changed": "Session ended: password changed.",
  expired: "Session ended: expired.",
};

/** Why the session ended, when a close reason says so; null for any other close. */
export function sessionEndReasonOfClose(reason: string): SessionEndReason | null {
  for (const key of sessionEndReasonSchema.options) if (SESSION_ENDED_CLOSE_REASONS[key] === reason) return key;
  return null;
}

export interface ServerToClientEvents {
  "recommendation.created": (event: RecommendationEvent) => void;
  "recommendation.updated": (event: RecommendationEvent) => void;
  "recommendation.deleted": (event: RecommendationEvent) => void;
  "sectors.updated": (event: SectorsEvent) => void;
  "brief.updated": (event: BriefEvent) => void;
  "member.updated": (event: MemberEvent) => void;
  "report.imported": (event: ReportImportedEvent) => void;
  "report.updated": (event: ReportUpdatedEvent) => void;
  "report.deleted": (event: ReportDeletedEvent) => void;
  "presence.updated": (event: PresenceEvent) => void;
  "citation.updated": (event: CitationEvent) => void;
  "source.updated": (event: SourceEvent) => void;
  "thread.created": (event: ReviewEvent) => void;
  "thread.updated": (event: ReviewEvent) => void;
  "thread.deleted": (event: ReviewEvent) => void;
  "comment.created": (event: ReviewEvent) => void;
  "comment.updated": (event: ReviewEvent) => void;
  "comment.deleted": (event: ReviewEvent) => void;
  "mention.created": (event: MentionEvent) => void;
  "activity.created": (event: ActivityEvent) => void;
  "notification.created": (event: NotificationEvent) => void;
  "notifications.read": (event: NotificationEvent) => void;
  "session.ended": (event: SessionEndedEvent) => void;
  "version.created": (event: VersionEvent) => void;
  "claims.updated": (event: ClaimsEvent) => void;
}

export interface ClientToServerEvents {
  "brief:join": (payload: unknown, ack?: (result: JoinAck) => void) => void;
  "brief:leave": (payload: unknown, ack?: (result: JoinAck) => void) => void;
  "recommendation:join": (payload: unknown, ack?: (result: JoinAck) => void) => void;
  "recommendation:leave": (payload: unknown, ack?: (result: JoinAck) => void) => void;
}
