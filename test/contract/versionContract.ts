import { describe, expect, it } from "vitest";
import type { Store } from "../../server/src/store/Store.js";
import { bodyHashOf, type NewVersion } from "../../server/src/store/versions.js";
import {
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  ID_PATTERN,
  ISO_PATTERN,
  type ContractHarness,
} from "./harness.js";

const ANCHOR = {
  from: { type: null, tname: null, item: { client: 1, clock: 4 }, assoc: 0 },
  to: { type: null, tname: null, item: { client: 1, clock: 13 }, assoc: -1 },
};

async function world(store: Store) {
  const ada = await buildUser(store, { name: "Ada" });
  const bob = await buildUser(store, { name: "Bob" });
  const brief = await buildBrief(store, ada.id);
  await store.putMember(brief.id, bob.id, "reviewer");
  const sector = await buildSector(store, brief.id, "Energy");
  const rec = await buildRecommendation(store, sector, ada.id, "Price carbon");
  const other = await buildRecommendation(store, sector, ada.id, "Build grids");
  return { ada, bob, brief, rec, other };
}

function bodyOf(text: string): string {
  return JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
}

function newVersion(
  rec: { id: string; briefId: string },
  overrides: Partial<NewVersion> & { text?: string } = {},
): NewVersion {
  const { text = "Price carbon at 100 EUR/t.", ...rest } = overrides;
  const body = bodyOf(text);
  return {
    briefId: rec.briefId,
    recommendationId: rec.id,
    kind: "named",
    name: "First draft",
    authorIds: [],
    status: "draft",
    restoredFrom: null,
    body,
    bodyHash: bodyHashOf(body),
    ...rest,
  };
}

/** Versions of a recommendation's body (issue 18), a thread's suggestion and the brief's suggesting setting. */
export function defineVersionContract(harness: ContractHarness): void {
  describe("versions", () => {
    it("stores a version with its body and lists summaries newest first", async () => {
      const store = await harness.open();
      const { ada, bob, rec, other } = await world(store);
      const first = await store.createVersion(newVersion(rec, { authorIds: [ada.id] }), 500);
      expect(first).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: rec.briefId,
        recommendationId: rec.id,
        kind: "named",
        name: "First draft",
        authorIds: [ada.id],
        status: "draft",
        createdAt: expect.stringMatching(ISO_PATTERN),
        restoredFrom: null,
        bodyHash: bodyHashOf(bodyOf("Price carbon at 100 EUR/t.")),
      });
      const second = await store.createVersion(
        newVersion(rec, {
          kind: "transition",
          name: "Submitted for review",
          status: "in_review",
          authorIds: [ada.id, bob.id],
          text: "Price carbon at 120 EUR/t.",
        }),
        500,
      );
      const restored = await store.createVersion(
        newVersion(rec, { kind: "restore", name: "Restored “First draft”", restoredFrom: first.id }),
        500,
      );
      await store.createVersion(newVersion(other, { name: "Elsewhere" }), 500);

      expect(second.createdAt > first.createdAt).toBe(true);
      expect(await store.listVersions(rec.id)).toEqual([restored, second, first]);
      expect(await store.getVersion(second.id)).toEqual({ ...second, body: bodyOf("Price carbon at 120 EUR/t.") });
      expect(await store.getVersion("no-such-version")).toBeNull();
      expect(await store.listVersions("no-such-recommendation")).toEqual([]);
      expect(restored.restoredFrom).toBe(first.id);
    });

    it("answers the newest version, or the newest at or before an instant", async () => {
      const store = await harness.open();
      const { rec, other } = await world(store);
      expect(await store.latestVersion(rec.id)).toBeNull();
      const first = await store.createVersion(newVersion(rec), 500);
      const second = await store.createVersion(newVersion(rec, { name: "Second" }), 500);
      await store.createVersion(newVersion(other), 500);
      expect(await store.latestVersion(rec.id)).toEqual(second);
      expect(await store.latestVersion(rec.id, second.createdAt)).toEqual(second);
      expect(await store.latestVersion(rec.id, first.createdAt)).toEqual(first);
      expect(await store.latestVersion(rec.id, "2000-01-01T00:00:00.000Z")).toBeNull();
    });

    it("past the bound, prunes the oldest automatic versions first, then the oldest others, never the new one", async () => {
      const store = await harness.open();
      const { rec, other } = await world(store);
      const named1 = await store.createVersion(newVersion(rec, { name: "n1" }), 4);
      const auto1 = await store.createVersion(newVersion(rec, { kind: "auto", name: "Edited" }), 4);
      const named2 = await store.createVersion(newVersion(rec, { name: "n2" }), 4);
      const auto2 = await store.createVersion(newVersion(rec, { kind: "auto", name: "Edited" }), 4);
      const keptElsewhere = await store.createVersion(newVersion(other, { kind: "auto", name: "Edited" }), 1);
      expect(await store.listVersions(rec.id)).toEqual([auto2, named2, auto1, named1]);

      const named3 = await store.createVersion(newVersion(rec, { name: "n3" }), 4);
      expect(await store.listVersions(rec.id)).toEqual([named3, auto2, named2, named1]);
      const named4 = await store.createVersion(newVersion(rec, { name: "n4" }), 4);
      expect(await store.listVersions(rec.id)).toEqual([named4, named3, named2, named1]);
      // Only named ones left: the oldest goes; a new automatic one is kept even though it is automatic.
      const auto3 = await store.createVersion(newVersion(rec, { kind: "auto", name: "Edited" }), 4);
      expect(await store.listVersions(rec.id)).toEqual([auto3, named4, named3, named2]);
      // A lowered bound prunes down to it in one save.
      const named5 = await store.createVersion(newVersion(rec, { name: "n5" }), 2);
      expect(await store.listVersions(rec.id)).toEqual([named5, named4]);
      expect(await store.getVersion(named1.id)).toBeNull();
      expect(await store.listVersions(other.id)).toEqual([keptElsewhere]);
    });

    it("goes with its recommendation", async () => {
      const store = await harness.open();
      const { rec, other } = await world(store);
      const gone = await store.createVersion(newVersion(rec), 500);
      const kept = await store.createVersion(newVersion(other), 500);
      expect(await store.deleteRecommendation(rec.id)).toBe(true);
      expect(await store.getVersion(gone.id)).toBeNull();
      expect(await store.listVersions(rec.id)).toEqual([]);
      expect(await store.listVersions(other.id)).toEqual([kept]);
    });

    it("answers when a member last reviewed: their newest status change or comment on the recommendation", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec, other } = await world(store);
      expect(await store.lastReviewActionAt(rec.id, bob.id)).toBeNull();
      const transition = await store.addActivity({
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: bob.id,
        type: "status.changed",
        data: { from: "in_review", to: "changes_requested", note: null },
      });
      // Not review actions of Bob on rec: another type, another actor, another recommendation.
      await store.addActivity({
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: bob.id,
        type: "thread.resolved",
        data: {},
      });
      await store.addActivity({
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: ada.id,
        type: "status.changed",
        data: { from: "changes_requested", to: "in_review", note: null },
      });
      await store.createThread({
        briefId: brief.id,
        recommendationId: other.id,
        anchor: ANCHOR,
        quote: "grids",
        createdBy: bob.id,
        firstComment: { body: "Elsewhere.", mentions: [] },
      });
      expect(await store.lastReviewActionAt(rec.id, bob.id)).toBe(transition.createdAt);

      const { thread, comment: opening } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "carbon",
        createdBy: bob.id,
        firstComment: { body: "Which price?", mentions: [] },
      });
      expect(await store.lastReviewActionAt(rec.id, bob.id)).toBe(opening.createdAt);
      const reply = await store.createComment({
        threadId: thread.id,
        authorId: bob.id,
        body: "And when?",
        mentions: [],
      });
      await store.createComment({ threadId: thread.id, authorId: ada.id, body: "2030.", mentions: [] });
      expect(await store.lastReviewActionAt(rec.id, bob.id)).toBe(reply!.createdAt);
      expect(await store.lastReviewActionAt(other.id, ada.id)).toBeNull();
    });
  });

  describe("suggestions and suggesting mode (issue 18)", () => {
    it("keeps the suggestion a thread replies to", async () => {
      const store = await harness.open();
      const { bob, brief, rec } = await world(store);
      const { thread } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "120",
        createdBy: bob.id,
        firstComment: { body: "Why 120?", mentions: [] },
        suggestionId: "sugg_0123456789",
      });
      expect(thread.suggestionId).toBe("sugg_0123456789");
      expect(await store.getThread(thread.id)).toEqual(thread);
      expect(await store.listThreads(brief.id, { recommendationId: rec.id })).toEqual([thread]);
    });

    it("a brief suggests edits in review until its lead turns it off", async () => {
      const store = await harness.open();
      const { ada, brief } = await world(store);
      expect(brief.suggestEditsInReview).toBe(true);
      const off = await store.updateBrief(brief.id, { suggestEditsInReview: false });
      expect(off).toEqual({ ...brief, suggestEditsInReview: false, updatedAt: expect.stringMatching(ISO_PATTERN) });
      expect(await store.getBrief(brief.id)).toEqual(off);
      expect(await store.listBriefsForUser(ada.id)).toEqual([{ ...off, role: "lead" }]);
      // A patch that does not name it leaves it as it is.
      expect(await store.updateBrief(brief.id, { title: "Steel" })).toMatchObject({ suggestEditsInReview: false });
      expect(await store.updateBrief(brief.id, { suggestEditsInReview: true })).toMatchObject({
        suggestEditsInReview: true,
        title: "Steel",
      });
    });
  });
}
