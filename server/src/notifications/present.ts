import type { NotificationView } from "@accord/protocol";
import type { StoredNotification, Store } from "../store/Store.js";
import { excerpt } from "./derive.js";

/** A notification as the API answers it (and as a digest mails it): one shape, in @accord/protocol. */
export type { NotificationView };

/**
 * Names the brief, recommendation and actor of each notification. A notification whose
 * recommendation is gone is left out (SQLite removes it with the recommendation; this covers
 * the moment between). A comment's words are read as they are now: an edited comment shows its
 * new words, a deleted one none (its words do not outlive it in anyone's inbox or mail).
 */
export async function presentNotifications(
  store: Store,
  notifications: readonly StoredNotification[],
  briefTitles: ReadonlyMap<string, string>,
): Promise<NotificationView[]> {
  const recommendations = new Map(
    await Promise.all(
      [...new Set(notifications.map((n) => n.recommendationId))].map(
        async (id) => [id, await store.getRecommendation(id)] as const,
      ),
    ),
  );
  const actors = new Map(
    await Promise.all(
      [...new Set(notifications.map((n) => n.actorId))].map(async (id) => [id, await store.getUser(id)] as const),
    ),
  );
  const comments = new Map(
    await Promise.all(
      [...new Set(notifications.flatMap((n) => (n.commentId ? [n.commentId] : [])))].map(
        async (id) => [id, await store.getComment(id)] as const,
      ),
    ),
  );
  const views: NotificationView[] = [];
  for (const n of notifications) {
    const recommendation = recommendations.get(n.recommendationId);
    const briefTitle = briefTitles.get(n.briefId);
    if (!recommendation || briefTitle === undefined) continue;
    views.push({
      id: n.id,
      kind: n.kind,
      read: n.readAt !== null,
      createdAt: n.createdAt,
      brief: { id: n.briefId, title: briefTitle },
      recommendation: { id: recommendation.id, title: recommendation.title },
      threadId: n.threadId,
      commentId: n.commentId,
      actor: { id: n.actorId, name: actors.get(n.actorId)?.name ?? "Someone" },
      excerpt: n.commentId ? excerpt(comments.get(n.commentId)?.body ?? null) : n.excerpt,
      path: notificationPath(n),
    });
  }
  return views;
}

export function notificationPath(n: Pick<StoredNotification, "briefId" | "recommendationId" | "threadId">): string {
  const path = `/briefs/${encodeURIComponent(n.briefId)}/recommendations/${encodeURIComponent(n.recommendationId)}`;
  return n.threadId ? `${path}?thread=${encodeURIComponent(n.threadId)}` : path;
}

/** One line saying what happened, for the digest. */
export function notificationSentence(view: Pick<NotificationView, "kind" | "actor" | "recommendation">): string {
  const who = view.actor.name;
  const what = `“${view.recommendation.title}”`;
  switch (view.kind) {
    case "mention":
      return `${who} mentioned you on ${what}`;
    case "reply":
      return `${who} replied to your thread on ${what}`;
    case "review_requested":
      return `${who} asked for a review of ${what}`;
    case "approved":
      return `${who} approved ${what}`;
    case "changes_requested":
      return `${who} requested changes to ${what}`;
  }
}
