import { Router, type Request, type Response } from "express";
import {
  commentAbilities,
  createCommentSchema,
  createThreadSchema,
  updateCommentSchema,
  updateThreadSchema,
  type Comment,
  type Recommendation,
  type Thread,
} from "@accord/domain";
import { addComment } from "../../commands/addComment.js";
import type { CommandContext } from "../../commands/context.js";
import { createThread } from "../../commands/createThread.js";
import { deleteComment } from "../../commands/deleteComment.js";
import { editComment } from "../../commands/editComment.js";
import { setThreadStatus } from "../../commands/setThreadStatus.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import type { AnchorCache } from "../../threads/AnchorCache.js";
import { compareThreads } from "../../threads/order.js";
import { authorize, loadBriefAccess, loadRecommendation, type BriefAccess } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { loadNames } from "../names.js";
import { parse } from "../validate.js";
import { presentComment, presentThread, type Viewer } from "./present.js";

type RecParams = { briefId: string; recId: string };
type ThreadParams = RecParams & { threadId: string };
type CommentParams = ThreadParams & { commentId: string };

const BASE = "/briefs/:briefId/recommendations/:recId/threads";

export interface ThreadsRouterOptions {
  /** Where anchors are, per document until it changes (K1–K3). */
  anchors: AnchorCache;
  /** The per-user bound on expensive reads; listing threads resolves every anchor. */
  expensive: ExpensiveRequests;
}

/** Review threads on a recommendation's text (rules in server/src/threads/SPEC.md). */
export function threadsRouter(ctx: CommandContext, { anchors, expensive }: ThreadsRouterOptions): Router {
  const router = Router();
  const { store } = ctx;

  async function load(req: Request<RecParams>, res: Response) {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    const recommendation = await loadRecommendation(store, access, req.params.recId);
    return { access, recommendation };
  }

  async function loadThread(recommendation: Recommendation, threadId: string): Promise<Thread> {
    const thread = await store.getThread(threadId);
    if (!thread || thread.recommendationId !== recommendation.id) throw new NotFoundError("thread");
    return thread;
  }

  async function loadComment(thread: Thread, commentId: string): Promise<Comment> {
    const comment = await store.getComment(commentId);
    if (!comment || comment.threadId !== thread.id) throw new NotFoundError("comment");
    return comment;
  }

  async function viewerOf(res: Response, access: BriefAccess, userIds: Iterable<string>): Promise<Viewer> {
    return {
      userId: currentUser(res).id,
      role: access.membership.role,
      nameOf: await loadNames(store, access.brief.id, userIds),
    };
  }

  /** Threads with their comments and where their ranges are in the body now. */
  async function presentAll(res: Response, access: BriefAccess, recommendation: Recommendation, threads: Thread[]) {
    const comments = await store.listComments(threads.map((t) => t.id));
    const byThread = new Map<string, Comment[]>();
    for (const comment of comments) {
      const list = byThread.get(comment.threadId);
      if (list) list.push(comment);
      else byThread.set(comment.threadId, [comment]);
    }
    const viewer = await viewerOf(
      res,
      access,
      comments.map((c) => c.authorId),
    );
    // From the room's own document or the cache, never a fresh copy per request (K1, K2).
    const resolved = await anchors.resolve(
      recommendation.id,
      threads.map(({ anchor, quote }) => ({ anchor, quote })),
    );
    return threads
      .map((thread, i) => ({ thread, anchor: resolved[i]! }))
      .sort(compareThreads)
      .map(({ thread, anchor }) => presentThread(thread, anchor, byThread.get(thread.id) ?? [], viewer));
  }

  router.get(
    BASE,
    expensive.limit(async (req: Request<RecParams>, res: Response) => {
      const { access, recommendation } = await load(req, res);
      authorize(access, "brief.read");
      const threads = await store.listThreads(access.brief.id, { recommendationId: recommendation.id });
      res.json({ threads: await presentAll(res, access, recommendation, threads) });
    }),
  );

  // Creating resolves the new anchor in the whole body too (A5): the same per-user bound.
  router.post(
    BASE,
    expensive.limit(async (req: Request<RecParams>, res: Response) => {
      const { access, recommendation } = await load(req, res);
      authorize(access, "thread.create");
      const input = parse(createThreadSchema, req.body);
      const { thread, comment, anchorState } = await createThread(ctx, currentUser(res), recommendation, input);
      const viewer = await viewerOf(res, access, [comment.authorId]);
      res.status(201).json({ thread: presentThread(thread, anchorState, [comment], viewer) });
    }),
  );

  router.patch(`${BASE}/:threadId`, async (req: Request<ThreadParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    authorize(access, "comment.create");
    const thread = await loadThread(recommendation, req.params.threadId);
    const { status } = parse(updateThreadSchema, req.body);
    const updated = await setThreadStatus(ctx, currentUser(res), thread, status);
    const [presented] = await presentAll(res, access, recommendation, [updated]);
    res.json({ thread: presented });
  });

  router.post(`${BASE}/:threadId/comments`, async (req: Request<ThreadParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    authorize(access, "comment.create");
    const thread = await loadThread(recommendation, req.params.threadId);
    const { body } = parse(createCommentSchema, req.body);
    const comment = await addComment(ctx, currentUser(res), thread, body);
    res.status(201).json({ comment: presentComment(comment, await viewerOf(res, access, [comment.authorId])) });
  });

  router.patch(`${BASE}/:threadId/comments/:commentId`, async (req: Request<CommentParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    authorize(access, "comment.create");
    const thread = await loadThread(recommendation, req.params.threadId);
    const current = await loadComment(thread, req.params.commentId);
    if (!commentAbilities(currentUser(res).id, access.membership.role, current).edit) {
      throw new ForbiddenError("Only the author can edit a comment.");
    }
    const { body } = parse(updateCommentSchema, req.body);
    const comment = await editComment(ctx, currentUser(res), thread, current, body);
    res.json({ comment: presentComment(comment, await viewerOf(res, access, [comment.authorId])) });
  });

  router.delete(`${BASE}/:threadId/comments/:commentId`, async (req: Request<CommentParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    authorize(access, "comment.create");
    const thread = await loadThread(recommendation, req.params.threadId);
    const comment = await loadComment(thread, req.params.commentId);
    if (!commentAbilities(currentUser(res).id, access.membership.role, comment).delete) {
      throw new ForbiddenError("Only the author can delete a comment.");
    }
    await deleteComment(ctx, thread, comment);
    res.status(204).end();
  });

  return router;
}
