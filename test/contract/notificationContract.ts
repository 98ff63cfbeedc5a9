import { describe, expect, it } from "vitest";
import type { NewNotification, Store } from "../../server/src/store/Store.js";
import { buildTwoBriefs, ID_PATTERN, ISO_PATTERN, type ContractHarness } from "./harness.js";

async function world(store: Store) {
  const { ada, bob, brief, otherBrief: other, rec, elsewhere } = await buildTwoBriefs(store);
  await store.putMember(brief.id, bob.id, "editor");
  await store.putMember(other.id, bob.id, "editor");
  const mention = (userId: string, excerpt: string, on = rec): NewNotification => ({
    userId,
    kind: "mention",
    briefId: on.briefId,
    recommendationId: on.id,
    threadId: "t1",
    commentId: "c1",
    actorId: ada.id,
    excerpt,
  });
  return { ada, bob, brief, other, rec, elsewhere, mention };
}

/** Notifications per person (server/src/notifications): storage, cap, read marks, digest bookkeeping. */
export function defineNotificationContract(harness: ContractHarness): void {
  describe("notifications", () => {
    it("stores, lists newest first within the briefs asked, counts unread and marks only the owner's read", async () => {
      const store = await harness.open();
      const { ada, bob, brief, other, elsewhere, mention } = await world(store);
      const [first] = await store.addNotifications([mention(bob.id, "one")], 100);
      expect(first).toEqual({
        ...mention(bob.id, "one"),
        id: expect.stringMatching(ID_PATTERN),
        createdAt: expect.stringMatching(ISO_PATTERN),
        readAt: null,
        mailedAt: null,
      });
      await store.addNotifications(
        [mention(bob.id, "two"), mention(ada.id, "for ada"), mention(bob.id, "three", elsewhere)],
        100,
      );
      const both = [brief.id, other.id];
      const listed = await store.listNotifications(bob.id, { briefIds: both, unreadOnly: false, limit: 10 });
      expect(listed.map((n) => n.excerpt)).toEqual(["three", "two", "one"]);
      expect(
        (await store.listNotifications(bob.id, { briefIds: [brief.id], unreadOnly: false, limit: 10 })).map(
          (n) => n.excerpt,
        ),
      ).toEqual(["two", "one"]);
      expect(
        (
          await store.listNotifications(bob.id, {
            briefIds: both,
            unreadOnly: false,
            before: listed[0]!,
            limit: 1,
          })
        ).map((n) => n.excerpt),
      ).toEqual(["two"]);
      // The id breaks a tie of instants (processes on several hosts may stamp two alike): at
      // "two"'s instant, an id above its own includes it, its own id or none ("") does not.
      const two = listed[1]!;
      const olderThan = async (id: string) =>
        (
          await store.listNotifications(bob.id, {
            briefIds: both,
            unreadOnly: false,
            before: { createdAt: two.createdAt, id },
            limit: 10,
          })
        ).map((n) => n.excerpt);
      expect(await olderThan("~")).toEqual(["two", "one"]);
      expect(await olderThan(two.id)).toEqual(["one"]);
      expect(await olderThan("")).toEqual(["one"]);
      expect(await store.countUnreadNotifications(bob.id, both)).toBe(3);
      expect(await store.countUnreadNotifications(bob.id, [])).toBe(0);

      const adas = await store.listNotifications(ada.id, { briefIds: both, unreadOnly: false, limit: 10 });
      expect(await store.markNotificationsRead(bob.id, [adas[0]!.id, listed[1]!.id])).toBe(1);
      expect(await store.countUnreadNotifications(ada.id, both)).toBe(1);
      expect(
        (await store.listNotifications(bob.id, { briefIds: both, unreadOnly: true, limit: 10 })).map((n) => n.excerpt),
      ).toEqual(["three", "one"]);
      expect(await store.markNotificationsRead(bob.id, "all")).toBe(2);
      expect(await store.countUnreadNotifications(bob.id, both)).toBe(0);
      expect(
        (await store.listNotifications(bob.id, { briefIds: both, unreadOnly: false, limit: 10 }))[0]!.readAt,
      ).toMatch(ISO_PATTERN);
    });

    it("keeps at most the cap per person, dropping the oldest read ones first, then the oldest unread", async () => {
      const store = await harness.open();
      const { ada, bob, brief, other, mention } = await world(store);
      await store.addNotifications(
        ["a", "b", "c"].map((x) => mention(bob.id, x)),
        3,
      );
      const [, b] = await store.listNotifications(bob.id, { briefIds: [brief.id], unreadOnly: false, limit: 10 });
      await store.markNotificationsRead(bob.id, [b!.id]);
      await store.addNotifications([mention(bob.id, "d"), mention(ada.id, "ada's")], 3);
      const excerpts = async () =>
        (await store.listNotifications(bob.id, { briefIds: [brief.id, other.id], unreadOnly: false, limit: 10 })).map(
          (n) => n.excerpt,
        );
      expect(await excerpts()).toEqual(["d", "c", "a"]);
      await store.addNotifications(
        ["e", "f"].map((x) => mention(bob.id, x)),
        3,
      );
      expect(await excerpts()).toEqual(["f", "e", "d"]);
      expect(await store.countUnreadNotifications(ada.id, [brief.id])).toBe(1);
    });

    it("finds whom a digest is owed, records what was mailed, and keeps each person's e-mail choice", async () => {
      const store = await harness.open();
      const { ada, bob, mention } = await world(store);
      expect(await store.getNotificationSettings(bob.id)).toEqual({ email: true, lastDigestAt: null });
      await store.addNotifications([mention(bob.id, "one"), mention(bob.id, "two"), mention(ada.id, "ada")], 100);
      const ordered = [ada.id, bob.id].sort();
      expect(await store.listDigestRecipients(null, 10)).toEqual(ordered);
      expect(await store.listDigestRecipients(ordered[0]!, 10)).toEqual([ordered[1]]);
      expect(await store.listDigestRecipients(null, 1)).toEqual([ordered[0]]);

      expect(await store.setNotificationEmail(ada.id, false)).toEqual({ email: false, lastDigestAt: null });
      expect(await store.listDigestRecipients(null, 10)).toEqual([bob.id]);

      const pending = await store.listUnmailedNotifications(bob.id, 10);
      expect(pending.map((n) => n.excerpt)).toEqual(["one", "two"]);
      await store.markNotificationsMailed(bob.id, [pending[0]!.id], "2026-12-05T10:00:00.000Z");
      expect((await store.listUnmailedNotifications(bob.id, 10)).map((n) => n.excerpt)).toEqual(["two"]);
      expect(await store.getNotificationSettings(bob.id)).toEqual({
        email: true,
        lastDigestAt: "2026-12-05T10:00:00.000Z",
      });
      await store.markNotificationsRead(bob.id, "all");
      expect(await store.listDigestRecipients(null, 10)).toEqual([]);
      expect(await store.setNotificationEmail(bob.id, false)).toEqual({
        email: false,
        lastDigestAt: "2026-12-05T10:00:00.000Z",
      });
    });

    it("a deleted recommendation takes its notifications with it", async () => {
      const store = await harness.open();
      const { bob, brief, rec, mention } = await world(store);
      await store.addNotifications([mention(bob.id, "gone")], 100);
      await store.deleteRecommendation(rec.id);
      expect(await store.listNotifications(bob.id, { briefIds: [brief.id], unreadOnly: false, limit: 10 })).toEqual([]);
      expect(await store.countUnreadNotifications(bob.id, [brief.id])).toBe(0);
    });
  });
}
