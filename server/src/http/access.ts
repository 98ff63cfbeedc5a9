import { can, type Action, type Brief, type Membership, type Recommendation } from "@accord/domain";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { Store } from "../store/Store.js";

export interface BriefAccess {
  brief: Brief;
  membership: Membership;
}

/**
 * Loads a brief for a member. A brief the caller is not a member of answers 404,
 * as an unknown one does: ids of other teams' briefs are not confirmed.
 */
export async function loadBriefAccess(store: Store, briefId: string, userId: string): Promise<BriefAccess> {
  const [brief, membership] = await Promise.all([store.getBrief(briefId), store.getMembership(briefId, userId)]);
  if (!brief || !membership) throw new NotFoundError("brief");
  return { brief, membership };
}

export function authorize(access: BriefAccess, action: Action): void {
  if (!can(access.membership.role, action)) throw new ForbiddenError();
}

export async function loadRecommendation(
  store: Store,
  access: BriefAccess,
  recommendationId: string,
): Promise<Recommendation> {
  const recommendation = await store.getRecommendation(recommendationId);
  if (!recommendation || recommendation.briefId !== access.brief.id) throw new NotFoundError("recommendation");
  return recommendation;
}

/**
 * The start of a route on one recommendation: the caller's access to its brief, `action`
 * allowed there (403 otherwise), and the recommendation (404 when unknown or another brief's).
 */
export async function loadRecommendationAccess(
  store: Store,
  ids: { briefId: string; recId: string },
  userId: string,
  action: Action,
): Promise<{ access: BriefAccess; recommendation: Recommendation }> {
  const access = await loadBriefAccess(store, ids.briefId, userId);
  authorize(access, action);
  const recommendation = await loadRecommendation(store, access, ids.recId);
  return { access, recommendation };
}
