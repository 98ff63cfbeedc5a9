import type { Brief } from "@accord/domain";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";

export async function updateBrief(
  { store, notify }: CommandContext,
  briefId: string,
  patch: { title?: string; description?: string; citationStyle?: string; suggestEditsInReview?: boolean },
): Promise<Brief> {
  const brief = await store.updateBrief(briefId, patch);
  if (!brief) throw new NotFoundError("brief");
  notify.briefUpdated(brief.id, brief.updatedAt);
  return brief;
}
