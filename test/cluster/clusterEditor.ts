import { AccordMessageType, BODY_FRAGMENT } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/**
 * A browser's editor behind a load balancer: one Y.Doc and one y-websocket provider for the
 * whole test, whose every (re)connection goes to the process `route()` names at that moment.
 * When a process dies the balancer routes elsewhere and the provider's own reconnect lands
 * there, with everything the document holds: no edit is lost client-side.
 */
export interface ClusterEditor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The Tiptap body (BODY_FRAGMENT). */
  body: Y.XmlFragment;
  /** Base URL of the process each connection went to, in order. */
  connections: string[];
  /** Close codes of the connections the server (or the network) closed, in order. */
  closes: number[];
  /** Edits the server refused (P14): their reasons. */
  refusals: string[];
  /** Whether the current connection is open and synced. */
  readonly synced: boolean;
  destroy(): void;
}

export interface ClusterEditorOptions {
  /** The base URL (http://host:port) of the process the next connection goes to. */
  route: () => string;
  cookie: string;
  docName: string;
  /** y-websocket's reconnect backoff cap. @default 250 */
  maxBackoffTime?: number;
}

export function openClusterEditor({
  route,
  cookie,
  docName,
  maxBackoffTime = 250,
}: ClusterEditorOptions): ClusterEditor {
  const connections: string[] = [];
  class RoutedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      const base = route();
      const target = new URL(url);
      target.host = new URL(base).host;
      connections.push(base);
      super(target.toString(), protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${route().replace(/^http/, "ws")}/collab`, docName, doc, {
    WebSocketPolyfill: RoutedWebSocket as never,
    disableBc: true,
    maxBackoffTime,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  const refusals: string[] = [];
  provider.messageHandlers[AccordMessageType.EditRefused] = (_encoder, decoder) => {
    decoding.readVarUint(decoder); // which of its messages
    refusals.push(decoding.readVarString(decoder));
    decoding.readVarString(decoder); // the message shown to the writer
  };
  return {
    doc,
    provider,
    body: doc.getXmlFragment(BODY_FRAGMENT),
    connections,
    closes,
    refusals,
    get synced() {
      return provider.wsconnected && provider.synced;
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** A paragraph of the body holding `text`, as Tiptap stores one. */
export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/**
 * Someone typing into a paragraph of their own: every `everyMs` the next token (`a0.`, `a1.`, …)
 * is appended to it, connected or not, as a person keeps typing through "Reconnecting". What
 * they typed is exactly `typed()`, so a lost, doubled or reordered keystroke shows in the text.
 */
export interface Typist {
  readonly count: number;
  typed(): string;
  stop(): void;
}

export function startTyping(editor: ClusterEditor, letter: string, everyMs: number): Typist {
  const own = paragraph("");
  editor.body.push([own]);
  const text = own.get(0) as Y.XmlText;
  let count = 0;
  const tokens: string[] = [];
  const timer = setInterval(() => {
    const token = `${letter}${count++}.`;
    tokens.push(token);
    text.insert(text.length, token);
  }, everyMs);
  return {
    get count() {
      return count;
    },
    typed: () => tokens.join(""),
    stop: () => clearInterval(timer),
  };
}

/** The text of each paragraph of the body, in order. */
export function paragraphTexts(body: Y.XmlFragment): string[] {
  return body.toArray().map((node) => (node instanceof Y.XmlElement ? node.toArray().join("") : String(node)));
}
