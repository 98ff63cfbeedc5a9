import { can, type Recommendation } from "@accord/domain";
import type { VersionDetails, VersionSummary } from "@accord/protocol";
import { Router, type Request, type Response } from "express";
import type { CommandContext } from "../../commands/context.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../errors.js";
import type { StoredVersionWithBody } from "../../store/versions.js";
import { restoredVersionName } from "../../versions/names.js";
import { presentVersionDetails, presentVersionSummary } from "../../versions/present.js";
import { loadRecommendationAccess } from "../access.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { createVersionSchema } from "./schemas.js";

type RecParams = { briefId: string; recId: string };
type VersionParams = RecParams & { versionId: string };

const BASE = "/briefs/:briefId/recommendations/:recId/versions";

/** Versions of a recommendation's body (issue 18; saving them: versions/Versions.ts). */
export function versionsRouter(ctx: CommandContext): Router {
  const router = Router();
  const { store } = ctx;

  const load = (req: Request<RecParams>, res: Response) =>
    loadRecommendationAccess(store, req.params, currentUser(res).id, "brief.read");

  /** Another recommendation's version is as unknown here as one that does not exist. */
  async function loadVersion(recommendation: Recommendation, versionId: string): Promise<StoredVersionWithBody> {
    const version = await store.getVersion(versionId);
    if (!version || version.recommendationId !== recommendation.id) throw new NotFoundError("version");
    return version;
  }

  router.get(BASE, async (req: Request<RecParams>, res: Response) => {
    const { recommendation } = await load(req, res);
    const versions = await store.listVersions(recommendation.id);
    res.json({ versions: versions.map(presentVersionSummary) satisfies VersionSummary[] });
  });

  router.post(BASE, async (req: Request<RecParams>, res: Response) => {
    const { access, recommendation } = await load(req, res);
    // Those who write the body name and restore its versions: editors and leads.
    if (!can(access.membership.role, "recommendation.editBody")) {
      throw new ForbiddenError("Only editors and leads save or restore versions.");
    }
    const input = parse(createVersionSchema, req.body);
    const actor = currentUser(res);
    if (input.name !== undefined && input.restoredFrom !== undefined) {
      throw new ValidationError("Either name a version or restore one, not both.", "restoredFrom");
    }
    if (input.restoredFrom !== undefined) {
      // The client has put the old body back through its editor; an approved body cannot change.
      if (recommendation.status === "approved") {
        throw new ConflictError("An approved recommendation cannot be restored to another version: reopen it first.");
      }
      const from = await loadVersion(recommendation, input.restoredFrom);
      const version = await ctx.versions.save(recommendation, {
        kind: "restore",
        name: restoredVersionName(from.name),
        authorIds: [actor.id],
        restoredFrom: from.id,
      });
      res.status(201).json({ version: presentVersionSummary(version) });
      return;
    }
    if (input.name === undefined) throw new ValidationError("Enter a name.", "name");
    const version = await ctx.versions.save(recommendation, { kind: "named", name: input.name, authorIds: [actor.id] });
    res.status(201).json({ version: presentVersionSummary(version) });
  });

  // Before `/:versionId`, which would take "last-review" for an id.
  router.get(`${BASE}/last-review`, async (req: Request<RecParams>, res: Response) => {
    const { recommendation } = await load(req, res);
    const at = await store.lastReviewActionAt(recommendation.id, currentUser(res).id);
    const version = at === null ? null : await store.latestVersion(recommendation.id, at);
    res.json({ version: version === null ? null : presentVersionSummary(version) });
  });

  router.get(`${BASE}/:versionId`, async (req: Request<VersionParams>, res: Response) => {
    const { recommendation } = await load(req, res);
    const version = await loadVersion(recommendation, req.params.versionId);
    res.json(presentVersionDetails(version) satisfies VersionDetails);
  });

  return router;
}
