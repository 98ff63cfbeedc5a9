import { AccordMessageType, CloseCode, COLLAB_PATH_PREFIX, sessionEndReasonOfClose } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { useSession } from "../components/SessionProvider";
import {
  LocalCopy,
  localDocumentName,
  OFFLINE_AFTER_MS,
  peekSyncStep1,
  readEditRefusal,
  unsavedWords,
  type OfferedWords,
  type Pending,
} from "./localFirst";

export type CollabConnection =
  | { status: "connecting" }
  | { status: "connected"; synced: boolean }
  | { status: "reconnecting" }
  /** Disconnected for longer than OFFLINE_AFTER_MS (or the browser says it is offline): edits stay on this device. */
  | { status: "offline" }
  /** The server said reconnecting cannot help (access revoked, a refused frame…). */
  | { status: "closed"; reason: string };

export interface CollabDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/** What this device holds that the server has not confirmed stored (see localFirst.ts). */
export interface SaveState {
  pending: Pending;
  /** Past MAX_UNSENT_BYTES: the editor takes no more text until the server has stored it. */
  overLimit: boolean;
}

/** An edit the server refused (SPEC P14): why, and the words it did not store. */
export interface RefusedEdit {
  reason: string;
  message: string;
  words: OfferedWords;
  /** Some of the words were typed offline or in an earlier visit: attached as a comment without asking. */
  automatic: boolean;
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
    case CloseCode.SuggestionsOnly:
      return "the server takes only suggestions from you here, and refused a change from this window.";
    default:
      return "the server closed the connection.";
  }
}

function collabServerUrl(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  // The provider appends "/<recommendationId>" itself.
  return `${scheme}://${window.location.host}${COLLAB_PATH_PREFIX.replace(/\/$/, "")}`;
}

/** How long the device's copy may take to load before the editor connects without it. */
const LOCAL_LOAD_TIMEOUT_MS = 2_000;

const SAVED: SaveState = { pending: { changes: 0, bytes: 0, offline: false }, overLimit: false };

/**
 * One Y.Doc, its copy on this device and its WebsocketProvider for a recommendation's body,
 * created in an effect and destroyed in its cleanup (React StrictMode runs effects twice in
 * development; a provider built during render would be destroyed for good). `onAccessChanged`
 * runs when the server closes the socket because the member's role or the recommendation's
 * status changed, so the caller can refetch its abilities. When the server refuses an edit, the
 * words it did not store are kept in `refusal`, the device's copy is deleted and a fresh
 * document shows the server's text.
 */
export function useCollabDocument(recommendationId: string, userId: string, onAccessChanged: () => void) {
  const [session, setSession] = useState<CollabDocument | null>(null);
  const [copy, setCopy] = useState<LocalCopy | null>(null);
  const [connection, setConnection] = useState<CollabConnection>({ status: "connecting" });
  const [refusal, setRefusal] = useState<RefusedEdit | null>(null);
  // Bumped to start again from the server's text (after a refusal).
  const [generation, setGeneration] = useState(0);
  const onAccessChangedRef = useRef(onAccessChanged);
  onAccessChangedRef.current = onAccessChanged;
  const { sessionEnded } = useSession();
  const sessionEndedRef = useRef(sessionEnded);
  sessionEndedRef.current = sessionEnded;

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the trigger to start again from the server's text
  useEffect(() => {
    const doc = new Y.Doc();
    const local = new LocalCopy(localDocumentName(userId, recommendationId), doc);
    const provider = new WebsocketProvider(collabServerUrl(), recommendationId, doc, {
      // Only the server relays edits: it is where read-only is enforced and every edit is stored first.
      disableBc: true,
      shouldReconnect: (event) => shouldReconnect(event.code),
      WebSocketPolyfill: local.socketClass(),
      // The device's copy is loaded first: its changes go with the first sync step 2.
      connect: false,
    });
    let everConnected = false;
    let disposed = false;
    // The device's copy was deleted (removed from the brief): nothing more is kept.
    let cleared = false;
    let offlineTimer: number | undefined;

    const goOffline = () => {
      local.setOffline(true);
      setConnection((current) =>
        current.status === "closed" || current.status === "connected" ? current : { status: "offline" },
      );
    };
    const disconnected = () => {
      if (offlineTimer === undefined)
        offlineTimer = window.setTimeout(goOffline, navigator.onLine ? OFFLINE_AFTER_MS : 0);
    };
    disconnected();

    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== provider && origin !== local.persistence) local.localChange(update.byteLength);
    });

    const syncHandler = provider.messageHandlers[0]!;
    provider.messageHandlers[0] = (encoder, decoder, ...rest) => {
      const stateVector = peekSyncStep1(decoder);
      if (stateVector !== null) local.serverSyncStep1(stateVector);
      syncHandler(encoder, decoder, ...rest);
    };
    provider.messageHandlers[AccordMessageType.Stored] = (_encoder, decoder: decoding.Decoder) => {
      local.stored(decoding.readVarUint(decoder));
    };
    provider.messageHandlers[AccordMessageType.EditRefused] = (_encoder, decoder: decoding.Decoder) => {
      const { reason, message } = readEditRefusal(decoder);
      if (disposed) return;
      disposed = true;
      // What the server held when this connection opened: everything past it was refused.
      const words = unsavedWords(doc, local.serverStateVector ?? new Map());
      setRefusal({ reason, message, words, automatic: local.pending.offline });
      provider.destroy();
      void local.clear().finally(() => {
        doc.destroy();
        setGeneration((current) => current + 1);
      });
    };

    provider.on("status", ({ status }) => {
      if (status === "connected") {
        everConnected = true;
        window.clearTimeout(offlineTimer);
        offlineTimer = undefined;
        local.setOffline(false);
        setConnection({ status: "connected", synced: provider.synced });
      } else {
        disconnected();
        const next: CollabConnection = {
          status: status === "connecting" && !everConnected ? "connecting" : "reconnecting",
        };
        setConnection((current) => (current.status === "closed" || current.status === "offline" ? current : next));
      }
    });
    provider.on("sync", (synced) => {
      setConnection((current) => (current.status === "connected" ? { status: "connected", synced } : current));
    });
    provider.on("connection-close", (event) => {
      // A tab that never reached the server (reopened during an outage) is offline at once.
      if (!everConnected) goOffline();
      // Closed because the session ended (logout anywhere, password change, expiry): the app
      // says why and goes to the login page, rather than "you no longer have access".
      const ended = event?.code === CloseCode.AccessRevoked ? sessionEndReasonOfClose(event.reason) : null;
      if (ended) sessionEndedRef.current(ended);
      else if (event?.code === CloseCode.PermissionsChanged || event?.code === CloseCode.AccessRevoked)
        onAccessChangedRef.current();
      // Removed from the brief: nothing typed here can be sent any more. The words are offered
      // (copy) and the device's copy, which could never be sent, is deleted. (A session that
      // ended keeps it: its user logs in again and it is sent then.)
      if (!ended && event?.code === CloseCode.AccessRevoked && !local.saved && !disposed && !cleared) {
        cleared = true;
        const words = unsavedWords(doc, local.serverStateVector ?? new Map());
        setRefusal({
          reason: "removed",
          message: "You no longer have access to this recommendation, so these changes could not be saved.",
          words,
          automatic: false,
        });
        void local.clear();
      }
    });
    provider.on("closed", ({ code }) => setConnection({ status: "closed", reason: closedReason(code) }));
    const browserOffline = () => {
      window.clearTimeout(offlineTimer);
      offlineTimer = undefined;
      if (!provider.wsconnected) goOffline();
    };
    window.addEventListener("offline", browserOffline);

    // Without IndexedDB (blocked, private windows of some browsers) the copy never loads: the
    // editor then works as it did before it had one, straight from the server.
    const loaded = Promise.race([
      local.load(),
      new Promise<void>((resolve) => window.setTimeout(resolve, LOCAL_LOAD_TIMEOUT_MS)),
    ]);
    void loaded
      .catch(() => {})
      .then(() => {
        if (!disposed) provider.connect();
      });
    setSession({ doc, provider });
    setCopy(local);
    return () => {
      window.removeEventListener("offline", browserOffline);
      window.clearTimeout(offlineTimer);
      setSession(null);
      setCopy(null);
      setConnection({ status: "connecting" });
      if (disposed) return; // a refusal already tore it down
      disposed = true;
      provider.destroy();
      if (!cleared) local.destroy();
      doc.destroy();
    };
  }, [recommendationId, userId, generation]);

  const save = useSyncExternalStore(
    useCallback((listener: () => void) => copy?.subscribe(listener) ?? (() => {}), [copy]),
    () => (copy ? saveStateOf(copy) : SAVED),
  );

  // The browser asks before a tab with changes the server has not confirmed closes.
  useEffect(() => {
    if (save.pending.changes === 0) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [save.pending.changes]);

  const reconnect = useCallback(() => {
    if (!session) return;
    setConnection({ status: "connecting" });
    session.provider.connect();
  }, [session]);

  const dismissRefusal = useCallback(() => setRefusal(null), []);

  /**
   * Resolves once the server has confirmed storing everything typed here (what "Saved" says),
   * or rejects after `timeoutMs`. A restore waits on it before recording itself (issue 18).
   */
  const whenSaved = useCallback(
    (timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        if (!copy) {
          reject(new Error("the document is not open."));
          return;
        }
        let unsubscribe = () => {};
        const timer = window.setTimeout(() => {
          unsubscribe();
          reject(new Error("the server has not confirmed saving the text yet."));
        }, timeoutMs);
        const check = () => {
          if (!copy.saved) return;
          window.clearTimeout(timer);
          unsubscribe();
          resolve();
        };
        unsubscribe = copy.subscribe(check);
        check();
      }),
    [copy],
  );

  return { session, connection, reconnect, save, refusal, dismissRefusal, whenSaved };
}

/** One object per state, so that useSyncExternalStore sees a change only when there is one. */
const saveStates = new WeakMap<Pending, SaveState>();
function saveStateOf(copy: LocalCopy): SaveState {
  let state = saveStates.get(copy.pending);
  if (!state) {
    state = { pending: copy.pending, overLimit: copy.overLimit };
    saveStates.set(copy.pending, state);
  }
  return state;
}
