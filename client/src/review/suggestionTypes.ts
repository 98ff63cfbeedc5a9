import type { SuggestionSummary } from "@accord/editor";
import type { CommentDraft } from "./reviewTypes";

/** What the editor lets the suggestions panel read and do (issue 18). */
export interface SuggestionsTarget {
  /** useSyncExternalStore's pair: the body's suggestions, a new array only when they changed. */
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => readonly SuggestionSummary[];
  /** Selects the suggestion's text and scrolls to it. */
  select: (suggestion: SuggestionSummary) => void;
  /** Ordinary edits through this window's connection; false when the suggestion is gone. */
  accept: (suggestion: SuggestionSummary) => boolean;
  reject: (suggestion: SuggestionSummary) => boolean;
  acceptAll: () => boolean;
  rejectAll: () => boolean;
  /** The suggestion's range as a thread's anchor and quote, or null before the body has synced. */
  draftFor: (suggestion: SuggestionSummary) => CommentDraft | null;
}

/** How this member's edits are made (issue 18). */
export interface SuggestingMode {
  /** A suggest-only member (a reviewer): always suggesting, no toggle. */
  forced: boolean;
  /** Whether an editor starts suggesting (in review, unless the brief turned that off). */
  initial: boolean;
}
