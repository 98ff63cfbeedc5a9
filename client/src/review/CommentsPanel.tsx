import type { Member, ThreadView } from "@accord/protocol";
import { LoadingState } from "../components/LoadingState";
import { NewThreadForm } from "./NewThreadForm";
import type { CommentDraft } from "./reviewTypes";
import { ThreadCard, type ThreadActions } from "./ThreadCard";
import type { ThreadsState } from "./useThreads";

interface CommentsPanelProps {
  state: ThreadsState;
  members: readonly Member[];
  canComment: boolean;
  draft: CommentDraft | null;
  activeThreadId: string | null;
  /** A thread opened from a link: if it is resolved, the resolved ones unfold to show it. */
  revealThreadId: string | null;
  /** Open threads whose text the editor finds now (null before it synced): fresher than the server's last answer. */
  attachedThreads: ReadonlySet<string> | null;
  onCreate: (body: string) => Promise<void>;
  onCancelDraft: () => void;
  actionsFor: (thread: ThreadView) => ThreadActions;
  onShowThread: (threadId: string, options: { focus: boolean }) => void;
}

/**
 * The recommendation's review threads, in the order of the text they are about; resolved
 * ones folded under "Resolved (n)"; a thread whose text was deleted says so and keeps its quote.
 */
export function CommentsPanel({
  state,
  members,
  canComment,
  draft,
  activeThreadId,
  revealThreadId,
  attachedThreads,
  onCreate,
  onCancelDraft,
  actionsFor,
  onShowThread,
}: CommentsPanelProps) {
  const composer = draft ? (
    <NewThreadForm draft={draft} members={members} onSubmit={onCreate} onCancel={onCancelDraft} />
  ) : null;
  if (state.status === "loading") return <LoadingState label="Loading comments…" />;
  if (state.status === "failed")
    return (
      <>
        {composer}
        <p role="alert" className="banner banner-error">
          {state.message}
        </p>
      </>
    );

  const open = state.threads.filter((thread) => thread.status === "open");
  const resolved = state.threads.filter((thread) => thread.status === "resolved");
  const hasActiveResolved = resolved.some((thread) => thread.id === revealThreadId);
  const card = (thread: ThreadView) => (
    <li key={thread.id}>
      <ThreadCard
        thread={thread}
        detached={isDetached(thread, attachedThreads)}
        members={members}
        active={thread.id === activeThreadId}
        actions={actionsFor(thread)}
        onShow={(options) => onShowThread(thread.id, options)}
      />
    </li>
  );

  return (
    <div className="comments-panel" data-testid="comments-panel">
      {composer}
      {open.length === 0 && !draft ? (
        <p className="muted small comments-empty">
          {canComment
            ? "No open comments. Select text in the recommendation and choose Comment to start a thread."
            : "No open comments."}
        </p>
      ) : null}
      <ul className="thread-list" aria-label="Open threads">
        {open.map(card)}
      </ul>
      {resolved.length > 0 ? (
        // Keyed on whether the linked thread is inside, so that opening one from a link unfolds it.
        <details className="resolved-threads" open={hasActiveResolved || undefined} key={String(hasActiveResolved)}>
          <summary>Resolved ({resolved.length})</summary>
          <ul className="thread-list" aria-label="Resolved threads">
            {resolved.map(card)}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/**
 * Whether a thread's text is gone. For an open thread the editor's copy of the body is the
 * fresher word once it has synced: it sees the text leave and come back (an undo, a paste:
 * threads SPEC A7) as it happens, before the server's list is fetched again. Resolved threads
 * are not highlighted, so for them the server's answer stands.
 */
function isDetached(thread: ThreadView, attachedThreads: ReadonlySet<string> | null): boolean {
  if (thread.status === "open" && attachedThreads !== null) return !attachedThreads.has(thread.id);
  return thread.anchorState.state === "detached";
}
