import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { Member, ThreadView } from "@accord/protocol";
import { CommentBox } from "./CommentBox";
import { CommentItem } from "./CommentItem";

export interface ThreadActions {
  reply: (body: string) => Promise<void>;
  setStatus: (status: ThreadView["status"]) => Promise<void>;
  editComment: (commentId: string, body: string) => Promise<void>;
  deleteComment: (commentId: string) => Promise<void>;
}

interface ThreadCardProps {
  thread: ThreadView;
  /** Its text was deleted (as the server or this window's editor sees it). */
  detached: boolean;
  members: readonly Member[];
  active: boolean;
  actions: ThreadActions;
  /** Makes this the active thread and shows its range in the text (focusing it if asked). */
  onShow: (options: { focus: boolean }) => void;
}

/** One thread: the text it is about, its comments, a reply box, and Resolve or Reopen. */
export function ThreadCard({ thread, detached, members, active, actions, onShow }: ThreadCardProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolved = thread.status === "resolved";
  const first = thread.comments[0];
  const ref = useRef<HTMLElement>(null);

  // Clicking a highlight in the text brings its thread into view here.
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: "nearest" });
  }, [active]);

  async function setStatus(status: ThreadView["status"]) {
    setBusy(true);
    setError(null);
    try {
      await actions.setStatus(status);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const resolveButton = thread.abilities.resolve ? (
    <button
      type="button"
      className="button button-secondary button-small"
      disabled={busy}
      onClick={() => void setStatus(resolved ? "open" : "resolved")}
    >
      {resolved ? "Reopen" : "Resolve"}
      <span className="visually-hidden"> thread</span>
    </button>
  ) : null;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click anywhere on the card shows its text; the keyboard has the card's own "Show in the text" button
    <article
      ref={ref}
      className={`thread${active ? " thread-active" : ""}${resolved ? " thread-resolved" : ""}${detached ? " thread-detached" : ""}`}
      aria-label={`Thread on “${thread.quote}”`}
      data-testid="thread"
      data-thread-id={thread.id}
      data-status={thread.status}
      onClick={(event) => {
        // Clicks on the thread's own controls do their own thing.
        if (!(event.target as HTMLElement).closest("button, a, textarea, input, form")) onShow({ focus: false });
      }}
    >
      <div className="thread-quote-row">
        {detached ? (
          <p className="thread-quote thread-quote-detached">
            <span className="thread-removed">Text removed</span>
            <q>{thread.quote}</q>
          </p>
        ) : (
          <button
            type="button"
            className="thread-quote"
            onClick={() => onShow({ focus: true })}
            title="Show in the text"
          >
            <span className="visually-hidden">Show in the text: </span>
            {/* The server's text may predate the words coming back (A7): then they read as the quote. */}
            <q>{thread.anchorState.state === "attached" ? thread.anchorState.text : thread.quote}</q>
          </button>
        )}
        {resolved ? <span className="pill pill-resolved">Resolved</span> : null}
      </div>
      <ol className="comment-list" aria-label="Comments">
        {thread.comments.map((comment) => (
          <CommentItem
            key={comment.id}
            comment={comment}
            members={members}
            onEdit={(body) => actions.editComment(comment.id, body)}
            onDelete={() => actions.deleteComment(comment.id)}
          />
        ))}
      </ol>
      {thread.abilities.comment ? (
        <CommentBox
          label={`Reply to ${first?.authorName ?? "the thread"}`}
          hideLabel
          compact
          placeholder="Reply…"
          submitLabel="Reply"
          members={members}
          testId="reply-box"
          extraActions={resolveButton}
          onSubmit={async (body) => {
            try {
              await actions.reply(body);
            } catch (caught) {
              throw new Error(errorMessage(caught));
            }
          }}
        />
      ) : resolveButton ? (
        <div className="thread-actions">{resolveButton}</div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}
