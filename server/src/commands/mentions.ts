import { findMentions, type Comment, type Thread, type User } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import type { CommandContext } from "./context.js";
import { recordActivity } from "./recordActivity.js";

/** The members a comment body names, resolved against the brief's current members (T5). */
export async function mentionedMembers(ctx: CommandContext, briefId: string, body: string): Promise<string[]> {
  return findMentions(body, await ctx.store.listMembers(briefId));
}

/**
 * Tells each newly named member, on their own sockets only, and records it. The author is
 * never told about naming themselves; on an edit, `alreadyNamed` are not told again.
 */
export async function announceMentions(
  ctx: CommandContext,
  actor: User,
  thread: Thread,
  comment: Comment,
  alreadyNamed: readonly string[] = [],
): Promise<void> {
  for (const userId of comment.mentions) {
    if (userId === actor.id || alreadyNamed.includes(userId)) continue;
    ctx.notify.mention(userId, {
      type: ServerEvent.MentionCreated,
      briefId: thread.briefId,
      recommendationId: thread.recommendationId,
      threadId: thread.id,
      commentId: comment.id,
      by: { userId: actor.id, name: actor.name },
    });
    await recordActivity(ctx, {
      briefId: thread.briefId,
      recommendationId: thread.recommendationId,
      actorId: actor.id,
      type: "mention.created",
      data: { threadId: thread.id, commentId: comment.id, userId },
    });
  }
}
