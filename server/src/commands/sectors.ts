import type { Sector, User } from "@accord/domain";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";

async function loadSector(ctx: CommandContext, briefId: string, sectorId: string): Promise<Sector> {
  const sector = await ctx.store.getSector(sectorId);
  if (!sector || sector.briefId !== briefId) throw new NotFoundError("sector");
  return sector;
}

/** Sector changes concern the whole brief: their activity names no recommendation. */
function briefEntry(briefId: string, actor: User) {
  return { briefId, recommendationId: null, actorId: actor.id };
}

export async function createSector(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  input: { name: string; description: string },
): Promise<Sector> {
  const sector = await ctx.store.createSector({ briefId, ...input });
  ctx.notify.sectorsUpdated(briefId);
  await recordActivity(ctx, {
    ...briefEntry(briefId, actor),
    type: "sector.created",
    data: { sectorId: sector.id, name: sector.name },
  });
  return sector;
}

/** Renames, describes or reorders a sector; a rename and a new place each go to the activity log. */
export async function updateSector(
  ctx: CommandContext,
  actor: User,
  briefId: string,
  sectorId: string,
  patch: { name?: string; description?: string; position?: number },
): Promise<Sector> {
  const before = await loadSector(ctx, briefId, sectorId);
  const sector = await ctx.store.updateSector(sectorId, patch);
  if (!sector) throw new NotFoundError("sector");
  ctx.notify.sectorsUpdated(briefId);
  if (sector.name !== before.name) {
    await recordActivity(ctx, {
      ...briefEntry(briefId, actor),
      type: "sector.renamed",
      data: { sectorId, from: before.name, to: sector.name },
    });
  }
  if (sector.position !== before.position) {
    await recordActivity(ctx, {
      ...briefEntry(briefId, actor),
      type: "sector.moved",
      data: { sectorId, name: sector.name, from: before.position, to: sector.position },
    });
  }
  return sector;
}

/** A sector with recommendations is refused by the store (409): nothing anyone wrote is dropped by a tidy-up. */
export async function deleteSector(ctx: CommandContext, actor: User, briefId: string, sectorId: string): Promise<void> {
  const sector = await loadSector(ctx, briefId, sectorId);
  await ctx.store.deleteSector(sectorId);
  ctx.notify.sectorsUpdated(briefId);
  await recordActivity(ctx, {
    ...briefEntry(briefId, actor),
    type: "sector.deleted",
    data: { sectorId, name: sector.name },
  });
}
