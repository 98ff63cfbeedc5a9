import type { Comment, Thread, User } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";
import { announceMentions, mentionedMembers } from "./mentions.js";
import { recordActivity } from "./recordActivity.js";

/** Replies in a thread, open or resolved (a reply does not reopen it: T4). */
export async function addComment(ctx: CommandContext, actor: User, thread: Thread, body: string): Promise<Comment> {
  const mentions = await mentionedMembers(ctx, thread.briefId, body);
  const comment = await ctx.store.createComment({ threadId: thread.id, authorId: actor.id, body, mentions });
  // Its last comment was deleted between loading the thread and now (T3).
  if (!comment) throw new NotFoundError("thread");
  ctx.notify.review({
    type: ServerEvent.CommentCreated,
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    threadId: thread.id,
    commentId: comment.id,
  });
  await recordActivity(ctx, {
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    actorId: actor.id,
    type: "comment.created",
    data: { threadId: thread.id, commentId: comment.id },
  });
  await announceMentions(ctx, actor, thread, comment);
  return comment;
}
