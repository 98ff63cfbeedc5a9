import type { SuggestionSummary } from "@accord/editor";
import type { Member, ThreadView } from "@accord/protocol";
import { useState, type CSSProperties } from "react";
import { errorMessage } from "../api/ApiError";
import { userColor } from "../realtime/userColor";
import { CommentBox } from "./CommentBox";
import { CommentItem } from "./CommentItem";
import { formatFullTime, formatWhen } from "./formatWhen";
import { describeSuggestion } from "./suggestionText";
import type { ThreadActions } from "./ThreadCard";

interface SuggestionCardProps {
  suggestion: SuggestionSummary;
  authorName: string | null;
  members: readonly Member[];
  /** Editors and leads: Accept and Reject. */
  canResolve: boolean;
  canComment: boolean;
  /** The suggestion's reply thread, once someone replied. */
  thread: ThreadView | null;
  threadActions: ThreadActions | null;
  onSelect: () => void;
  onAccept: () => void;
  onReject: () => void;
  /** Starts the reply thread (the first reply) or adds to it. */
  onReply: (body: string) => Promise<void>;
}

/** One suggestion: who, when, what it changes; Accept and Reject; its reply thread. */
export function SuggestionCard(props: SuggestionCardProps) {
  const { suggestion, authorName, members, canResolve, canComment, thread, threadActions } = props;
  const [replying, setReplying] = useState(false);
  const when = new Date(suggestion.createdAt).toISOString();
  const summary = describeSuggestion(suggestion);
  const name = authorName ?? "A former member";
  const comments = thread?.comments ?? [];
  return (
    <article
      className="suggestion-card"
      style={{ "--suggestion-color": userColor(suggestion.authorId) } as CSSProperties}
      aria-label={`${name}: ${summary}`}
      data-testid="suggestion"
      data-suggestion-id={suggestion.id}
    >
      <button type="button" className="suggestion-card-show" onClick={props.onSelect} title="Show in the text">
        <span className="suggestion-card-meta">
          <span className="suggestion-card-author">{name}</span>
          <time className="muted small" dateTime={when} title={formatFullTime(when)}>
            {formatWhen(when)}
          </time>
        </span>
        <span className="suggestion-card-change" data-testid="suggestion-change">
          {summary}
        </span>
        <span className="visually-hidden">. Show in the text</span>
      </button>
      {canResolve ? (
        <div className="suggestion-card-actions">
          <button type="button" className="button button-primary button-small" onClick={props.onAccept}>
            Accept<span className="visually-hidden"> {summary}</span>
          </button>
          <button type="button" className="button button-secondary button-small" onClick={props.onReject}>
            Reject<span className="visually-hidden"> {summary}</span>
          </button>
        </div>
      ) : null}
      {comments.length > 0 ? (
        <ol className="comment-list" aria-label={`Replies to ${name}’s suggestion`}>
          {comments.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              members={members}
              onEdit={(body) => threadActions?.editComment(comment.id, body) ?? Promise.resolve()}
              onDelete={() => threadActions?.deleteComment(comment.id) ?? Promise.resolve()}
            />
          ))}
        </ol>
      ) : null}
      {canComment && (replying || comments.length > 0) ? (
        <CommentBox
          label={`Reply to ${name}’s suggestion`}
          hideLabel
          compact
          autoFocus={replying && comments.length === 0}
          placeholder="Reply…"
          submitLabel="Reply"
          members={members}
          testId="suggestion-reply-box"
          onCancel={comments.length === 0 ? () => setReplying(false) : undefined}
          onSubmit={async (body) => {
            try {
              await props.onReply(body);
            } catch (caught) {
              throw new Error(errorMessage(caught));
            }
          }}
        />
      ) : canComment ? (
        <button type="button" className="button-link small" onClick={() => setReplying(true)}>
          Reply<span className="visually-hidden"> to {name}’s suggestion</span>
        </button>
      ) : null}
    </article>
  );
}
