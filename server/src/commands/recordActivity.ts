import type { ActivityEntry } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import type { CommandContext } from "./context.js";

/**
 * Appends an entry to the brief's activity and announces it (threads/SPEC.md N2): called
 * after the change it describes has been stored. The entry is also where notifications come
 * from (notifications/derive.ts): every command that records activity notifies the same way.
 */
export async function recordActivity(
  ctx: CommandContext,
  input: Omit<ActivityEntry, "id" | "createdAt">,
): Promise<ActivityEntry> {
  const entry = await ctx.store.addActivity(input);
  ctx.notify.activity({
    type: ServerEvent.ActivityCreated,
    briefId: entry.briefId,
    recommendationId: entry.recommendationId,
    activityId: entry.id,
  });
  await ctx.notifications.fromActivity(entry);
  return entry;
}
