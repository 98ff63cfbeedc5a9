import { commentAbilities, threadAbilities, type Comment, type Role, type Thread } from "@accord/domain";
import type { CommentView, ThreadView } from "@accord/protocol";
import type { ResolvedAnchor } from "../../threads/anchors.js";

export interface Viewer {
  userId: string;
  role: Role;
  nameOf: (userId: string) => string;
}

export function presentComment(comment: Comment, viewer: Viewer): CommentView {
  return {
    id: comment.id,
    threadId: comment.threadId,
    authorId: comment.authorId,
    authorName: viewer.nameOf(comment.authorId),
    body: comment.body,
    mentions: comment.mentions,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    abilities: commentAbilities(viewer.userId, viewer.role, comment),
  };
}

/** `anchorState` leaves out the sort offset: it means nothing to a client. */
export function presentThread(
  thread: Thread,
  anchor: ResolvedAnchor,
  comments: readonly Comment[],
  viewer: Viewer,
): ThreadView {
  return {
    ...thread,
    anchorState: anchor.state === "attached" ? { state: anchor.state, text: anchor.text } : { state: anchor.state },
    comments: comments.map((comment) => presentComment(comment, viewer)),
    abilities: threadAbilities(viewer.role),
  };
}
