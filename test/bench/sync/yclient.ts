import * as decoding from "lib0/decoding";
import { performance } from "node:perf_hooks";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * A minimal y-protocols client over `ws`, for the bench: sync step 1/2 and updates, nothing
 * else (awareness and Hocuspocus' status messages are read past). WebsocketProvider would add
 * awareness timers, reconnect logic and BroadcastChannel per connection — at 50–10,000
 * connections per process that overhead would be measured instead of the server.
 */

/** How a server frames messages: y-websocket's plain frames, or Hocuspocus' document-name prefix. */
export type Dialect = "yws" | "hocuspocus";

/** Where one client connects: `url` is the full WebSocket URL; `docName` also goes into Hocuspocus frames. */
export interface Endpoint {
  dialect: Dialect;
  url: string;
  docName: string;
  /** Accord's session cookie, sent on the upgrade as a browser would. */
  cookie?: string | null;
}

const SYNC = 0;
const AUTH = 2;
/** Hocuspocus' "sync step 2 that must not trigger another step 1" (MessageType.SyncReply). */
const HOCUSPOCUS_SYNC_REPLY = 4;

export interface YClientOptions {
  /** false: frames are read (and their type checked) but never applied — a "cheap" client. */
  applying: boolean;
  /** Called with each remote update right after it was applied (only when applying). */
  onApplied?: (update: Uint8Array) => void;
}

export class YClient {
  readonly doc = new Y.Doc();
  readonly ws: WebSocket;
  /** Resolves when the first sync step 2 from the server arrived (and, when applying, was applied). */
  readonly synced: Promise<void>;
  readonly closed: Promise<void>;
  isSynced = false;
  /**
   * When the frame being handled (or last handled) had fully arrived, before it was applied, on
   * `performance.now()`: read from `onApplied`, it separates what the server took from what the
   * client then spent applying.
   */
  frameReceivedAt = 0;
  /** The close code and reason, once closed (1006 when the socket was cut). */
  closeInfo: { code: number; reason: string } | null = null;
  private resolveSynced!: () => void;
  private readonly prefix: Uint8Array | null;

  constructor(
    readonly endpoint: Endpoint,
    readonly options: YClientOptions,
  ) {
    this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
    // Hocuspocus multiplexes documents on one socket: every frame starts with the document name.
    this.prefix =
      endpoint.dialect === "hocuspocus" ? encoding.encode((e) => encoding.writeVarString(e, endpoint.docName)) : null;
    this.ws = new WebSocket(endpoint.url, endpoint.cookie ? { headers: { cookie: endpoint.cookie } } : {});
    this.ws.binaryType = "nodebuffer";
    this.closed = new Promise((resolve) =>
      this.ws.once("close", (code: number, reason: Buffer) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve();
      }),
    );
    this.ws.on("error", () => {}); // a refused or cut socket shows up as a close; the bench counts what was delivered
    this.ws.on("open", () => {
      if (endpoint.dialect === "hocuspocus") {
        // Hocuspocus queues everything for a document until an auth message for it arrived
        // (no onAuthenticate hook is configured, so any token passes).
        this.send((e) => {
          encoding.writeVarUint(e, AUTH);
          encoding.writeVarUint(e, 0); // AuthMessageType.Token
          encoding.writeVarString(e, "bench");
        });
      }
      this.send((e) => {
        encoding.writeVarUint(e, SYNC);
        syncProtocol.writeSyncStep1(e, this.doc);
      });
    });
    this.ws.on("message", (data: Buffer) => this.receive(data));
    // Our own edits go to the server as update messages, the way WebsocketProvider sends them.
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.sendUpdate(update);
    });
  }

  sendUpdate(update: Uint8Array): void {
    this.send((e) => {
      encoding.writeVarUint(e, SYNC);
      syncProtocol.writeUpdate(e, update);
    });
  }

  private send(write: (e: encoding.Encoder) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const e = encoding.createEncoder();
    if (this.prefix) encoding.writeUint8Array(e, this.prefix);
    write(e);
    this.ws.send(encoding.toUint8Array(e));
  }

  private receive(data: Buffer): void {
    this.frameReceivedAt = performance.now();
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (this.prefix) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type !== SYNC && !(this.prefix && type === HOCUSPOCUS_SYNC_REPLY)) return; // awareness, auth answers, sync status
    const sub = decoding.readVarUint(d);
    if (sub === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(d);
      this.send((e) => {
        // Hocuspocus answers a plain step 2 with yet another step 1; SyncReply avoids the loop.
        encoding.writeVarUint(e, this.prefix ? HOCUSPOCUS_SYNC_REPLY : SYNC);
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc, stateVector));
      });
      return;
    }
    if (sub !== syncProtocol.messageYjsSyncStep2 && sub !== syncProtocol.messageYjsUpdate) return;
    const update = decoding.readVarUint8Array(d);
    if (this.options.applying) {
      Y.applyUpdate(this.doc, update, this);
      this.options.onApplied?.(update);
    }
    if (sub === syncProtocol.messageYjsSyncStep2 && !this.isSynced) {
      this.isSynced = true;
      this.resolveSynced();
    }
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}

/** The text type every bench client writes into (the servers do not care which type holds what). */
export const BENCH_TEXT = "bench";

/** An edit's marker: sender, sequence number and send time on the machine's monotonic clock. */
export function marker(sender: number, seq: number, sentAt: bigint = process.hrtime.bigint()): string {
  return `<${sender}.${seq}.${sentAt}>`;
}

export const MARKER = /<(\d+)\.(\d+)\.(\d+)>/g;
