import { useCallback, useId, useRef, useState } from "react";
import { useDismissable } from "./useDismissable";
import { Link } from "react-router";
import { notificationSentence } from "../notifications/notificationsApi";
import { useNotifications } from "../notifications/useNotifications";
import { formatWhen } from "../review/formatWhen";
import "../notifications/notifications.css";

/**
 * "Notifications" in the header, with the unread count: mentions, replies to one's threads,
 * review requests and decisions on one's recommendations, kept by the server until read.
 * Opening one marks it read and goes to its recommendation (and thread).
 */
export function NotificationInbox() {
  const inbox = useNotifications();
  const [open, setOpen] = useState(false);
  const closePanel = useCallback(() => setOpen(false), []);
  const panelId = useId();
  const titleId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useDismissable(open, closePanel, rootRef, buttonRef);

  const unread = inbox.unreadCount;
  return (
    <div className="notification-inbox" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-secondary button-small notification-inbox-button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="notification-inbox"
        onClick={() => setOpen((value) => !value)}
      >
        Notifications
        {unread > 0 ? (
          <span className="count-badge" data-testid="notification-unread">
            {unread}
            <span className="visually-hidden"> unread</span>
          </span>
        ) : null}
      </button>
      <div className="visually-hidden" aria-live="polite" role="status">
        {inbox.arrived}
      </div>
      <section id={panelId} className="notification-inbox-panel" hidden={!open} aria-labelledby={titleId}>
        <div className="notification-inbox-head">
          <h2 id={titleId} className="notification-inbox-title">
            Notifications
          </h2>
          <button
            type="button"
            className="button-link"
            disabled={unread === 0}
            onClick={() => void inbox.markAllRead()}
          >
            Mark all read
          </button>
        </div>
        {inbox.error ? (
          <p className="field-error" role="alert">
            {inbox.error}
          </p>
        ) : null}
        {inbox.notifications.length === 0 ? (
          <p className="muted small">
            Nothing yet. Mentions, replies to your threads, review requests and decisions on your recommendations show
            up here.
          </p>
        ) : (
          <ul className="notification-list">
            {inbox.notifications.map((n) => (
              <li
                key={n.id}
                className={n.read ? "notification-read" : "notification-unread"}
                data-testid="notification"
              >
                <Link
                  to={n.path}
                  className="notification-link"
                  onClick={() => {
                    inbox.markRead(n.id);
                    setOpen(false);
                  }}
                >
                  <span className="notification-dot" aria-hidden="true" />
                  <span className="notification-body">
                    <span className="notification-sentence">
                      {n.read ? null : <span className="visually-hidden">Unread: </span>}
                      {notificationSentence(n)}
                    </span>
                    {n.excerpt ? <span className="notification-excerpt">{n.excerpt}</span> : null}
                    <span className="notification-meta">
                      {n.brief.title} · {formatWhen(n.createdAt)}
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {inbox.hasOlder ? (
          <button
            type="button"
            className="button button-secondary button-small notification-older"
            onClick={() => void inbox.loadOlder()}
          >
            Show older
          </button>
        ) : null}
      </section>
    </div>
  );
}
