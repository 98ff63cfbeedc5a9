import type { Recommendation, Sector, Status } from "@accord/domain";
import { ValidationError } from "../errors.js";
import { fieldSubject } from "../http/plainMessages.js";
import type { Store } from "../store/Store.js";

/** Which recommendations an export holds: of these sectors (all when absent), in these statuses. */
export interface ExportSelection {
  sectorIds?: readonly string[] | undefined;
  statuses: readonly Status[];
}

export interface SelectedSector {
  sector: Sector;
  recommendations: Recommendation[];
}

/**
 * The brief's recommendations an export includes, in reading order: sectors by position,
 * recommendations by position within each. Sectors left with no recommendation are kept
 * out, so the file has no empty chapters.
 */
export async function selectRecommendations(
  store: Store,
  briefId: string,
  selection: ExportSelection,
): Promise<SelectedSector[]> {
  const [sectors, recommendations] = await Promise.all([
    store.listSectors(briefId),
    store.listRecommendations(briefId),
  ]);
  const known = new Set(sectors.map((sector) => sector.id));
  const unknown = selection.sectorIds?.find((id) => !known.has(id));
  if (unknown !== undefined)
    throw new ValidationError(
      `${fieldSubject("sectorIds")} include one that is not a sector of this brief.`,
      "sectorIds",
    );

  const wantedSectors = selection.sectorIds ? new Set(selection.sectorIds) : known;
  const statuses = new Set(selection.statuses);
  return [...sectors]
    .sort((a, b) => a.position - b.position)
    .filter((sector) => wantedSectors.has(sector.id))
    .map((sector) => ({
      sector,
      recommendations: recommendations
        .filter((r) => r.sectorId === sector.id && statuses.has(r.status))
        .sort((a, b) => a.position - b.position),
    }))
    .filter((entry) => entry.recommendations.length > 0);
}
