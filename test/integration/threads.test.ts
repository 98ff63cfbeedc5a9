import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "@accord/protocol";
import { buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { useServer } from "../helpers/startServer.js";
import { anchorOn, openEditor, paragraphText, reviewTeam, writeBody } from "./reviewSupport.js";

/**
 * Review threads through the real server: REST, real Yjs clients on the document socket,
 * socket.io. Rule names refer to server/src/threads/SPEC.md.
 */
describe("review threads", () => {
  const server = useServer();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  async function listen(client: ApiClient, briefId: string | null) {
    const socket = await connectEvents(client);
    sockets.push(socket);
    const seen: Array<[string, any]> = [];
    socket.onAny((name: string, event: unknown) => seen.push([name, event]));
    if (briefId) expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId })).toEqual({ ok: true });
    return { socket, seen };
  }

  /** A team whose recommendation says "alpha beta gamma delta", and a thread on "beta gamma". */
  async function threadOnBetaGamma() {
    const team = await reviewTeam(server());
    const writer = await writeBody(server(), team.editor, team.rec.id, "alpha beta gamma delta");
    const anchor = anchorOn(paragraphText(writer), 6, 16);
    const created = await team.reviewer.post(`${team.base}/threads`, {
      anchor,
      quote: "beta gamma",
      body: "Which source says this?",
    });
    expect(created.status).toBe(201);
    return { ...team, writer, anchor, thread: created.body.thread };
  }

  it("[A2][A3] a range follows concurrent edits: inserts inside count, inserts just outside do not; deleting it detaches", async () => {
    const { lead, reviewer, editor, base, rec, writer, thread } = await threadOnBetaGamma();
    expect(thread).toMatchObject({
      quote: "beta gamma",
      status: "open",
      anchorState: { state: "attached", text: "beta gamma" },
      abilities: { comment: true, resolve: true },
    });

    // Two clients edit at once: neither has seen the other's change when it makes its own.
    const other = await openEditor(server(), lead, rec.id);
    const mine = paragraphText(writer);
    const theirs = paragraphText(other);
    mine.insert(6, "ZZZ "); // right before "beta"
    mine.insert(20, " YYY"); // right after "gamma"
    theirs.insert(11, "NEW "); // inside, between "beta " and "gamma"
    const expected = "alpha ZZZ beta NEW gamma YYY delta";
    await eventually(() => expect([mine.toString(), theirs.toString()]).toEqual([expected, expected]));

    await eventually(async () => {
      const listed = await reviewer.get(`${base}/threads`);
      expect(listed.body.threads.map((t: any) => t.anchorState)).toEqual([
        { state: "attached", text: "beta NEW gamma" },
      ]);
    });

    const start = mine.toString().indexOf("beta");
    theirs.delete(start, "beta NEW gamma".length);
    await eventually(async () => {
      const listed = await editor.get(`${base}/threads`);
      expect(listed.body.threads.map((t: any) => [t.anchorState, t.quote])).toEqual([
        [{ state: "detached" }, "beta gamma"],
      ]);
    });
    expect(mine.toString()).toBe("alpha ZZZ  YYY delta");
  });

  it("[A5] refuses an anchor that does not point at text of this body (400 on anchor); [A6] lists by position in the text", async () => {
    const { lead, reviewer, base, writer, anchor } = await threadOnBetaGamma();
    const text = paragraphText(writer);
    const foreign = {
      from: { item: { client: 424242, clock: 0 }, assoc: 0 },
      to: { item: { client: 424242, clock: 3 }, assoc: -1 },
    };
    for (const bad of [foreign, { from: anchor.to, to: anchor.from }, { from: { item: "x" }, to: anchor.to }]) {
      const res = await reviewer.post(`${base}/threads`, { anchor: bad, quote: "beta gamma", body: "?" });
      expect([res.status, res.body.error.field]).toEqual([400, "anchor"]);
    }
    const cases: Array<[unknown, string]> = [
      [{ anchor, quote: "", body: "x" }, "quote"],
      [{ anchor, quote: "q", body: "   " }, "body"],
      [{ anchor: { from: anchor.from }, quote: "q", body: "x" }, "anchor.to"],
    ];
    for (const [body, field] of cases) {
      const res = await reviewer.post(`${base}/threads`, body);
      expect([res.status, res.body.error.field]).toEqual([400, field]);
    }

    // A later thread on earlier text is listed first.
    const onAlpha = await lead.post(`${base}/threads`, {
      anchor: anchorOn(text, 0, 5),
      quote: "alpha",
      body: "Define it.",
    });
    expect(onAlpha.status).toBe(201);
    const listed = await reviewer.get(`${base}/threads`);
    expect(listed.body.threads.map((t: any) => t.quote)).toEqual(["alpha", "beta gamma"]);
  });

  it("[T1][T2] only a comment's author edits or deletes it; anyone who comments resolves and reopens; a viewer is refused everywhere", async () => {
    const { lead, editor, reviewer, viewer, base, thread } = await threadOnBetaGamma();
    const threadPath = `${base}/threads/${thread.id}`;
    const first = thread.comments[0];
    expect(first).toMatchObject({
      authorName: "Rita Reviewer",
      body: "Which source says this?",
      editedAt: null,
      abilities: { edit: true, delete: true },
    });

    const reply = await editor.post(`${threadPath}/comments`, { body: "Table 3 of the report." });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toMatchObject({
      authorId: editor.user!.id,
      authorName: "Ed Editor",
      body: "Table 3 of the report.",
      mentions: [],
      editedAt: null,
    });
    const replyPath = `${threadPath}/comments/${reply.body.comment.id}`;

    expect((await reviewer.patch(replyPath, { body: "Hijacked." })).status).toBe(403);
    expect((await lead.delete(replyPath)).status).toBe(403);
    const edited = await editor.patch(replyPath, { body: "Table 3, page 12." });
    expect(edited.status).toBe(200);
    expect(edited.body.comment).toMatchObject({ body: "Table 3, page 12.", editedAt: expect.any(String) });
    expect((await editor.patch(replyPath, { body: "" })).body.error.field).toBe("body");

    const resolved = await editor.patch(threadPath, { status: "resolved" });
    expect(resolved.body.thread).toMatchObject({
      status: "resolved",
      resolvedBy: editor.user!.id,
      resolvedAt: expect.any(String),
    });
    const reopened = await reviewer.patch(threadPath, { status: "open" });
    expect(reopened.body.thread).toMatchObject({ status: "open", resolvedBy: null, resolvedAt: null });
    expect((await reviewer.patch(threadPath, { status: "closed" })).body.error.field).toBe("status");

    const refused = await Promise.all([
      viewer.post(`${base}/threads`, { anchor: thread.anchor, quote: "beta gamma", body: "Me too" }),
      viewer.post(`${threadPath}/comments`, { body: "Me too" }),
      viewer.patch(threadPath, { status: "resolved" }),
      viewer.patch(replyPath, { body: "x" }),
      viewer.delete(replyPath),
    ]);
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    const seenByViewer = await viewer.get(`${base}/threads`);
    expect(seenByViewer.body.threads[0].abilities).toEqual({ comment: false, resolve: false });
    expect(seenByViewer.body.threads[0].comments.map((c: any) => [c.body, c.abilities])).toEqual([
      ["Which source says this?", { edit: false, delete: false }],
      ["Table 3, page 12.", { edit: false, delete: false }],
    ]);

    const activity = await lead.get(
      `/api/briefs/${thread.briefId}/activity?recommendationId=${thread.recommendationId}`,
    );
    expect(activity.body.activity.map((a: any) => [a.type, a.actor.name])).toEqual([
      ["thread.reopened", "Rita Reviewer"],
      ["thread.resolved", "Ed Editor"],
      ["comment.created", "Ed Editor"],
      ["thread.created", "Rita Reviewer"],
      ["recommendation.created", "Lena Lead"],
    ]);
    expect(activity.body.activity[0]).toMatchObject({
      recommendationId: thread.recommendationId,
      recommendationTitle: "Build cross-border grid links",
      data: { threadId: thread.id, quote: "beta gamma" },
    });
  });

  it("[T3] deleting the first comment keeps the thread; deleting the last deletes the thread", async () => {
    const { editor, reviewer, base, thread } = await threadOnBetaGamma();
    const threadPath = `${base}/threads/${thread.id}`;
    const reply = await editor.post(`${threadPath}/comments`, { body: "Answered." });
    expect((await reviewer.delete(`${threadPath}/comments/${thread.comments[0].id}`)).status).toBe(204);
    const after = await reviewer.get(`${base}/threads`);
    expect(after.body.threads.map((t: any) => [t.quote, t.comments.map((c: any) => c.body)])).toEqual([
      ["beta gamma", ["Answered."]],
    ]);
    expect((await editor.delete(`${threadPath}/comments/${reply.body.comment.id}`)).status).toBe(204);
    expect((await reviewer.get(`${base}/threads`)).body.threads).toEqual([]);
    expect((await editor.post(`${threadPath}/comments`, { body: "Late." })).status).toBe(404);
  });

  it("[N1][T5] members in the brief hear about comments, a non-member hears nothing, and only the member named hears the mention", async () => {
    const team = await reviewTeam(server());
    const { lead, editor, reviewer, brief, rec, base } = team;
    const writer = await writeBody(server(), editor, rec.id, "alpha beta gamma delta");
    const outsider = await buildUser(server().url, "Oscar Outsider");
    const reviewerEvents = await listen(reviewer, brief.id);
    const editorEvents = await listen(editor, brief.id);
    const outsiderEvents = await listen(outsider, null);
    expect(await emitWithAck(outsiderEvents.socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({
      error: { code: "not_found", message: "No such brief." },
    });

    const created = await lead.post(`${base}/threads`, {
      anchor: anchorOn(paragraphText(writer), 6, 16),
      quote: "beta gamma",
      body: "@Rita Reviewer, is this sourced?",
    });
    expect(created.body.thread.comments[0].mentions).toEqual([reviewer.user!.id]);
    const threadId = created.body.thread.id;
    const reply = await lead.post(`${base}/threads/${threadId}/comments`, { body: "Also see page 4." });
    const review = { briefId: brief.id, recommendationId: rec.id, threadId };

    await eventually(() =>
      expect(
        reviewerEvents.seen.filter(
          ([name]) => name.startsWith("comment.") || name.startsWith("mention.") || name.startsWith("thread."),
        ),
      ).toEqual([
        [
          ServerEvent.ThreadCreated,
          { type: "thread.created", ...review, commentId: created.body.thread.comments[0].id },
        ],
        [
          ServerEvent.MentionCreated,
          {
            type: "mention.created",
            ...review,
            commentId: created.body.thread.comments[0].id,
            by: { userId: lead.user!.id, name: "Lena Lead" },
          },
        ],
        [ServerEvent.CommentCreated, { type: "comment.created", ...review, commentId: reply.body.comment.id }],
      ]),
    );
    // Events reach one socket in the order they were sent: once the editor has the comment
    // (sent after the mention), a mention meant for it would have arrived already.
    await eventually(() => expect(editorEvents.seen.some(([name]) => name === ServerEvent.CommentCreated)).toBe(true));
    expect(editorEvents.seen.map(([name]) => name)).not.toContain(ServerEvent.MentionCreated);
    // A round trip on the outsider's socket: anything sent to it before is delivered by now.
    await emitWithAck(outsiderEvents.socket, ClientEvent.BriefJoin, { briefId: brief.id });
    expect(outsiderEvents.seen).toEqual([]);

    const activity = await reviewer.get(`/api/briefs/${brief.id}/activity?limit=3`);
    expect(activity.body.activity.map((a: any) => [a.type, a.data])).toEqual([
      ["comment.created", { threadId, commentId: reply.body.comment.id }],
      ["mention.created", { threadId, commentId: created.body.thread.comments[0].id, userId: reviewer.user!.id }],
      ["thread.created", { threadId, quote: "beta gamma" }],
    ]);
  });
});
