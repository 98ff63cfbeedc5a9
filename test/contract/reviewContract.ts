import { describe, expect, it } from "vitest";
import type { Store } from "../../server/src/store/Store.js";
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

/** Threads, comments and activity (server/src/threads/SPEC.md). */
export function defineReviewContract(harness: ContractHarness): void {
  describe("review threads and comments", () => {
    it("creates an open thread with its first comment and reads both back", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec } = await world(store);
      const { thread, comment } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "beta gamma",
        createdBy: bob.id,
        firstComment: { body: "Source? @Ada", mentions: [ada.id] },
      });
      expect(thread).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "beta gamma",
        status: "open",
        createdBy: bob.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
        updatedAt: thread.createdAt,
        resolvedBy: null,
        resolvedAt: null,
        suggestionId: null,
      });
      expect(comment).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        threadId: thread.id,
        authorId: bob.id,
        body: "Source? @Ada",
        mentions: [ada.id],
        createdAt: thread.createdAt,
        editedAt: null,
      });
      expect(await store.getThread(thread.id)).toEqual(thread);
      expect(await store.getComment(comment.id)).toEqual(comment);
      expect(await store.listComments([thread.id])).toEqual([comment]);
      expect(await store.getThread("no-such-thread")).toBeNull();
      expect(await store.getComment("no-such-comment")).toBeNull();
      expect(await store.listComments([])).toEqual([]);
    });

    it("lists threads oldest first, by brief, recommendation and status", async () => {
      const store = await harness.open();
      const { ada, brief, rec, other } = await world(store);
      const make = (recommendationId: string, quote: string) =>
        store.createThread({
          briefId: brief.id,
          recommendationId,
          anchor: ANCHOR,
          quote,
          createdBy: ada.id,
          firstComment: { body: quote, mentions: [] },
        });
      const a = (await make(rec.id, "a")).thread;
      const b = (await make(other.id, "b")).thread;
      const c = (await make(rec.id, "c")).thread;
      const resolvedC = await store.setThreadStatus(c.id, "resolved", ada.id);

      expect((await store.listThreads(brief.id)).map((t) => t.quote)).toEqual(["a", "b", "c"]);
      expect((await store.listThreads(brief.id, { recommendationId: rec.id })).map((t) => t.quote)).toEqual(["a", "c"]);
      expect(await store.listThreads(brief.id, { status: "open" })).toEqual([a, b]);
      expect(await store.listThreads(brief.id, { recommendationId: rec.id, status: "resolved" })).toEqual([resolvedC]);
      expect(await store.listThreads("no-such-brief")).toEqual([]);
    });

    it("resolves with who and when, reopens clearing both, and setting the same status changes nothing", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec } = await world(store);
      const { thread } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "q",
        createdBy: ada.id,
        firstComment: { body: "x", mentions: [] },
      });
      const resolved = await store.setThreadStatus(thread.id, "resolved", bob.id);
      expect(resolved).toEqual({
        ...thread,
        status: "resolved",
        resolvedBy: bob.id,
        resolvedAt: resolved!.updatedAt,
        updatedAt: expect.stringMatching(ISO_PATTERN),
      });
      expect(resolved!.updatedAt > thread.updatedAt).toBe(true);
      expect(await store.setThreadStatus(thread.id, "resolved", ada.id)).toEqual(resolved);
      const reopened = await store.setThreadStatus(thread.id, "open", ada.id);
      expect(reopened).toEqual({ ...thread, updatedAt: reopened!.updatedAt });
      expect(reopened!.updatedAt > resolved!.updatedAt).toBe(true);
      expect(await store.getThread(thread.id)).toEqual(reopened);
      expect(await store.setThreadStatus("no-such-thread", "resolved", ada.id)).toBeNull();
    });

    it("appends, edits and lists comments oldest first; a comment on a missing thread is refused", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec } = await world(store);
      const { thread, comment: first } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "q",
        createdBy: ada.id,
        firstComment: { body: "one", mentions: [] },
      });
      const second = await store.createComment({ threadId: thread.id, authorId: bob.id, body: "two", mentions: [] });
      expect(second).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        threadId: thread.id,
        authorId: bob.id,
        body: "two",
        mentions: [],
        createdAt: expect.stringMatching(ISO_PATTERN),
        editedAt: null,
      });
      expect((await store.getThread(thread.id))!.updatedAt).toBe(second!.createdAt);

      const edited = await store.updateComment(first.id, { body: "one, @Bob", mentions: [bob.id] });
      expect(edited).toEqual({
        ...first,
        body: "one, @Bob",
        mentions: [bob.id],
        editedAt: expect.stringMatching(ISO_PATTERN),
      });
      expect(edited!.editedAt! > second!.createdAt).toBe(true);
      expect(await store.listComments([thread.id])).toEqual([edited, second]);
      expect(await store.updateComment("no-such-comment", { body: "x", mentions: [] })).toBeNull();
      expect(
        await store.createComment({ threadId: "no-such-thread", authorId: bob.id, body: "x", mentions: [] }),
      ).toBeNull();
    });

    it("[T3] deleting a comment keeps its thread while others remain; deleting the last deletes the thread", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec } = await world(store);
      const { thread, comment: first } = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "q",
        createdBy: ada.id,
        firstComment: { body: "one", mentions: [] },
      });
      const second = await store.createComment({ threadId: thread.id, authorId: bob.id, body: "two", mentions: [] });

      expect(await store.deleteComment(first.id)).toEqual({ deleted: true, threadDeleted: false });
      expect(await store.getComment(first.id)).toBeNull();
      expect((await store.getThread(thread.id))?.quote).toBe("q");
      expect(await store.listComments([thread.id])).toEqual([second]);
      expect(await store.deleteComment(first.id)).toEqual({ deleted: false, threadDeleted: false });

      expect(await store.deleteComment(second!.id)).toEqual({ deleted: true, threadDeleted: true });
      expect(await store.getThread(thread.id)).toBeNull();
      expect(await store.listThreads(brief.id)).toEqual([]);
    });
  });

  describe("activity", () => {
    it("lists a brief's activity newest first, per recommendation, with a limit", async () => {
      const store = await harness.open();
      const { ada, bob, brief, rec, other } = await world(store);
      const first = await store.addActivity({
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: ada.id,
        type: "recommendation.created",
        data: {},
      });
      expect(first).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: ada.id,
        type: "recommendation.created",
        data: {},
        createdAt: expect.stringMatching(ISO_PATTERN),
      });
      const second = await store.addActivity({
        briefId: brief.id,
        recommendationId: other.id,
        actorId: bob.id,
        type: "status.changed",
        data: { from: "draft", to: "in_review", note: "Ready" },
      });
      const third = await store.addActivity({
        briefId: brief.id,
        recommendationId: null,
        actorId: bob.id,
        type: "comment.created",
        data: { threadId: "t" },
      });

      expect(await store.listActivity(brief.id, { limit: 10 })).toEqual([third, second, first]);
      expect(await store.listActivity(brief.id, { limit: 2 })).toEqual([third, second]);
      expect(await store.listActivity(brief.id, { recommendationId: other.id, limit: 10 })).toEqual([second]);
      expect(await store.listActivity("no-such-brief", { limit: 10 })).toEqual([]);
    });
  });

  describe("deleting a recommendation", () => {
    it("deletes its threads, comments and activity, and only its own", async () => {
      const store = await harness.open();
      const { ada, brief, rec, other } = await world(store);
      const gone = await store.createThread({
        briefId: brief.id,
        recommendationId: rec.id,
        anchor: ANCHOR,
        quote: "gone",
        createdBy: ada.id,
        firstComment: { body: "x", mentions: [] },
      });
      const kept = await store.createThread({
        briefId: brief.id,
        recommendationId: other.id,
        anchor: ANCHOR,
        quote: "kept",
        createdBy: ada.id,
        firstComment: { body: "y", mentions: [] },
      });
      await store.addActivity({
        briefId: brief.id,
        recommendationId: rec.id,
        actorId: ada.id,
        type: "thread.created",
        data: {},
      });
      const keptActivity = await store.addActivity({
        briefId: brief.id,
        recommendationId: other.id,
        actorId: ada.id,
        type: "thread.created",
        data: {},
      });

      expect(await store.deleteRecommendation(rec.id)).toBe(true);
      expect(await store.getThread(gone.thread.id)).toBeNull();
      expect(await store.getComment(gone.comment.id)).toBeNull();
      expect(await store.listThreads(brief.id)).toEqual([kept.thread]);
      expect(await store.listComments([gone.thread.id, kept.thread.id])).toEqual([kept.comment]);
      expect(await store.listActivity(brief.id, { limit: 10 })).toEqual([keptActivity]);
    });
  });
}
