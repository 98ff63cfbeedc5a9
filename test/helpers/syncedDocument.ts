import { BODY_FRAGMENT } from "@accord/protocol";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { eventually } from "./eventually.js";

/** A recommendation's document as a browser edits it: its Y.Doc, the provider and the editor's fragment. */
export interface SyncedDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The Tiptap body (BODY_FRAGMENT). */
  body: Y.XmlFragment;
}

export interface SyncedDocumentOptions {
  /** y-websocket's reconnect backoff cap; its own default when absent. */
  maxBackoffTime?: number;
  /** How long to wait for the first sync. eventually()'s default when absent. */
  timeoutMs?: number;
}

/**
 * The browser's WebsocketProvider on `/collab/<recommendationId>` with the user's session cookie
 * on the upgrade, resolved once synced. `onCleanup` receives the teardown (the caller runs it
 * after the test). BroadcastChannel is off: in one process it would sync clients past the server.
 */
export async function openSyncedDocument(
  baseUrl: string,
  cookie: string | null | undefined,
  recommendationId: string,
  onCleanup: (cleanup: () => void) => void,
  options: SyncedDocumentOptions = {},
): Promise<SyncedDocument> {
  const header = cookie ?? "";
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie: header } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, "ws")}/collab`, recommendationId, doc, {
    WebSocketPolyfill: CookieWebSocket as never,
    disableBc: true,
    ...(options.maxBackoffTime === undefined ? {} : { maxBackoffTime: options.maxBackoffTime }),
  });
  onCleanup(() => {
    provider.destroy();
    doc.destroy();
  });
  await eventually(
    () => provider.synced,
    options.timeoutMs === undefined ? undefined : { timeoutMs: options.timeoutMs },
  );
  return { doc, provider, body: doc.getXmlFragment(BODY_FRAGMENT) };
}
