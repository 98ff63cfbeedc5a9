import { useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { CommentView, Member } from "@accord/protocol";
import { CommentBox } from "./CommentBox";
import { formatFullTime, formatWhen } from "./formatWhen";
import { MentionText } from "./MentionText";

interface CommentItemProps {
  comment: CommentView;
  members: readonly Member[];
  onEdit: (body: string) => Promise<void>;
  onDelete: () => Promise<void>;
}

/** One comment: who, when, what (mentions emphasised), and Edit/Delete for its author. */
export function CommentItem({ comment, members, onEdit, onDelete }: CommentItemProps) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names = members.filter((member) => comment.mentions.includes(member.userId)).map((member) => member.name);

  return (
    <li className="comment" data-testid="comment">
      <div className="comment-meta">
        <span className="comment-author">{comment.authorName}</span>
        <time className="muted small" dateTime={comment.createdAt} title={formatFullTime(comment.createdAt)}>
          {formatWhen(comment.createdAt)}
        </time>
        {comment.editedAt ? <span className="muted small">(edited)</span> : null}
      </div>
      {editing ? (
        <CommentBox
          label="Edit your comment"
          hideLabel
          submitLabel="Save"
          initialValue={comment.body}
          members={members}
          autoFocus
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            try {
              await onEdit(body);
              setEditing(false);
            } catch (caught) {
              throw new Error(errorMessage(caught));
            }
          }}
        />
      ) : (
        <p className="comment-body" data-testid="comment-body">
          <MentionText body={comment.body} names={names} />
        </p>
      )}
      {!editing && (comment.abilities.edit || comment.abilities.delete) ? (
        <div className="comment-actions">
          {confirming ? (
            <>
              <span className="small">Delete this comment?</span>
              <button
                type="button"
                className="button-link danger-link"
                onClick={() => {
                  setError(null);
                  onDelete().catch((caught: unknown) => {
                    setError(errorMessage(caught));
                    setConfirming(false);
                  });
                }}
              >
                Delete
              </button>
              <button type="button" className="button-link" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <>
              {comment.abilities.edit ? (
                <button type="button" className="button-link" onClick={() => setEditing(true)}>
                  Edit<span className="visually-hidden"> your comment</span>
                </button>
              ) : null}
              {comment.abilities.delete ? (
                <button type="button" className="button-link" onClick={() => setConfirming(true)}>
                  Delete<span className="visually-hidden"> your comment</span>
                </button>
              ) : null}
            </>
          )}
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
