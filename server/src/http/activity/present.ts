import type { ActivityEntry } from "@accord/domain";
import type { ActivityView } from "@accord/protocol";
import type { Store } from "../../store/Store.js";
import { loadNames } from "../names.js";

/** Activity entries as the API shows them: with the actor's name and the recommendation's title. */
export async function presentActivity(
  store: Store,
  briefId: string,
  entries: readonly ActivityEntry[],
): Promise<ActivityView[]> {
  const nameOf = await loadNames(
    store,
    briefId,
    entries.map((e) => e.actorId),
  );
  const titles = new Map((await store.listRecommendations(briefId)).map((r) => [r.id, r.title]));
  return entries.map((entry) => ({
    id: entry.id,
    type: entry.type,
    recommendationId: entry.recommendationId,
    recommendationTitle: entry.recommendationId === null ? null : (titles.get(entry.recommendationId) ?? null),
    actor: { userId: entry.actorId, name: nameOf(entry.actorId) },
    data: entry.data,
    createdAt: entry.createdAt,
  }));
}
