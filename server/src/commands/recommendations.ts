import {
  APPROVAL_LOCKED_FIELDS,
  checkTransition,
  positionAfter,
  TRANSITIONS,
  type ApprovalLockedField,
  type Recommendation,
  type Role,
  type Status,
  type User,
} from "@accord/domain";
import { BodyReader, countSuggestions } from "@accord/editor";
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { fieldSubject } from "../http/plainMessages.js";
import type { RecommendationPatch as StorePatch } from "../store/Store.js";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";
import { transitionVersionName } from "../versions/names.js";

async function assertSectorInBrief(ctx: CommandContext, briefId: string, sectorId: string): Promise<void> {
  const sector = await ctx.store.getSector(sectorId);
  if (!sector || sector.briefId !== briefId)
    throw new ValidationError(`${fieldSubject("sectorId")} is not one of this brief's sectors.`, "sectorId");
}

function announce(
  ctx: CommandContext,
  type: "recommendation.created" | "recommendation.updated" | "recommendation.deleted",
  r: Recommendation,
): void {
  ctx.notify.recommendation({
    type,
    briefId: r.briefId,
    id: r.id,
    sectorId: r.sectorId,
    status: r.status,
    updatedAt: r.updatedAt,
  });
}

export async function createRecommendation(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  input: { sectorId: string; title: string },
): Promise<Recommendation> {
  await assertSectorInBrief(ctx, briefId, input.sectorId);
  const recommendation = await ctx.store.createRecommendation({ briefId, ...input, ownerId: actor.id });
  announce(ctx, "recommendation.created", recommendation);
  await recordActivity(ctx, {
    briefId,
    recommendationId: recommendation.id,
    actorId: actor.id,
    type: "recommendation.created",
    data: { title: recommendation.title },
  });
  return recommendation;
}

const LOCKED_CHANGE: Record<ApprovalLockedField, string> = {
  title: "rename it",
  sectorId: "move it to another sector",
  position: "change its place in the sector",
};

/**
 * A change that approval locks (title, sector, place in the sector) asked of an approved
 * recommendation: 409 naming the field, and nothing changes. A lead reopens it first.
 */
export class RecommendationApprovedError extends AppError {
  readonly status = 409;
  readonly code = "recommendation_approved";
  constructor(field: ApprovalLockedField) {
    super(`This recommendation is approved: a lead must reopen it before anyone can ${LOCKED_CHANGE[field]}.`, field);
  }
}

/**
 * Approval asked of a body that still holds suggestions (issue 18): 409 with their `count`, and
 * nothing changes. Someone who edits accepts or rejects them first.
 */
export class OpenSuggestionsError extends AppError {
  readonly status = 409;
  readonly code = "open_suggestions";
  constructor(readonly count: number) {
    super(
      `This recommendation has ${count} open ${count === 1 ? "suggestion" : "suggestions"}: accept or reject ${count === 1 ? "it" : "them"} before approving.`,
    );
  }

  override get details(): { count: number } {
    return { count: this.count };
  }
}

/**
 * Approval asked of a body with figures that disagree with the evidence they cite (issue 19),
 * none of them ignored: 409 with their `count`, and nothing changes, unless the lead confirms
 * (`confirmMismatches: true`).
 */
export class OpenMismatchesError extends AppError {
  readonly status = 409;
  readonly code = "open_mismatches";
  constructor(readonly count: number) {
    super(
      count === 1
        ? "1 figure disagrees with the evidence it cites."
        : `${count} figures disagree with the evidence they cite.`,
    );
  }

  override get details(): { count: number } {
    return { count: this.count };
  }
}

type RecommendationPatch = { title?: string; ownerId?: string; sectorId?: string; position?: number };

/** The first field approval locks that `patch` would really change (the same value again is no change). */
function lockedFieldChanged(current: Recommendation, patch: RecommendationPatch): ApprovalLockedField | null {
  if (current.status !== "approved") return null;
  return APPROVAL_LOCKED_FIELDS.find((field) => patch[field] !== undefined && patch[field] !== current[field]) ?? null;
}

/** Where a recommendation moved to another sector without a position goes: last (positionAfter). */
async function lastPlaceIn(ctx: CommandContext, briefId: string, sectorId: string): Promise<number> {
  const there = await ctx.store.listRecommendations(briefId, { sectorId });
  return positionAfter(there.map((r) => r.position));
}

async function placeOf(ctx: CommandContext, recommendation: Recommendation) {
  const sector = await ctx.store.getSector(recommendation.sectorId);
  return { sectorId: recommendation.sectorId, sectorName: sector?.name ?? null, position: recommendation.position };
}

export async function updateRecommendation(
  ctx: CommandContext,
  actor: User,
  current: Recommendation,
  patch: RecommendationPatch,
): Promise<Recommendation> {
  const locked = lockedFieldChanged(current, patch);
  if (locked) throw new RecommendationApprovedError(locked);
  const { sectorId, ...rest } = patch;
  let next: StorePatch = rest;
  if (sectorId !== undefined && sectorId !== current.sectorId) {
    await assertSectorInBrief(ctx, current.briefId, sectorId);
    next = { ...rest, sectorId, position: patch.position ?? (await lastPlaceIn(ctx, current.briefId, sectorId)) };
  }
  if (patch.ownerId !== undefined && !(await ctx.store.getMembership(current.briefId, patch.ownerId))) {
    throw new ValidationError(`${fieldSubject("ownerId")} must be a member of the brief.`, "ownerId");
  }
  // Asked again of the stored row just before writing: a lead may have approved it while the
  // checks above awaited. (Check, then write: two separate store calls, so a window remains;
  // closing it needs a conditional update in the store.)
  const latest = await ctx.store.getRecommendation(current.id);
  if (!latest) throw new NotFoundError("recommendation");
  const lockedNow = lockedFieldChanged(latest, patch);
  if (lockedNow) throw new RecommendationApprovedError(lockedNow);
  const recommendation = await ctx.store.updateRecommendation(current.id, next);
  if (!recommendation) throw new NotFoundError("recommendation");
  announce(ctx, "recommendation.updated", recommendation);
  const entry = { briefId: recommendation.briefId, recommendationId: recommendation.id, actorId: actor.id };
  if (recommendation.title !== latest.title) {
    await recordActivity(ctx, {
      ...entry,
      type: "recommendation.renamed",
      data: { from: latest.title, to: recommendation.title },
    });
  }
  if (recommendation.sectorId !== latest.sectorId || recommendation.position !== latest.position) {
    const [from, to] = await Promise.all([placeOf(ctx, latest), placeOf(ctx, recommendation)]);
    await recordActivity(ctx, { ...entry, type: "recommendation.moved", data: { from, to } });
  }
  return recommendation;
}

export async function deleteRecommendation(ctx: CommandContext, current: Recommendation): Promise<void> {
  // Close the document first so no write lands after the rows are gone.
  ctx.documents.revoke({ docName: current.id });
  await ctx.store.deleteRecommendation(current.id);
  announce(ctx, "recommendation.deleted", current);
  ctx.claims.recommendationDeleted(current.briefId, current.id);
}

export async function changeStatus(
  ctx: CommandContext,
  actor: User,
  role: Role,
  current: Recommendation,
  change: { to: Status; note?: string | undefined; confirmMismatches?: boolean | undefined },
): Promise<Recommendation> {
  const { to } = change;
  // A role that may make no transition at all (a viewer) is refused before the workflow is consulted.
  if (!TRANSITIONS.some((t) => t.roles.includes(role))) throw new ForbiddenError();
  const check = checkTransition(role, current.status, to);
  if (!check.ok) {
    if (check.reason === "forbidden")
      throw new ForbiddenError(`A ${role} cannot move a recommendation from ${current.status} to ${to}.`);
    throw new ConflictError(`A recommendation cannot move from ${current.status} to ${to}.`, "to");
  }
  if (to === "approved") {
    // Read from what is stored, after the room stored what it accepted: the body being approved.
    const reader = new BodyReader();
    const open = await ctx.documents.readAccepted(current.id, (doc) => countSuggestions(reader.read(doc)));
    if (open > 0) throw new OpenSuggestionsError(open);
    if (change.confirmMismatches !== true) {
      // Checked now, on the body just stored: a figure typed a moment ago counts.
      const check = await ctx.claims.checkNow(current.id);
      const mismatches = check?.counts.mismatch ?? 0;
      if (mismatches > 0) throw new OpenMismatchesError(mismatches);
    }
  }
  const recommendation = await ctx.store.updateRecommendation(current.id, { status: to });
  if (!recommendation) throw new NotFoundError("recommendation");
  announce(ctx, "recommendation.updated", recommendation);
  // Approval freezes the body and reopening thaws it: connections must be re-authorized.
  if (current.status === "approved" || to === "approved") ctx.documents.recheck({ docName: current.id });
  // The body as it stood at the transition, saved before the activity is recorded, so that the
  // actor's "last review" (their transition) finds this version (issue 18).
  await ctx.versions.save(recommendation, {
    kind: "transition",
    name: transitionVersionName(current.status, to),
    authorIds: [actor.id],
  });
  await recordActivity(ctx, {
    briefId: recommendation.briefId,
    recommendationId: recommendation.id,
    actorId: actor.id,
    type: "status.changed",
    // An absent note is recorded as null so every status.changed entry has the same shape.
    data: { from: current.status, to, note: change.note || null },
  });
  return recommendation;
}
