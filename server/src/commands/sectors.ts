import type { Sector } from "@accord/domain";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";

async function loadSector(ctx: CommandContext, briefId: string, sectorId: string): Promise<Sector> {
  const sector = await ctx.store.getSector(sectorId);
  if (!sector || sector.briefId !== briefId) throw new NotFoundError("sector");
  return sector;
}

export async function createSector(
  ctx: CommandContext,
  briefId: string,
  input: { name: string; description: string },
): Promise<Sector> {
  const sector = await ctx.store.createSector({ briefId, ...input });
  ctx.notify.sectorsUpdated(briefId);
  return sector;
}

export async function updateSector(
  ctx: CommandContext,
  briefId: string,
  sectorId: string,
  patch: { name?: string; description?: string; position?: number },
): Promise<Sector> {
  await loadSector(ctx, briefId, sectorId);
  const sector = await ctx.store.updateSector(sectorId, patch);
  if (!sector) throw new NotFoundError("sector");
  ctx.notify.sectorsUpdated(briefId);
  return sector;
}

/** A sector with recommendations is refused by the store (409): nothing anyone wrote is dropped by a tidy-up. */
export async function deleteSector(ctx: CommandContext, briefId: string, sectorId: string): Promise<void> {
  await loadSector(ctx, briefId, sectorId);
  await ctx.store.deleteSector(sectorId);
  ctx.notify.sectorsUpdated(briefId);
}
