import type { NotificationPage, NotificationView } from "@accord/protocol";
import type { InfiniteData } from "@tanstack/react-query";

/** The inbox as cached: the pages loaded so far, newest first, each asked for with the cursor before it. */
export type InboxPages = InfiniteData<NotificationPage, string | null>;

/** Every page's notifications marked as `read` says, and the unread count the newest page carries. */
export function withRead(pages: InboxPages, read: (n: NotificationView) => boolean, unreadCount: number): InboxPages {
  return {
    ...pages,
    pages: pages.pages.map((page, index) => ({
      ...page,
      notifications: page.notifications.map((n) => (read(n) && !n.read ? { ...n, read: true } : n)),
      unreadCount: index === 0 ? unreadCount : page.unreadCount,
    })),
  };
}
