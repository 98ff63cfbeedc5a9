import { Router, type Request, type Response } from "express";
import type { CommandContext } from "../../commands/context.js";
import { NotFoundError } from "../../errors.js";
import { authorize, loadBriefAccess } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { presentEvidence } from "../present.js";
import { parse } from "../validate.js";
import { evidenceQuerySchema } from "./schemas.js";

const DEFAULT_LIMIT = 20;

/** Evidence: the passages of the brief's reports, searched and looked up for citations. */
export function evidenceRouter(ctx: CommandContext, expensive: ExpensiveRequests): Router {
  const router = Router();
  const { store } = ctx;

  // A search runs over every passage of the brief's reports: bounded per user (http/limits.ts).
  router.get(
    "/briefs/:briefId/evidence",
    expensive.limit(async (req: Request<{ briefId: string }>, res: Response) => {
      const query = parse(evidenceQuerySchema, req.query);
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      // Asking for ids answers all of them unless a limit says otherwise.
      const limit = query.limit ?? (query.ids ? query.ids.length : DEFAULT_LIMIT);
      const evidence = await store.searchEvidence(access.brief.id, { ...query, limit });
      res.json({ evidence: evidence.map(presentEvidence) });
    }),
  );

  router.get(
    "/briefs/:briefId/evidence/:evidenceId",
    async (req: Request<{ briefId: string; evidenceId: string }>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      const [evidence] = await store.getEvidence(access.brief.id, [req.params.evidenceId]);
      if (!evidence) throw new NotFoundError("evidence");
      res.json({ evidence: presentEvidence(evidence) });
    },
  );

  return router;
}
