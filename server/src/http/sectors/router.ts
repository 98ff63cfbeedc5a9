import { Router, type Request, type Response } from "express";
import { createSectorSchema, updateSectorSchema } from "@accord/domain";
import type { CommandContext } from "../../commands/context.js";
import { createSector, deleteSector, updateSector } from "../../commands/sectors.js";
import { authorize, loadBriefAccess } from "../access.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";

type SectorParams = { briefId: string; sectorId: string };

export function sectorsRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/briefs/:briefId/sectors", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    res.json({ sectors: await store.listSectors(access.brief.id) });
  });

  router.post("/briefs/:briefId/sectors", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "sector.manage");
    const input = parse(createSectorSchema, req.body);
    res.status(201).json({ sector: await createSector(ctx, currentUser(res), access.brief.id, input) });
  });

  router.patch("/briefs/:briefId/sectors/:sectorId", async (req: Request<SectorParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "sector.manage");
    const patch = parse(updateSectorSchema, req.body);
    res.json({ sector: await updateSector(ctx, currentUser(res), access.brief.id, req.params.sectorId, patch) });
  });

  router.delete("/briefs/:briefId/sectors/:sectorId", async (req: Request<SectorParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "sector.manage");
    await deleteSector(ctx, currentUser(res), access.brief.id, req.params.sectorId);
    res.status(204).end();
  });

  return router;
}
