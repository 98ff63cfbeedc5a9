import type { Comment, Thread, User } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { announceMentions, mentionedMembers } from "./mentions.js";

/** Rewrites a comment's body; the caller checked authorship (T2). Newly named members are told (T5). */
export async function editComment(
  ctx: CommandContext,
  actor: User,
  thread: Thread,
  current: Comment,
  body: string,
): Promise<Comment> {
  const mentions = await mentionedMembers(ctx, thread.briefId, body);
  const comment = await ctx.store.updateComment(current.id, { body, mentions });
  if (!comment) throw new NotFoundError("comment");
  ctx.notify.review({
    type: ServerEvent.CommentUpdated,
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    threadId: thread.id,
    commentId: comment.id,
  });
  await announceMentions(ctx, actor, thread, comment, current.mentions);
  return comment;
}
