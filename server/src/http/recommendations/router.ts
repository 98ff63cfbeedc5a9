import { Router, type Request, type Response } from "express";
import { z } from "zod";
import {
  createRecommendationSchema,
  listRecommendationsQuerySchema,
  transitionSchema,
  updateRecommendationSchema,
} from "@accord/domain";
import type { CommandContext } from "../../commands/context.js";
import {
  changeStatus,
  createRecommendation,
  deleteRecommendation,
  updateRecommendation,
} from "../../commands/recommendations.js";
import { authorize, loadBriefAccess, loadRecommendation } from "../access.js";
import { currentUser } from "../middleware.js";
import { presentRecommendation } from "../present.js";
import { parse } from "../validate.js";

/**
 * A transition, and for approval the lead's confirmation that figures disagreeing with their
 * evidence may stand (issue 19: without it, open mismatches answer 409 `open_mismatches`).
 */
const transitionRequestSchema = transitionSchema.extend({ confirmMismatches: z.boolean().optional() });

type RecParams = { briefId: string; recId: string };

export function recommendationsRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  async function load(req: Request<RecParams>, res: Response) {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    const recommendation = await loadRecommendation(store, access, req.params.recId);
    return { access, recommendation, role: access.membership.role };
  }

  router.get("/briefs/:briefId/recommendations", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    const filter = parse(listRecommendationsQuerySchema, req.query);
    const recommendations = await store.listRecommendations(access.brief.id, filter);
    res.json({ recommendations: recommendations.map((r) => presentRecommendation(r, access.membership.role)) });
  });

  router.post("/briefs/:briefId/recommendations", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "recommendation.create");
    const input = parse(createRecommendationSchema, req.body);
    const recommendation = await createRecommendation(ctx, currentUser(res), access.brief.id, input);
    res.status(201).json({ recommendation: presentRecommendation(recommendation, access.membership.role) });
  });

  router.get("/briefs/:briefId/recommendations/:recId", async (req: Request<RecParams>, res: Response) => {
    const { access, recommendation, role } = await load(req, res);
    authorize(access, "brief.read");
    res.json({ recommendation: presentRecommendation(recommendation, role) });
  });

  router.patch("/briefs/:briefId/recommendations/:recId", async (req: Request<RecParams>, res: Response) => {
    const { access, recommendation, role } = await load(req, res);
    authorize(access, "recommendation.update");
    const patch = parse(updateRecommendationSchema, req.body);
    const updated = await updateRecommendation(ctx, currentUser(res), recommendation, patch);
    res.json({ recommendation: presentRecommendation(updated, role) });
  });

  router.delete("/briefs/:briefId/recommendations/:recId", async (req: Request<RecParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    authorize(access, "recommendation.delete");
    await deleteRecommendation(ctx, recommendation);
    res.status(204).end();
  });

  router.post("/briefs/:briefId/recommendations/:recId/transitions", async (req: Request<RecParams>, res: Response) => {
    const { recommendation, role } = await load(req, res);
    const change = parse(transitionRequestSchema, req.body);
    const updated = await changeStatus(ctx, currentUser(res), role, recommendation, change);
    res.json({ recommendation: presentRecommendation(updated, role) });
  });

  return router;
}
