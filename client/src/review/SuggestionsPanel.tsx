import type { SuggestionSummary } from "@accord/editor";
import type { Member, ThreadView } from "@accord/protocol";
import { useId } from "react";
import { SuggestionCard } from "./SuggestionCard";
import "../styles/suggestions.css";
import type { ThreadActions } from "./ThreadCard";

interface SuggestionsPanelProps {
  suggestions: readonly SuggestionSummary[];
  members: readonly Member[];
  /** Editors and leads (the recommendation's `editBody`): Accept, Reject, and all of them. */
  canResolve: boolean;
  canComment: boolean;
  /** Reply threads by suggestion id. */
  threads: ReadonlyMap<string, ThreadView>;
  actionsFor: (thread: ThreadView) => ThreadActions;
  onSelect: (suggestion: SuggestionSummary) => void;
  onAccept: (suggestion: SuggestionSummary) => void;
  onReject: (suggestion: SuggestionSummary) => void;
  onAcceptAll: () => void;
  onRejectAll: () => void;
  onReply: (suggestion: SuggestionSummary, body: string) => Promise<void>;
}

/**
 * The recommendation's open suggestions (issue 18), in the order of the text, beside its
 * threads: each with its author, time and change, Accept and Reject for editors, and a reply
 * thread. Nothing is shown while there are none.
 */
export function SuggestionsPanel(props: SuggestionsPanelProps) {
  const { suggestions, members, canResolve, canComment, threads } = props;
  const headingId = useId();
  if (suggestions.length === 0) return null;
  const nameOf = (userId: string) => members.find((member) => member.userId === userId)?.name ?? null;
  return (
    <section className="suggestions-panel" aria-labelledby={headingId} data-testid="suggestions-panel">
      <div className="suggestions-panel-header">
        <h2 id={headingId} className="suggestions-panel-title">
          Suggestions <span className="count-badge count-badge-quiet">{suggestions.length}</span>
        </h2>
        {canResolve ? (
          <div className="suggestions-panel-all">
            <button type="button" className="button button-secondary button-small" onClick={props.onAcceptAll}>
              Accept all
            </button>
            <button type="button" className="button button-secondary button-small" onClick={props.onRejectAll}>
              Reject all
            </button>
          </div>
        ) : null}
      </div>
      <ul className="suggestion-list" aria-label="Open suggestions">
        {suggestions.map((suggestion) => {
          const thread = threads.get(suggestion.id) ?? null;
          return (
            <li key={`${suggestion.authorId}:${suggestion.id}`}>
              <SuggestionCard
                suggestion={suggestion}
                authorName={nameOf(suggestion.authorId)}
                members={members}
                canResolve={canResolve}
                canComment={canComment}
                thread={thread}
                threadActions={thread ? props.actionsFor(thread) : null}
                onSelect={() => props.onSelect(suggestion)}
                onAccept={() => props.onAccept(suggestion)}
                onReject={() => props.onReject(suggestion)}
                onReply={(body) => props.onReply(suggestion, body)}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
