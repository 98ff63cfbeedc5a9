import { Router, type Request, type Response } from "express";
import { listActivityQuerySchema } from "@accord/domain";
import type { CommandContext } from "../../commands/context.js";
import { authorize, loadBriefAccess } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { presentActivity } from "./present.js";

/** The brief's activity feed, newest first. */
export function activityRouter(ctx: CommandContext, expensive: ExpensiveRequests): Router {
  const router = Router();
  const { store } = ctx;

  // Bounded per user with the other expensive reads (http/limits.ts).
  router.get(
    "/briefs/:briefId/activity",
    expensive.limit(async (req: Request<{ briefId: string }>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      const query = parse(listActivityQuerySchema, req.query);
      const entries = await store.listActivity(access.brief.id, query);
      res.json({ activity: await presentActivity(store, access.brief.id, entries) });
    }),
  );

  return router;
}
