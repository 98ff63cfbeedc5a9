import type { ThreadView } from "@accord/protocol";

/** A thread about to be started: the selected range's anchor and text, built by the editor. */
export interface CommentDraft {
  anchor: ThreadView["anchor"];
  quote: string;
}

/** What the editor lets the comments panel do with the text. */
export interface ReviewTarget {
  /** Selects the thread's range and scrolls to it (focusing the text if asked); false when it is not in the text. */
  showThread: (threadId: string, options: { focus: boolean }) => boolean;
}
