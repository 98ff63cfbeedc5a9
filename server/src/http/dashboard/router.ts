import { Router, type Request, type Response } from "express";
import type { CommandContext } from "../../commands/context.js";
import { briefDashboard } from "./briefDashboard.js";
import { presentActivity } from "../activity/present.js";
import { authorize, loadBriefAccess } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";

const RECENT_ACTIVITY = 10;

/** Where the brief stands: per sector, recommendations by status, open threads, uncited ones. */
export function dashboardRouter(ctx: CommandContext, expensive: ExpensiveRequests): Router {
  const router = Router();
  const { store } = ctx;

  // Reads every recommendation and open thread of the brief: bounded per user (http/limits.ts).
  router.get(
    "/briefs/:briefId/dashboard",
    expensive.limit(async (req: Request<{ briefId: string }>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      const briefId = access.brief.id;
      const [sectors, recommendations, openThreads, recent, claimChecks] = await Promise.all([
        store.listSectors(briefId),
        store.listRecommendations(briefId),
        store.listThreads(briefId, { status: "open" }),
        store.listActivity(briefId, { limit: RECENT_ACTIVITY }),
        store.listClaimChecks(briefId),
      ]);
      res.json({
        ...briefDashboard(sectors, recommendations, openThreads, claimChecks),
        recentActivity: await presentActivity(store, briefId, recent),
      });
    }),
  );

  return router;
}
