import { Router, type Request, type Response } from "express";
import { briefAbilities, createBriefSchema, updateBriefSchema } from "@accord/domain";
import { createBrief } from "../../commands/createBrief.js";
import { updateBrief } from "../../commands/updateBrief.js";
import type { CommandContext } from "../../commands/context.js";
import { authorize, loadBriefAccess } from "../access.js";
import { checkCitationStyleChoice } from "../citationStyles/router.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";

export function briefsRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/briefs", async (_req: Request, res: Response) => {
    const briefs = await store.listBriefsForUser(currentUser(res).id);
    res.json({
      briefs: briefs.map(({ id, title, description, role, updatedAt }) => ({
        id,
        title,
        description,
        role,
        updatedAt,
      })),
    });
  });

  router.post("/briefs", async (req: Request, res: Response) => {
    const input = parse(createBriefSchema, req.body);
    const brief = await createBrief(store, currentUser(res), input);
    res.status(201).json({ brief, role: "lead", abilities: briefAbilities("lead") });
  });

  router.get("/briefs/:briefId", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    const role = access.membership.role;
    res.json({ brief: access.brief, role, abilities: briefAbilities(role) });
  });

  router.patch("/briefs/:briefId", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.update");
    const patch = parse(updateBriefSchema, req.body);
    if (patch.citationStyle !== undefined) await checkCitationStyleChoice(store, access.brief.id, patch.citationStyle);
    const brief = await updateBrief(ctx, access.brief.id, patch);
    res.json({ brief });
  });

  return router;
}
