import { CloseCode, closeCodeName } from "@accord/protocol";
import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import { decodeClientMessage, type ClientMessage } from "./messages.js";
import type { Room } from "./Room.js";
import { TokenBucket } from "./TokenBucket.js";

/** Who is on the other end of a document socket, as `authorize` decided at the upgrade. */
export interface CollabAccess {
  userId: string;
  name: string;
  /** Reviewers, viewers, and everyone on an approved recommendation (SPEC P8). */
  readOnly: boolean;
  /** The session the socket was opened with (its id in the store): when it ends, the socket closes (SPEC R8). */
  sessionHash: string;
  /** When that session expires, in ms since the epoch; the expiry sweep closes the socket then. */
  sessionExpiresAt: number;
}

export type ConnectionState =
  | { kind: "open" }
  /** Either side started closing. No frame is processed and nothing is sent any more (SPEC P10). */
  | { kind: "closing"; code: number; reason: string }
  | { kind: "closed"; code: number };

export interface ConnectionHandlers {
  /** A frame that decoded; what it means is the room's business. */
  message: (connection: Connection, message: ClientMessage) => void;
  /** Called once, when the connection stops being open (whoever closed it). */
  ended: (connection: Connection) => void;
}

/**
 * What every connection of a server shares. One object for all of them: with 10,000 idle
 * connections, each closure or options object kept per connection is memory per connection.
 */
export interface ConnectionSettings {
  maxFrameBytes: number;
  /** Sustained frames per second a socket may send; twice as many may come in a burst (SPEC P11). */
  maxMessagesPerSecond: number;
  /** Sustained bytes per second a socket may send; a burst of two maximum frames passes (SPEC P11). */
  maxBytesPerSecond: number;
  logger: Logger;
  handlers: ConnectionHandlers;
}

export interface ConnectionOptions {
  socket: WebSocket;
  docName: string;
  access: CollabAccess;
  /** The room it belongs to: the server's business, the connection only carries it. */
  room: Room;
}

/** Close reasons travel in the close frame, whose payload is at most 125 bytes (2 of them the code). */
const MAX_REASON_BYTES = 123;

/** The connection a socket belongs to: its listeners are functions shared by every socket. */
const CONNECTION = Symbol("connection");
type ConnectionSocket = WebSocket & { [CONNECTION]: Connection };

/** Milliseconds on a monotonic clock, for the token buckets (one function for all of them). */
const monotonicNow = (): number => performance.now();

/** Every connection starts open; states are replaced, never changed, so one object serves all. */
const OPEN: ConnectionState = { kind: "open" };

/** One document socket: framing, decoding, its lifecycle and its keepalive. */
export class Connection {
  /**
   * The awareness client ids this connection set, so they can be removed when it goes (SPEC R5).
   * Null until it sets one: most connections of an idle server never do.
   */
  awarenessClientIds: Set<number> | null = null;
  readonly docName: string;
  readonly access: CollabAccess;
  readonly room: Room;
  private state: ConnectionState = OPEN;
  private answeredLastPing = true;
  private readonly bucket: TokenBucket;
  private readonly byteBucket: TokenBucket;
  private readonly socket: WebSocket;
  /** Created when something is logged: most connections never log anything. */
  private childLogger: Logger | null = null;

  constructor(
    options: ConnectionOptions,
    private readonly settings: ConnectionSettings,
  ) {
    this.socket = options.socket;
    this.docName = options.docName;
    this.access = options.access;
    this.room = options.room;
    this.bucket = new TokenBucket(settings.maxMessagesPerSecond, 2 * settings.maxMessagesPerSecond, monotonicNow);
    this.byteBucket = new TokenBucket(settings.maxBytesPerSecond, Math.max(2 * settings.maxBytesPerSecond, 2 * settings.maxFrameBytes), monotonicNow);
    const socket = options.socket as ConnectionSocket;
    socket[CONNECTION] = this;
    socket.on("message", onSocketMessage);
    socket.on("pong", onSocketPong);
    socket.on("error", onSocketError);
    socket.on("close", onSocketClose);
  }

  send(message: Uint8Array): void {
    if (this.state.kind !== "open" || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(message, (error) => {
      if (error) this.log("debug", { err: error }, "send failed");
    });
  }

  /** Starts the close handshake; the connection counts as gone from now on. */
  close(code: number, reason: string): void {
    if (this.state.kind !== "open") return;
    this.state = { kind: "closing", code, reason };
    this.socket.close(code, truncateUtf8(reason, MAX_REASON_BYTES));
    this.settings.handlers.ended(this);
  }

  /** Ends the connection without a handshake: the peer no longer answers. */
  terminate(): void {
    const wasOpen = this.state.kind === "open";
    if (wasOpen) this.state = { kind: "closing", code: 1006, reason: "terminated" };
    this.socket.terminate();
    if (wasOpen) this.settings.handlers.ended(this);
  }

  /** Resolves when the socket is fully closed (at once if it already is). */
  whenClosed(): Promise<void> {
    if (this.socket.readyState === this.socket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => this.socket.once("close", () => resolve()));
  }

  /**
   * SPEC R6, called every ping interval: a peer that did not answer the previous ping
   * within a whole interval is gone (a laptop lid closed, a network that dropped the
   * connection without a FIN) and its socket would otherwise linger for hours.
   */
  keepAlive(): void {
    if (this.state.kind !== "open") return;
    if (!this.answeredLastPing) {
      this.log("info", {}, "no pong within the ping interval: terminating");
      this.terminate();
      return;
    }
    this.answeredLastPing = false;
    this.socket.ping();
  }

  /** @internal For the shared socket listeners below. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.state.kind !== "open") return;
    // SPEC P11: counted before anything else, so that no kind of frame (text, garbage, huge
    // awareness) can make the server work for a client that sends without pause.
    if (!this.bucket.take()) {
      this.refuse(CloseCode.Flooding, `more than ${this.settings.maxMessagesPerSecond} messages per second`);
      return;
    }
    // Bytes too: each update costs the check worker time in proportion to its size, and that
    // worker serves every room (D4). ws bounds a frame at maxFrameBytes before this runs.
    if (!this.byteBucket.take(rawByteLength(data))) {
      this.refuse(CloseCode.Flooding, `more than ${this.settings.maxBytesPerSecond} bytes per second`);
      return;
    }
    if (!isBinary) {
      this.refuse(CloseCode.MalformedMessage, "text frame: the document socket speaks binary y-websocket messages");
      return;
    }
    const frame = toUint8Array(data);
    // ws already refuses longer frames before reading them (see CollabSocket); this keeps the
    // rule true should that configuration ever change.
    if (frame.byteLength > this.settings.maxFrameBytes) {
      this.refuse(CloseCode.FrameTooLarge, `frame of ${frame.byteLength} bytes exceeds ${this.settings.maxFrameBytes}`);
      return;
    }
    const decoded = decodeClientMessage(frame);
    if (!decoded.ok) {
      this.refuse(CloseCode.MalformedMessage, decoded.reason);
      return;
    }
    this.settings.handlers.message(this, decoded.message);
  }

  /** @internal The socket closed, whoever started it. */
  closed(code: number): void {
    const wasOpen = this.state.kind === "open";
    this.state = { kind: "closed", code };
    this.log("debug", { code: closeCodeName(code) }, "document socket closed");
    if (wasOpen) this.settings.handlers.ended(this);
  }

  /** @internal */
  ponged(): void {
    this.answeredLastPing = true;
  }

  /**
   * SPEC P9: a socket error (reset, oversized frame, bad framing) concerns this connection only.
   * ws follows every error with 'close', so the cleanup happens there.
   * @internal
   */
  failed(error: Error & { code?: string }): void {
    // ws's own codes (WS_ERR_*) mean the client broke the protocol; anything else is network noise.
    this.log(error.code?.startsWith("WS_ERR_") ? "warn" : "debug", { err: error }, "document socket error");
  }

  /** Logs with the connection's docName and userId; the child logger is made for the first line written. */
  private log(level: "debug" | "info" | "warn", fields: object, message: string): void {
    if (!this.settings.logger.isLevelEnabled(level)) return;
    this.childLogger ??= this.settings.logger.child({ docName: this.docName, userId: this.access.userId });
    this.childLogger[level](fields, message);
  }

  /** Closes this connection because of what it sent; the document and everyone else carry on. */
  refuse(code: number, reason: string): void {
    this.log("warn", { code: closeCodeName(code), reason }, "closing document socket: bad input");
    this.close(code, reason);
  }
}

function connectionOf(socket: WebSocket): Connection {
  return (socket as ConnectionSocket)[CONNECTION];
}

function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  connectionOf(this).receive(data, isBinary);
}

function onSocketPong(this: WebSocket): void {
  connectionOf(this).ponged();
}

function onSocketError(this: WebSocket, error: Error & { code?: string }): void {
  connectionOf(this).failed(error);
}

function onSocketClose(this: WebSocket, code: number): void {
  connectionOf(this).closed(code);
}

function rawByteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.byteLength, 0);
  return data.byteLength;
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const ellipsisBytes = 3;
  let end = text.length;
  while (end > 0 && Buffer.byteLength(text.slice(0, end)) + ellipsisBytes > maxBytes) end--;
  return `${text.slice(0, end)}…`;
}
