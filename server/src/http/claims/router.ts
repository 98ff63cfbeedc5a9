import { can } from "@accord/domain";
import { type ClaimFindingView, type ClaimsView, MAX_CLAIM_IGNORE_REASON } from "@accord/protocol";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { CommandContext } from "../../commands/context.js";
import { recordActivity } from "../../commands/recordActivity.js";
import { ForbiddenError, NotFoundError } from "../../errors.js";
import { emptyClaimCounts, type StoredClaimCheck, type StoredClaimIgnore } from "../../store/claims.js";
import { loadRecommendationAccess } from "../access.js";
import { currentUser } from "../middleware.js";
import { loadNames } from "../names.js";
import { parse } from "../validate.js";

type RecParams = { briefId: string; recId: string };
type FindingParams = RecParams & { findingId: string };

const BASE = "/briefs/:briefId/recommendations/:recId/claims";

const ignoreSchema = z.object({
  reason: z.string().trim().min(1, "must not be empty").max(MAX_CLAIM_IGNORE_REASON),
});

/** The claim check of a recommendation's body (issue 19; computed by claims/ClaimTracker.ts). */
export function claimsRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  const load = (req: Request<RecParams>, res: Response) =>
    loadRecommendationAccess(store, req.params, currentUser(res).id, "brief.read");

  /** Those who write the body decide that a figure may stand: editors and leads. */
  async function loadForIgnore(req: Request<FindingParams>, res: Response) {
    const loaded = await load(req, res);
    if (!can(loaded.access.membership.role, "recommendation.editBody")) {
      throw new ForbiddenError("Only editors and leads ignore figure checks.");
    }
    return loaded;
  }

  async function view(briefId: string, check: StoredClaimCheck | null, ignores: StoredClaimIgnore[]) {
    const nameOf = await loadNames(
      store,
      briefId,
      ignores.map((ignore) => ignore.userId),
    );
    const byFinding = new Map(ignores.map((ignore) => [ignore.findingId, ignore]));
    const present = (finding: StoredClaimCheck["findings"][number]): ClaimFindingView => {
      const ignore = byFinding.get(finding.id);
      return {
        ...finding,
        ignored: ignore
          ? { reason: ignore.reason, userId: ignore.userId, userName: nameOf(ignore.userId), at: ignore.createdAt }
          : null,
      };
    };
    return {
      checkedAt: check?.checkedAt ?? null,
      counts: check?.counts ?? emptyClaimCounts(),
      findings: (check?.findings ?? []).map(present),
      present,
    };
  }

  router.get(BASE, async (req: Request<RecParams>, res: Response) => {
    const { recommendation } = await load(req, res);
    const [check, ignores] = await Promise.all([
      store.getClaimCheck(recommendation.id),
      store.listClaimIgnores(recommendation.id),
    ]);
    // A body never checked (written before the check existed, or its process stopped first): soon.
    // An older check is not compared with the body: the store keeps no time of a body's last
    // change; an edit whose process died unchecked is checked by a process holding the document
    // open (ClaimTracker K6), or at its next open or edit (K5).
    if (!check) ctx.claims.schedule(recommendation.id);
    const { present: _present, ...answer } = await view(recommendation.briefId, check, ignores);
    res.json(answer satisfies ClaimsView);
  });

  router.post(`${BASE}/:findingId/ignore`, async (req: Request<FindingParams>, res: Response) => {
    const { recommendation } = await loadForIgnore(req, res);
    const { reason } = parse(ignoreSchema, req.body);
    const finding = (await store.getClaimCheck(recommendation.id))?.findings.find((f) => f.id === req.params.findingId);
    if (!finding) throw new NotFoundError("finding");
    const actor = currentUser(res);
    const ignored = await store.putClaimIgnore({
      recommendationId: recommendation.id,
      findingId: finding.id,
      reason,
      userId: actor.id,
    });
    if (!ignored) throw new NotFoundError("recommendation");
    const check = await ctx.claims.recount(recommendation.briefId, recommendation.id);
    await recordActivity(ctx, {
      briefId: recommendation.briefId,
      recommendationId: recommendation.id,
      actorId: actor.id,
      type: "claim.ignored",
      data: { findingId: finding.id, kind: finding.kind, raw: finding.figure.raw, reason },
    });
    const { present, counts } = await view(recommendation.briefId, check, [ignored]);
    res.json({ finding: present(finding), counts });
  });

  router.delete(`${BASE}/:findingId/ignore`, async (req: Request<FindingParams>, res: Response) => {
    const { recommendation } = await loadForIgnore(req, res);
    const finding = (await store.getClaimCheck(recommendation.id))?.findings.find((f) => f.id === req.params.findingId);
    const deleted = await store.deleteClaimIgnore(recommendation.id, req.params.findingId);
    if (!deleted) throw new NotFoundError("ignored finding");
    const check = await ctx.claims.recount(recommendation.briefId, recommendation.id);
    await recordActivity(ctx, {
      briefId: recommendation.briefId,
      recommendationId: recommendation.id,
      actorId: currentUser(res).id,
      type: "claim.unignored",
      data: {
        findingId: req.params.findingId,
        kind: finding?.kind ?? null,
        raw: finding?.figure.raw ?? null,
        reason: null,
      },
    });
    const { present, counts } = await view(recommendation.briefId, check, []);
    res.json({ finding: finding ? present(finding) : null, counts });
  });

  return router;
}
