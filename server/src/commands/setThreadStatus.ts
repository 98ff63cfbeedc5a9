import type { Thread, ThreadStatus, User } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";

/** Resolves or reopens a thread; asking for the status it has is a no-op (T4). */
export async function setThreadStatus(
  ctx: CommandContext,
  actor: User,
  current: Thread,
  status: ThreadStatus,
): Promise<Thread> {
  if (current.status === status) return current;
  const thread = await ctx.store.setThreadStatus(current.id, status, actor.id);
  if (!thread) throw new NotFoundError("thread");
  ctx.notify.review({
    type: ServerEvent.ThreadUpdated,
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    threadId: thread.id,
  });
  await recordActivity(ctx, {
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    actorId: actor.id,
    type: status === "resolved" ? "thread.resolved" : "thread.reopened",
    data: { threadId: thread.id, quote: thread.quote },
  });
  return thread;
}
