import type { Comment, Thread } from "@accord/domain";
import { newId } from "./ids.js";
import type { NewThread } from "./Store.js";

/**
 * A thread as it is created, in either adapter: open, with its first comment by the one who
 * opened it, both at `at`. The adapter writes the two in one transaction.
 */
export function newThread(input: NewThread, at: string): { thread: Thread; comment: Comment } {
  const thread: Thread = {
    id: newId(),
    briefId: input.briefId,
    recommendationId: input.recommendationId,
    anchor: input.anchor,
    quote: input.quote,
    status: "open",
    createdBy: input.createdBy,
    createdAt: at,
    updatedAt: at,
    resolvedBy: null,
    resolvedAt: null,
    suggestionId: input.suggestionId ?? null,
  };
  const comment: Comment = {
    id: newId(),
    threadId: thread.id,
    authorId: input.createdBy,
    body: input.firstComment.body,
    mentions: [...input.firstComment.mentions],
    createdAt: at,
    editedAt: null,
  };
  return { thread, comment };
}
