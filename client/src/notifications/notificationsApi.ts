import type { NotificationPage, NotificationSettings, NotificationView } from "@accord/protocol";
import { createRequest, type Request } from "../api/request";

/** The REST calls of one's own notifications and their e-mail setting. */
export function createNotificationsApi(request: Request = createRequest({ onSessionEnded: () => undefined })) {
  return {
    list: (query: { before?: string | null; limit?: number } = {}, signal?: AbortSignal) => {
      const params = new URLSearchParams();
      if (query.before) params.set("before", query.before);
      params.set("limit", String(query.limit ?? 20));
      return request<NotificationPage>("GET", `/api/notifications?${params.toString()}`, { signal });
    },
    markRead: (which: { ids: string[] } | { all: true }) =>
      request<{ unreadCount: number }>("POST", "/api/notifications/read", { body: which }),
    settings: () => request<NotificationSettings>("GET", "/api/me/notification-settings"),
    setEmail: (email: boolean) =>
      request<NotificationSettings>("PATCH", "/api/me/notification-settings", { body: { email } }),
  };
}

export type NotificationsApi = ReturnType<typeof createNotificationsApi>;

/** One line saying what happened. */
export function notificationSentence(n: Pick<NotificationView, "kind" | "actor" | "recommendation">): string {
  const who = n.actor.name;
  const what = `“${n.recommendation.title}”`;
  switch (n.kind) {
    case "mention":
      return `${who} mentioned you on ${what}`;
    case "reply":
      return `${who} replied to your thread on ${what}`;
    case "review_requested":
      return `${who} asked for your review of ${what}`;
    case "approved":
      return `${who} approved ${what}`;
    case "changes_requested":
      return `${who} requested changes to ${what}`;
  }
}
