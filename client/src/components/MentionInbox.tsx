import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import { formatWhen } from "../review/formatWhen";
import { threadPath, type MentionNotice } from "../review/mentionNotice";

interface MentionInboxProps {
  briefId: string;
  mentions: readonly MentionNotice[];
  /** The list was opened: everything in it counts as read. */
  onOpened: () => void;
}

/** "Mentions (n)" in the workspace bar: the comments that named this member since the brief was opened. */
export function MentionInbox({ briefId, mentions, onOpened }: MentionInboxProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const unread = mentions.filter((notice) => !notice.read).length;

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return (
    <div className="mention-inbox" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-secondary button-small mention-inbox-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="mention-inbox"
        onClick={() => {
          if (!open) onOpened();
          setOpen((value) => !value);
        }}
      >
        Mentions
        {unread > 0 ? (
          <span className="count-badge" data-testid="mention-unread">
            {unread}
            <span className="visually-hidden"> unread</span>
          </span>
        ) : null}
      </button>
      <div id={panelId} className="mention-inbox-panel" hidden={!open}>
        <h2 className="mention-inbox-title">Mentions</h2>
        {mentions.length === 0 ? (
          <p className="muted small">When someone names you with @ in a comment, it shows up here.</p>
        ) : (
          <ul className="mention-list">
            {mentions.map((notice) => (
              <li key={notice.commentId}>
                <Link
                  to={threadPath(briefId, notice.recommendationId, notice.threadId)}
                  className="mention-link"
                  onClick={() => setOpen(false)}
                >
                  <span>
                    <strong>{notice.byName}</strong> mentioned you
                    {notice.recommendationTitle ? <> on “{notice.recommendationTitle}”</> : null}
                  </span>
                  <span className="muted small">{formatWhen(notice.receivedAt)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
