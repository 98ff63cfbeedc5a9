import { Router, type Request, type Response } from "express";
import {
  createPassageCitationSchema,
  createSourceCitationSchema,
  isSourceCitationBody,
  updateCitationSchema,
} from "@accord/domain";
import { createPassageCitation, createSourceCitation, updateCitation } from "../../citations/citationCommands.js";
import { BodyReader } from "@accord/editor";
import { citationNodes } from "../../citations/citedEvidenceIds.js";
import { listCitedItems, lookUpCitedItems } from "../../citations/citedItems.js";
import type { CommandContext } from "../../commands/context.js";
import { NotFoundError, ValidationError } from "../../errors.js";
import { authorize, loadBriefAccess, loadRecommendation } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { citationsQuerySchema } from "./schemas.js";

type BriefParams = { briefId: string };

/** The quote is one field for the client (CITATIONS.md §2): a wrong part of it is `quote`. */
function parseCreation<S extends Parameters<typeof parse>[0]>(schema: S, body: unknown) {
  try {
    return parse(schema, body);
  } catch (error) {
    if (error instanceof ValidationError && error.field?.startsWith("quote."))
      throw new ValidationError(error.message, "quote");
    throw error;
  }
}
type CitationParams = BriefParams & { citationId: string };

/**
 * Citations (packages/export/CITATIONS.md §2). Creating and changing one is editing the brief's
 * text, so it takes the same permission as editing a body: editors and leads.
 */
export function citationsRouter(ctx: CommandContext, expensive: ExpensiveRequests): Router {
  const router = Router();
  const { store } = ctx;
  // Building the editor's schema is not free: once per router.
  const reader = new BodyReader();
  // Only a body holding both stored and legacy citations is read (citedItems.ts); an open
  // room's own document is walked without a copy, elements only.
  const readNodes = (recommendationId: string) =>
    ctx.documents.readAccepted(recommendationId, (doc) => citationNodes(reader, doc));

  router.post("/briefs/:briefId/citations", async (req: Request<BriefParams>, res: Response) => {
    const user = currentUser(res);
    const access = await loadBriefAccess(store, req.params.briefId, user.id);
    authorize(access, "recommendation.editBody");
    const citation = isSourceCitationBody(req.body)
      ? await createSourceCitation(ctx, access.brief.id, user.id, parse(createSourceCitationSchema, req.body))
      : await createPassageCitation(
          ctx,
          access.brief.id,
          user.id,
          parseCreation(createPassageCitationSchema, req.body),
        );
    res.status(201).json({ citation });
  });

  // A sector's list reads every citation its recommendations hold: bounded per user (http/limits.ts).
  router.get(
    "/briefs/:briefId/citations",
    expensive.limit(async (req: Request<BriefParams>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      const query = parse(citationsQuerySchema, req.query);
      const briefId = access.brief.id;
      if (query.ids) {
        res.json({ citations: await lookUpCitedItems(store, briefId, query.ids) });
        return;
      }
      if (query.recommendationId) {
        const recommendation = await loadRecommendation(store, access, query.recommendationId);
        res.json({ citations: await listCitedItems(store, briefId, [recommendation], readNodes) });
        return;
      }
      const sector = await store.getSector(query.sectorId!);
      if (!sector || sector.briefId !== briefId) throw new NotFoundError("sector");
      const recommendations = await store.listRecommendations(briefId, { sectorId: sector.id });
      res.json({ citations: await listCitedItems(store, briefId, recommendations, readNodes) });
    }),
  );

  router.patch("/briefs/:briefId/citations/:citationId", async (req: Request<CitationParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "recommendation.editBody");
    const input = parse(updateCitationSchema, req.body);
    const citation = await updateCitation(ctx, access.brief.id, req.params.citationId, input);
    res.json({ citation });
  });

  return router;
}
