import { Router, type Request, type Response } from "express";
import { listActivityQuerySchema } from "@accord/domain";
import type { CommandContext } from "../../commands/context.js";
import { authorize, loadBriefAccess } from "../access.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { presentActivity } from "./present.js";

/** The brief's activity feed, newest first. */
export function activityRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  // Not among the per-user bounded reads (http/limits.ts): a page holds at most 200 entries,
  // and the client refetches it on every activity.created, which a busy brief sends often.
  router.get("/briefs/:briefId/activity", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    const query = parse(listActivityQuerySchema, req.query);
    const entries = await store.listActivity(access.brief.id, query);
    res.json({ activity: await presentActivity(store, access.brief.id, entries) });
  });

  return router;
}
