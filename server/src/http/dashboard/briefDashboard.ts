import { emptyStatusCounts, type Recommendation, type Sector, type StatusCounts, type Thread } from "@accord/domain";
import type { ClaimCounts } from "@accord/protocol";
import { emptyClaimCounts, type StoredClaimCheck } from "../../store/claims.js";

export interface DashboardCounts {
  counts: StatusCounts;
  openThreads: number;
  withoutCitations: number;
  /** Open figure findings (issue 19), summed. */
  claims: ClaimCounts;
}

export interface Dashboard {
  sectors: Array<{ sectorId: string; name: string } & DashboardCounts>;
  totals: DashboardCounts;
  /** Each recommendation's open figure findings (none for one never checked). */
  recommendations: Array<{ recommendationId: string; sectorId: string; claims: ClaimCounts }>;
}

const emptyCounts = (): DashboardCounts => ({
  counts: emptyStatusCounts(),
  openThreads: 0,
  withoutCitations: 0,
  claims: emptyClaimCounts(),
});

function addClaims(into: ClaimCounts, counts: ClaimCounts): void {
  into.mismatch += counts.mismatch;
  into.unsupported += counts.unsupported;
  into.notFound += counts.notFound;
  into.inconsistent += counts.inconsistent;
}

/**
 * Counts per sector (in the brief's sector order) and in total. Open threads count toward
 * their recommendation's sector; a thread whose recommendation is not in the list (deleted
 * part-way, T6) is not counted.
 */
export function briefDashboard(
  sectors: readonly Sector[],
  recommendations: readonly Recommendation[],
  openThreads: readonly Thread[],
  claimChecks: readonly StoredClaimCheck[] = [],
): Dashboard {
  const bySector = new Map(sectors.map((s) => [s.id, emptyCounts()]));
  const totals = emptyCounts();
  const sectorOf = new Map<string, string>();
  const checks = new Map(claimChecks.map((check) => [check.recommendationId, check.counts]));
  const perRecommendation: Dashboard["recommendations"] = [];
  for (const recommendation of recommendations) {
    sectorOf.set(recommendation.id, recommendation.sectorId);
    const uncited = recommendation.citedEvidenceIds.length === 0 ? 1 : 0;
    const claims = { ...(checks.get(recommendation.id) ?? emptyClaimCounts()) };
    perRecommendation.push({ recommendationId: recommendation.id, sectorId: recommendation.sectorId, claims });
    for (const counts of [bySector.get(recommendation.sectorId), totals]) {
      if (!counts) continue;
      counts.counts[recommendation.status] += 1;
      counts.withoutCitations += uncited;
      addClaims(counts.claims, claims);
    }
  }
  for (const thread of openThreads) {
    const sectorId = sectorOf.get(thread.recommendationId);
    if (sectorId === undefined) continue;
    const counts = bySector.get(sectorId);
    if (counts) counts.openThreads += 1;
    totals.openThreads += 1;
  }
  return {
    sectors: sectors.map((s) => ({ sectorId: s.id, name: s.name, ...bySector.get(s.id)! })),
    totals,
    recommendations: perRecommendation,
  };
}
