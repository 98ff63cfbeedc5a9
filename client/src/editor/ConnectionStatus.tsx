import type { CollabConnection } from "./useCollabDocument";

/** "Connected" / "Reconnecting…" for the document socket, announced politely when it changes. */
export function ConnectionStatus({ connection, onReconnect }: { connection: CollabConnection; onReconnect: () => void }) {
  const synced = connection.status === "connected" && connection.synced;
  return (
    <div className={`connection connection-${connection.status}`}>
      <span className="connection-dot" aria-hidden="true" />
      <span role="status" aria-live="polite" data-testid="connection-status" data-state={connection.status} data-synced={synced}>
        {label(connection)}
      </span>
      {connection.status === "closed" ? (
        <button type="button" className="button-link" onClick={onReconnect}>
          Reconnect
        </button>
      ) : null}
    </div>
  );
}

function label(connection: CollabConnection): string {
  switch (connection.status) {
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected";
    case "reconnecting":
      return "Reconnecting…";
    case "closed":
      return `Disconnected: ${connection.reason}`;
    default: {
      const exhaustive: never = connection;
      return exhaustive;
    }
  }
}
