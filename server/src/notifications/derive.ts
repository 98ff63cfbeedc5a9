import type { ActivityEntry, Recommendation, Role } from "@accord/domain";
import type { NewNotification, NotificationKind, Store } from "../store/Store.js";

/** The words a notification keeps of a comment or a note. */
export const EXCERPT_CHARS = 500;

/**
 * Who hears of an activity entry, and as what. The one place that decides it:
 *
 * - `mention.created`: the member named (the author naming themselves is never recorded).
 * - `comment.created`: the thread's starter hears of a reply, unless the reply names them
 *   (then the mention says it once).
 * - `status.changed` to `in_review`: the brief's reviewers and leads (a review request).
 * - `status.changed` to `approved` / `changes_requested`: the recommendation's writers. No edit
 *   of the body records its author, so the writers are read from what is recorded: the owner
 *   (its creator unless reassigned), whoever created or renamed it, and whoever submitted it
 *   for review — those of them who are editors or leads of the brief now.
 *
 * Nobody hears of their own action, and only current members of the brief hear anything.
 */
export async function deriveNotifications(store: Store, entry: ActivityEntry): Promise<NewNotification[]> {
  const recommendationId = entry.recommendationId;
  if (recommendationId === null) return [];
  const base = { briefId: entry.briefId, recommendationId, actorId: entry.actorId };
  const members = new Map((await store.listMembers(entry.briefId)).map((member) => [member.userId, member.role]));
  const make = (
    kind: NotificationKind,
    userIds: Iterable<string>,
    extra: { threadId?: string | null; commentId?: string | null; excerpt?: string | null } = {},
  ): NewNotification[] =>
    [...new Set(userIds)]
      .filter((userId) => userId !== entry.actorId && members.has(userId))
      .map((userId) => ({
        ...base,
        userId,
        kind,
        threadId: extra.threadId ?? null,
        commentId: extra.commentId ?? null,
        excerpt: excerpt(extra.excerpt ?? null),
      }));

  switch (entry.type) {
    case "mention.created": {
      const userId = text(entry.data.userId);
      const commentId = text(entry.data.commentId);
      if (!userId || !commentId) return [];
      const comment = await store.getComment(commentId);
      if (!comment) return [];
      return make("mention", [userId], { threadId: comment.threadId, commentId, excerpt: comment.body });
    }
    case "comment.created": {
      const threadId = text(entry.data.threadId);
      const commentId = text(entry.data.commentId);
      if (!threadId || !commentId) return [];
      const [thread, comment] = await Promise.all([store.getThread(threadId), store.getComment(commentId)]);
      if (!thread || !comment || comment.mentions.includes(thread.createdBy)) return [];
      return make("reply", [thread.createdBy], { threadId, commentId, excerpt: comment.body });
    }
    case "status.changed": {
      const note = text(entry.data.note);
      switch (entry.data.to) {
        case "in_review":
          return make("review_requested", roles(members, ["reviewer", "lead"]), { excerpt: note });
        case "approved":
        case "changes_requested": {
          const recommendation = await store.getRecommendation(recommendationId);
          if (!recommendation) return [];
          const writers = await writersOf(store, recommendation);
          const kind = entry.data.to === "approved" ? "approved" : "changes_requested";
          return make(
            kind,
            [...writers].filter((userId) => isWriter(members.get(userId))),
            { excerpt: note },
          );
        }
        default:
          return [];
      }
    }
    default:
      return [];
  }
}

const WRITER_ACTIVITY = new Set(["recommendation.created", "recommendation.renamed"]);

async function writersOf(store: Store, recommendation: Recommendation): Promise<Set<string>> {
  const writers = new Set([recommendation.ownerId]);
  // The recommendation's most recent 200 entries: enough to find who wrote it, and bounded.
  const entries = await store.listActivity(recommendation.briefId, { recommendationId: recommendation.id, limit: 200 });
  for (const entry of entries) {
    if (WRITER_ACTIVITY.has(entry.type) || (entry.type === "status.changed" && entry.data.to === "in_review")) {
      writers.add(entry.actorId);
    }
  }
  return writers;
}

const isWriter = (role: Role | undefined) => role === "editor" || role === "lead";

function roles(members: Map<string, Role>, wanted: readonly Role[]): string[] {
  return [...members].filter(([, role]) => wanted.includes(role)).map(([userId]) => userId);
}

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** At most EXCERPT_CHARS of the words, cut with "…". */
export function excerpt(value: string | null): string | null {
  if (value === null || value.length <= EXCERPT_CHARS) return value;
  // By code points, so that a cut never splits a surrogate pair.
  return `${Array.from(value)
    .slice(0, EXCERPT_CHARS - 1)
    .join("")}…`;
}
