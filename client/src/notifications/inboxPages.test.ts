import type { NotificationView } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import { withRead, type InboxPages } from "./inboxPages";

function notification(id: string, read: boolean): NotificationView {
  return {
    id,
    kind: "mention",
    read,
    createdAt: "2026-12-05T10:00:00.000Z",
    brief: { id: "b1", title: "Green steel" },
    recommendation: { id: "r1", title: "Phase out coal" },
    threadId: null,
    commentId: null,
    actor: { id: "u1", name: "Lena Lead" },
    excerpt: null,
    path: "/briefs/b1/recommendations/r1",
  };
}

const inbox: InboxPages = {
  pages: [
    { notifications: [notification("n3", false), notification("n2", true)], unreadCount: 2, nextBefore: "c1" },
    { notifications: [notification("n1", false)], unreadCount: 2, nextBefore: null },
  ],
  pageParams: [null, "c1"],
};

describe("withRead", () => {
  it("marks the chosen ones read on any page and puts the count on the newest page", () => {
    const next = withRead(inbox, (n) => n.id === "n1", 1);
    expect(next.pages.map((page) => page.notifications.map((n) => [n.id, n.read]))).toEqual([
      [
        ["n3", false],
        ["n2", true],
      ],
      [["n1", true]],
    ]);
    expect(next.pages.map((page) => page.unreadCount)).toEqual([1, 2]);
    expect(next.pageParams).toEqual([null, "c1"]);
  });

  it("keeps the objects of notifications it does not change, and leaves the input as it was", () => {
    const next = withRead(inbox, () => true, 0);
    expect(next.pages[0]!.notifications[1]).toBe(inbox.pages[0]!.notifications[1]);
    expect(next.pages.flatMap((page) => page.notifications).every((n) => n.read)).toBe(true);
    expect(inbox.pages[0]!.notifications[0]!.read).toBe(false);
  });
});
