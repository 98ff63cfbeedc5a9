/** A mention of the current member received live, kept in the workspace's small inbox. */
export interface MentionNotice {
  commentId: string;
  threadId: string;
  recommendationId: string;
  /** null when the recommendation was not (yet) in the loaded list. */
  recommendationTitle: string | null;
  byName: string;
  receivedAt: string;
  read: boolean;
}

/** Where a thread is shown: its recommendation, with the thread to open in the comments panel. */
export function threadPath(briefId: string, recommendationId: string, threadId: string): string {
  return `/briefs/${encodeURIComponent(briefId)}/recommendations/${encodeURIComponent(recommendationId)}?thread=${encodeURIComponent(threadId)}`;
}
