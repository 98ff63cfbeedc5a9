import type { Comment, Thread } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";

/** Hard-deletes a comment, and its thread with it when it was the last one (T3). */
export async function deleteComment(
  ctx: CommandContext,
  thread: Thread,
  comment: Comment,
): Promise<{ threadDeleted: boolean }> {
  const { deleted, threadDeleted } = await ctx.store.deleteComment(comment.id);
  if (!deleted) throw new NotFoundError("comment");
  const base = { briefId: thread.briefId, recommendationId: thread.recommendationId, threadId: thread.id };
  ctx.notify.review({ type: ServerEvent.CommentDeleted, ...base, commentId: comment.id });
  if (threadDeleted) ctx.notify.review({ type: ServerEvent.ThreadDeleted, ...base });
  return { threadDeleted };
}
