import { queryOptions } from "@tanstack/react-query";
import type { Api } from "./createApi";
import { queryKeys } from "./queryKeys";

type Positioned = { position: number; id: string };

/** Sectors, and recommendations within a sector, are shown in their `position` order (the id breaks ties). */
export function byPosition<T extends Positioned>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** The three answers every screen of a brief reads: its details (with the caller's role and abilities), sectors and recommendations. */
export const briefQueries = {
  details: (api: Api, briefId: string) =>
    queryOptions({ queryKey: queryKeys.details(briefId), queryFn: () => api.briefs.get(briefId) }),
  sectors: (api: Api, briefId: string) =>
    queryOptions({
      queryKey: queryKeys.sectors(briefId),
      queryFn: async () => byPosition((await api.sectors.list(briefId)).sectors),
    }),
  recommendations: (api: Api, briefId: string) =>
    queryOptions({
      queryKey: queryKeys.recommendations(briefId),
      queryFn: async () => byPosition((await api.recommendations.list(briefId)).recommendations),
    }),
};
