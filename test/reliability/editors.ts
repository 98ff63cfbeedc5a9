import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/**
 * Clients of the document socket that authenticate as a browser does: with the session
 * cookie the REST API set. Used by the crash and hostile suites against a spawned server.
 */

/** The shared text the reliability suites type into (the server does not care which type holds what). */
export const TYPED_TEXT = "typed";

/** A ws WebSocket class that sends `cookie` on the upgrade, for WebsocketProvider's polyfill slot. */
export function cookieWebSocket(cookie: string): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

export function collabUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, "ws")}/collab`;
}

export interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  /** Close codes this provider's socket saw, in order. */
  closes: number[];
  destroy(): void;
}

/** A WebsocketProvider client for `docName`; `doc` may carry edits from an earlier connection. */
export function openEditor(baseUrl: string, cookie: string, docName: string, doc = new Y.Doc()): Editor {
  const provider = new WebsocketProvider(collabUrl(baseUrl), docName, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as never,
    // All clients live in one process: BroadcastChannel would sync them past the server.
    disableBc: true,
    maxBackoffTime: 500,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  let destroyed = false;
  return {
    doc,
    provider,
    text: doc.getText(TYPED_TEXT),
    closes,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
      doc.destroy();
    },
  };
}
