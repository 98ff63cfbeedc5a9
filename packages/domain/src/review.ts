import { z } from "zod";
import type { IsoDate } from "./entities.js";
import { can } from "./permissions.js";
import type { Role } from "./roles.js";
import { idSchema } from "./schemas.js";
import { STATUSES, type Status } from "./status.js";

/**
 * A Yjs relative position as JSON (`Y.relativePositionToJSON`). Kept opaque here:
 * the domain imports no Yjs; the server and client decode it.
 */
export type RelativePositionJson = Record<string, unknown>;

export const THREAD_STATUSES = ["open", "resolved"] as const;
export const threadStatusSchema = z.enum(THREAD_STATUSES);
export type ThreadStatus = z.infer<typeof threadStatusSchema>;

export interface ThreadAnchor {
  from: RelativePositionJson;
  to: RelativePositionJson;
}

export interface Thread {
  id: string;
  briefId: string;
  recommendationId: string;
  anchor: ThreadAnchor;
  /** The text the thread was started on, kept so a detached thread still says what it was about. */
  quote: string;
  status: ThreadStatus;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  resolvedBy: string | null;
  resolvedAt: IsoDate | null;
  /** The suggestion (suggestion mark id) the thread replies to; null for a thread on plain text. */
  suggestionId: string | null;
}

export interface Comment {
  id: string;
  threadId: string;
  authorId: string;
  body: string;
  /** Members named with @ in the body, resolved when it was written. */
  mentions: string[];
  createdAt: IsoDate;
  editedAt: IsoDate | null;
}

export const ACTIVITY_TYPES = [
  "recommendation.created",
  "status.changed",
  "thread.created",
  "thread.resolved",
  "thread.reopened",
  "comment.created",
  /** A member was named with @ in a comment; `data.userId` is who. */
  "mention.created",
  /** `data`: `{from, to}`, the titles before and after. */
  "recommendation.renamed",
  /**
   * To another sector or another place in its sector. `data`: `{from, to}`, each
   * `{sectorId, sectorName, position}` as they were at the time (a sector may be renamed later).
   */
  "recommendation.moved",
  /** `data`: `{reportId, title}`. The entries below concern the brief, not one recommendation. */
  "report.imported",
  /** `data`: `{sectorId, name}`. */
  "sector.created",
  /** `data`: `{sectorId, from, to}`, the names. */
  "sector.renamed",
  /** A sector given another place in the brief's order. `data`: `{sectorId, name, from, to}`, the positions. */
  "sector.moved",
  /** `data`: `{sectorId, name}`. */
  "sector.deleted",
  /** Joined through an invite; the actor is the new member. `data`: `{userId, name, role}`. */
  "member.joined",
  /** `data`: `{userId, name, from, to}`, the roles. */
  "member.role_changed",
  /** `data`: `{userId, name, role}`, the role they had. */
  "member.removed",
  /** A figure finding of the claim check ignored (issue 19). `data`: `{findingId, kind, raw, reason}`. */
  "claim.ignored",
  /** …and no longer ignored. `data`: `{findingId, kind, raw, reason: null}`. */
  "claim.unignored",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface ActivityEntry {
  id: string;
  briefId: string;
  recommendationId: string | null;
  actorId: string;
  type: ActivityType;
  /** e.g. `{from, to, note}` for a status change, `{threadId, quote}` for a thread. */
  data: Record<string, unknown>;
  createdAt: IsoDate;
}

const relativePositionSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 2_000, "is too large");

/**
 * A suggestion's id as its marks carry it: @accord/editor's SUGGESTION_ID_PATTERN, copied here
 * because the domain imports no editor (server/src/http/threads/suggestionId.test.ts keeps the two equal).
 */
export const SUGGESTION_ID_REGEX = /^[A-Za-z0-9_-]{8,64}$/;

export const createThreadSchema = z.object({
  anchor: z.object({ from: relativePositionSchema, to: relativePositionSchema }),
  quote: z.string().trim().min(1, "must not be empty").max(2_000),
  body: z.string().trim().min(1, "must not be empty").max(10_000),
  /** A reply thread on a suggestion: its id (the anchor is then the suggestion's range). */
  suggestionId: z.string().regex(SUGGESTION_ID_REGEX, "is not a valid suggestion id").nullable().optional(),
});

export const createCommentSchema = z.object({
  body: z.string().trim().min(1, "must not be empty").max(10_000),
});
export const updateCommentSchema = createCommentSchema;

export const updateThreadSchema = z.object({ status: threadStatusSchema });

/** Any member who may comment may resolve and reopen; only a comment's author edits or deletes it. */
export function canEditComment(actorId: string, comment: Pick<Comment, "authorId">): boolean {
  return actorId === comment.authorId;
}

export interface ThreadAbilities {
  comment: boolean;
  resolve: boolean;
}

export function threadAbilities(role: Role): ThreadAbilities {
  const mayComment = can(role, "comment.create");
  return { comment: mayComment, resolve: mayComment };
}

export interface CommentAbilities {
  edit: boolean;
  delete: boolean;
}

/**
 * The author edits and deletes their own comment, and only while their role still lets
 * them comment: an author demoted to viewer changes nothing any more.
 */
export function commentAbilities(actorId: string, role: Role, comment: Pick<Comment, "authorId">): CommentAbilities {
  const mine = can(role, "comment.create") && canEditComment(actorId, comment);
  return { edit: mine, delete: mine };
}

/** `GET /api/briefs/:briefId/activity` */
export const listActivityQuerySchema = z.object({
  recommendationId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Recommendations per status, as the dashboard counts them. */
export type StatusCounts = Record<Status, number>;

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((status) => [status, 0])) as StatusCounts;
}

/**
 * The members named in a comment as `@Full Name`. Longer names win, so that
 * "@Ana María" is not read as "@Ana" when both are members; matching ignores case.
 */
export function findMentions(body: string, members: ReadonlyArray<{ userId: string; name: string }>): string[] {
  const byLength = [...members].sort((a, b) => b.name.length - a.name.length);
  const found: string[] = [];
  const lower = body.toLowerCase();
  for (let at = lower.indexOf("@"); at >= 0; at = lower.indexOf("@", at + 1)) {
    // An @ inside a word (an email address) is not a mention.
    if (at > 0 && /[\p{L}\p{N}._-]/u.test(lower[at - 1]!)) continue;
    const rest = lower.slice(at + 1);
    const member = byLength.find((m) => {
      const name = m.name.toLowerCase();
      return rest.startsWith(name) && !/[\p{L}\p{N}]/u.test(rest.charAt(name.length));
    });
    if (member && !found.includes(member.userId)) found.push(member.userId);
  }
  return found;
}

/** What a status change needs to be recorded. */
export interface StatusChange {
  from: Status;
  to: Status;
  role: Role;
  note?: string;
}
