import { CloseCode, COLLAB_PATH_PREFIX, sessionEndReasonOfClose } from "@accord/protocol";
import { useCallback, useEffect, useRef, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { useSession } from "../components/SessionProvider";

export type CollabConnection =
  | { status: "connecting" }
  | { status: "connected"; synced: boolean }
  | { status: "reconnecting" }
  /** The server said reconnecting cannot help (access revoked, a refused frame…). */
  | { status: "closed"; reason: string };

export interface CollabDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * Close codes worth reconnecting after: a restart, a role or status change (reconnect and
 * be checked again) and a store hiccup. The 44xx codes are final, as in y-websocket's default.
 */
function shouldReconnect(code: number): boolean {
  switch (code) {
    case CloseCode.PermissionsChanged:
    case CloseCode.ServerShutdown:
    case CloseCode.StoreUnavailable:
      return true;
    case CloseCode.AccessRevoked:
    case CloseCode.MalformedMessage:
    case CloseCode.FrameTooLarge:
    case CloseCode.InvalidUpdate:
      return false;
    default:
      return !(code >= 4400 && code < 4500);
  }
}

function closedReason(code: number): string {
  switch (code) {
    case CloseCode.AccessRevoked:
      return "you no longer have access to this recommendation.";
    case CloseCode.FrameTooLarge:
      return "the last change was too large to send.";
    case CloseCode.MalformedMessage:
    case CloseCode.InvalidUpdate:
      return "the server refused a change from this window.";
    default:
      return "the server closed the connection.";
  }
}

function collabServerUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  // The provider appends "/<recommendationId>" itself.
  return `${scheme}://${window.location.host}${COLLAB_PATH_PREFIX.replace(/\/$/, "")}`;
}

/**
 * One Y.Doc and its WebsocketProvider for a recommendation's body, created in an effect
 * and destroyed in its cleanup (React StrictMode runs effects twice in development; a
 * provider built during render would be destroyed for good). `onAccessChanged` runs
 * when the server closes the socket because the member's role or the recommendation's
 * status changed, so the caller can refetch its abilities.
 */
export function useCollabDocument(recommendationId: string, onAccessChanged: () => void) {
  const [session, setSession] = useState<CollabDocument | null>(null);
  const [connection, setConnection] = useState<CollabConnection>({ status: "connecting" });
  const onAccessChangedRef = useRef(onAccessChanged);
  onAccessChangedRef.current = onAccessChanged;
  const { sessionEnded } = useSession();
  const sessionEndedRef = useRef(sessionEnded);
  sessionEndedRef.current = sessionEnded;

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabServerUrl(), recommendationId, doc, {
      // Only the server relays edits: it is where read-only is enforced and every edit is stored first.
      disableBc: true,
      shouldReconnect: (event) => shouldReconnect(event.code),
    });
    let everConnected = false;

    provider.on("status", ({ status }) => {
      if (status === "connected") {
        everConnected = true;
        setConnection({ status: "connected", synced: provider.synced });
      } else if (status === "connecting") {
        setConnection((current) => (current.status === "closed" ? current : { status: everConnected ? "reconnecting" : "connecting" }));
      } else {
        setConnection((current) => (current.status === "closed" ? current : { status: "reconnecting" }));
      }
    });
    provider.on("sync", (synced) => {
      setConnection((current) => (current.status === "connected" ? { status: "connected", synced } : current));
    });
    provider.on("connection-close", (event) => {
      // Closed because the session ended (logout anywhere, password change, expiry): the app
      // says why and goes to the login page, rather than "you no longer have access".
      const ended = event?.code === CloseCode.AccessRevoked ? sessionEndReasonOfClose(event.reason) : null;
      if (ended) sessionEndedRef.current(ended);
      else if (event?.code === CloseCode.PermissionsChanged || event?.code === CloseCode.AccessRevoked) onAccessChangedRef.current();
    });
    provider.on("closed", ({ code }) => setConnection({ status: "closed", reason: closedReason(code) }));

    setSession({ doc, provider });
    return () => {
      provider.destroy();
      doc.destroy();
      setSession(null);
      setConnection({ status: "connecting" });
    };
  }, [recommendationId]);

  const reconnect = useCallback(() => {
    if (!session) return;
    setConnection({ status: "connecting" });
    session.provider.connect();
  }, [session]);

  return { session, connection, reconnect };
}
