import type { Comment, Recommendation, Thread, ThreadAnchor, User } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { ValidationError } from "../errors.js";
import { fieldSubject } from "../http/plainMessages.js";
import { resolveAnchor, type ResolvedAnchor } from "../threads/anchors.js";
import type { CommandContext } from "./context.js";
import { announceMentions, mentionedMembers } from "./mentions.js";
import { recordActivity } from "./recordActivity.js";

/**
 * Opens a thread on a range of the recommendation's body with its first comment. The anchor
 * must resolve to a non-empty range in the stored document (threads/SPEC.md A5).
 */
export async function createThread(
  ctx: CommandContext,
  actor: User,
  recommendation: Recommendation,
  input: { anchor: ThreadAnchor; quote: string; body: string; suggestionId?: string | null | undefined },
): Promise<{ thread: Thread; comment: Comment; anchorState: ResolvedAnchor }> {
  // The room's own document once it stored what it accepted: no copy of the body per request.
  const anchorState = await ctx.documents.readAccepted(recommendation.id, (doc) => resolveAnchor(doc, input.anchor));
  if (anchorState.state === "detached") {
    throw new ValidationError(
      `${fieldSubject("anchor")} is no longer in this recommendation's text: select the text to comment on again.`,
      "anchor",
    );
  }
  const mentions = await mentionedMembers(ctx, recommendation.briefId, input.body);
  const { thread, comment } = await ctx.store.createThread({
    briefId: recommendation.briefId,
    recommendationId: recommendation.id,
    anchor: input.anchor,
    quote: input.quote,
    createdBy: actor.id,
    firstComment: { body: input.body, mentions },
    suggestionId: input.suggestionId ?? null,
  });
  ctx.notify.review({
    type: ServerEvent.ThreadCreated,
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    threadId: thread.id,
    commentId: comment.id,
  });
  await recordActivity(ctx, {
    briefId: thread.briefId,
    recommendationId: thread.recommendationId,
    actorId: actor.id,
    type: "thread.created",
    data: { threadId: thread.id, quote: thread.quote },
  });
  await announceMentions(ctx, actor, thread, comment);
  return { thread, comment, anchorState };
}
