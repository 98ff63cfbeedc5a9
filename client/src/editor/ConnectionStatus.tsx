import "./localFirst.css";
import { MAX_UNSENT_BYTES } from "./localFirst";
import type { CollabConnection, SaveState } from "./useCollabDocument";

/**
 * The document socket's state ("Connected", "Reconnecting…", "Offline — 3 changes kept on this
 * device") and, while connected, whether the server has stored everything typed here ("Saved")
 * or not yet ("Saving…"): its own acknowledgement decides (SPEC P15), not a timer. Announced
 * politely when either changes.
 */
export function ConnectionStatus({
  connection,
  save,
  editable,
  onReconnect,
}: {
  connection: CollabConnection;
  save: SaveState;
  /** A reader has nothing to save: "Saved" would tell them nothing. */
  editable: boolean;
  onReconnect: () => void;
}) {
  const synced = connection.status === "connected" && connection.synced;
  const saveLabel =
    synced && (editable || save.pending.changes > 0) ? (save.pending.changes === 0 ? "Saved" : "Saving…") : null;
  return (
    <div className={`connection connection-${connection.status}`}>
      <span className="connection-dot" aria-hidden="true" />
      <span
        role="status"
        aria-live="polite"
        data-testid="connection-status"
        data-state={connection.status}
        data-synced={synced}
        data-pending={save.pending.changes}
      >
        {label(connection, save)}
      </span>
      {saveLabel ? (
        <span className="save-status" role="status" aria-live="polite" data-testid="save-status">
          {saveLabel}
        </span>
      ) : null}
      {save.overLimit ? (
        <span className="save-status save-status-full" role="alert">
          This device holds as much unsaved text as it may ({Math.round(MAX_UNSENT_BYTES / 1024 / 1024)} MB); typing
          resumes once it is saved.
        </span>
      ) : null}
      {connection.status === "closed" ? (
        <button type="button" className="button-link" onClick={onReconnect}>
          Reconnect
        </button>
      ) : null}
    </div>
  );
}

function label(connection: CollabConnection, save: SaveState): string {
  switch (connection.status) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return "Reconnecting…";
    case "offline":
      return save.pending.changes === 0
        ? "Offline — nothing unsaved"
        : `Offline — ${changes(save.pending.changes)} kept on this device`;
    case "closed":
      return `Disconnected: ${connection.reason}`;
    default: {
      const exhaustive: never = connection;
      return exhaustive;
    }
  }
}

function changes(count: number): string {
  return count === 1 ? "1 change" : `${count} changes`;
}
