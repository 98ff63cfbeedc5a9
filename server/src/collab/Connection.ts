import { CloseCode, closeCodeName, EditRefusedReason, editRefusedMessage, MessageType } from "@accord/protocol";
import type { Logger } from "pino";
import type { RawData, WebSocket } from "ws";
import { decodeClientMessage, encodeEditRefusedMessage, encodeStoredMessage, type ClientMessage } from "./messages.js";
import { Outbox, type OutboxOwner, type SendBudget } from "./Outbox.js";
import type { Room } from "./Room.js";
import { TokenBucket } from "./TokenBucket.js";

/** Who is on the other end of a document socket, as `authorize` decided at the upgrade. */
export interface CollabAccess {
  userId: string;
  name: string;
  /** Viewers, and everyone on an approved recommendation (SPEC P8). */
  readOnly: boolean;
  /**
   * A reviewer on a recommendation that is not approved (SPEC P16): its updates may only suggest
   * (its own insertion and deletion marks); anything else closes it with `SuggestionsOnly`.
   * @default false
   */
  suggestOnly?: boolean;
  /**
   * Why it is read-only, told to a writer whose edit is refused (SPEC P14).
   * @default EditRefusedReason.ReadOnly (no reason recorded)
   */
  readOnlyReason?: EditRefusedReason;
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
  /** Sync step 1 answers per second one connection may be sent, sustained; a burst of four passes (SPEC P12). */
  maxSyncAnswersPerSecond: number;
  /** Awareness states longer than this are refused unparsed (SPEC P13). */
  maxAwarenessStateBytes: number;
  /** The server's bounds on what waits to be sent (SPEC P12). */
  sendBudget: SendBudget;
  /** How long a slow reader's close frame may wait behind what it did not read before the socket is cut. */
  closeHandshakeTimeoutMs: number;
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

/** Sync answers a connection may be sent at once beyond its first (SPEC P12). */
const SYNC_ANSWER_BURST = 4;

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
export class Connection implements OutboxOwner {
  /**
   * The awareness client ids this connection set, so they can be removed when it goes (SPEC R5).
   * Null until it sets one: most connections of an idle server never do.
   */
  awarenessClientIds: Set<number> | null = null;
  /**
   * SPEC P12: the state vector of a sync step 1 that came while the answer to an earlier one was
   * still unwritten; answered once that is written (the latest only, once).
   */
  owedSyncStep1: Uint8Array | null = null;
  readonly docName: string;
  readonly access: CollabAccess;
  readonly room: Room;
  private state: ConnectionState = OPEN;
  private answeredLastPing = true;
  private readonly bucket: TokenBucket;
  private readonly byteBucket: TokenBucket;
  private readonly socket: WebSocket;
  /** What waits to be sent to it (SPEC P12); made for the first message. */
  private outbox: Outbox | null = null;
  /** Cuts a slow reader's socket if its close frame is not answered in time. */
  private closeTimer: NodeJS.Timeout | null = null;
  /** SPEC P12: sync answers it may still be sent now; made for its second sync step 1. */
  private syncAnswers: TokenBucket | null = null;
  private syncStepsAsked = 0;
  /** Answers its owed sync step 1 once the answer rate allows. */
  private owedTimer: NodeJS.Timeout | null = null;
  /**
   * SPEC P13: awareness frames and bytes it may send back without touching its flood limit,
   * earned by the awareness messages the server sent it (y-websocket echoes each one).
   */
  private echoFrames = 0;
  private echoBytes = 0;
  /**
   * SPEC P15: update-carrying messages received (each gets the next ordinal, from 1), how many
   * of the first are settled, which later ones are settled already (a read-only or empty one
   * behind one still being stored), and the ordinals of its updates waiting in the room's
   * write queue, in order (a connection's updates are stored in the order received).
   */
  private updatesReceived = 0;
  private settledUpTo = 0;
  private settledAhead: Set<number> | null = null;
  private awaitingStore: number[] | null = null;
  private acksWanted = false;
  private ackScheduled = false;
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
    this.byteBucket = new TokenBucket(settings.maxBytesPerSecond, this.byteBurst(), monotonicNow);
    const socket = options.socket as ConnectionSocket;
    socket[CONNECTION] = this;
    socket.on("message", onSocketMessage);
    socket.on("pong", onSocketPong);
    socket.on("error", onSocketError);
    socket.on("close", onSocketClose);
  }

  /**
   * Queues a message for the client (SPEC P12): a connection whose buffer passes its bound is
   * closed with SlowReader instead. A "sync-answer" is the answer to its sync step 1, of which
   * it may be owed one at a time (`syncAnswerPending`). A "query-answer" (to its query-awareness)
   * earns no echo credit (P13): y-websocket never asks, and a client that does could otherwise
   * buy a room's worth of free bytes per frame.
   */
  send(message: Uint8Array, kind: "message" | "sync-answer" | "query-answer" = "message"): void {
    if (this.state.kind !== "open" || this.socket.readyState !== this.socket.OPEN) return;
    this.outbox ??= new Outbox(this.socket, this.settings.sendBudget, this);
    if (!this.outbox.send(message, kind === "sync-answer" ? kind : "message")) return;
    if (kind === "message" && message[0] === MessageType.Awareness) {
      // At most what the flood limit itself would let pass in a burst.
      this.echoFrames = Math.min(this.echoFrames + 1, 2 * this.settings.maxMessagesPerSecond);
      this.echoBytes = Math.min(this.echoBytes + message.byteLength, this.byteBurst());
    }
  }

  /** SPEC P15: the next update-carrying message's ordinal. */
  nextUpdateOrdinal(): number {
    return ++this.updatesReceived;
  }

  /** SPEC P15: from now on, send `Stored` acknowledgements (and one for what is settled already). */
  wantAcks(): void {
    this.acksWanted = true;
    this.scheduleAck();
  }

  /** SPEC P15: the update with this ordinal went into the room's write queue. */
  awaitStore(ordinal: number): void {
    this.awaitingStore ??= [];
    this.awaitingStore.push(ordinal);
  }

  /** SPEC P15: the oldest of its updates in the write queue is stored (D1). */
  stored(): void {
    const ordinal = this.awaitingStore?.shift();
    if (ordinal !== undefined) this.settle(ordinal);
  }

  /** SPEC P15: the update with this ordinal needs nothing more (stored, empty, or refused). */
  settle(ordinal: number): void {
    if (ordinal !== this.settledUpTo + 1) {
      this.settledAhead ??= new Set();
      this.settledAhead.add(ordinal);
      return;
    }
    this.settledUpTo = ordinal;
    while (this.settledAhead?.delete(this.settledUpTo + 1)) this.settledUpTo++;
    this.scheduleAck();
  }

  /**
   * SPEC P14: tells the writer that its `ordinal`-th update was not stored, and why. Once per
   * connection: the client drops its refused changes on the first, and a client that keeps
   * sending would otherwise be sent one message per keystroke.
   */
  refuseEdit(ordinal: number): void {
    if (this.editRefused) return;
    this.editRefused = true;
    const reason = this.access.readOnlyReason ?? EditRefusedReason.ReadOnly;
    this.send(encodeEditRefusedMessage(ordinal, reason, editRefusedMessage(reason)));
  }
  private editRefused = false;

  /** One `Stored` per task however many updates settled in it (a stored batch settles several). */
  private scheduleAck(): void {
    if (!this.acksWanted || this.ackScheduled) return;
    this.ackScheduled = true;
    queueMicrotask(() => {
      this.ackScheduled = false;
      this.send(encodeStoredMessage(this.settledUpTo));
    });
  }

  /**
   * SPEC P13: an awareness frame paid for as an echo turned out to change something; it pays
   * like any frame after all. Answers false when that closed the connection for flooding.
   */
  payForChange(bytes: number): boolean {
    if (this.state.kind !== "open") return false;
    return this.takeTokens(bytes);
  }

  /**
   * SPEC P12, from its outbox: the sync answer was written; a sync step 1 that came meanwhile is
   * answered now.
   * @internal
   */
  syncAnswerWritten(): void {
    const stateVector = this.owedSyncStep1;
    if (stateVector === null || this.state.kind !== "open") return;
    this.owedSyncStep1 = null;
    this.settings.handlers.message(this, { kind: "sync-step-1", stateVector });
  }

  /**
   * SPEC P12: whether it may be sent a sync answer now. y-websocket asks once per connection;
   * a client asking many times a second would make the server encode what it lacks (and the
   * whole delete set) each time. When not, the owed sync step 1 is answered once it may.
   */
  mayAnswerSyncStep1(): boolean {
    // The first answer costs no bucket: almost every connection asks exactly once.
    if (++this.syncStepsAsked === 1) return true;
    const rate = this.settings.maxSyncAnswersPerSecond;
    this.syncAnswers ??= new TokenBucket(rate, SYNC_ANSWER_BURST, monotonicNow);
    if (this.syncAnswers.take()) return true;
    if (this.owedTimer === null && this.state.kind === "open") {
      this.owedTimer = setTimeout(
        () => {
          this.owedTimer = null;
          this.syncAnswerWritten();
        },
        Math.ceil(1000 / rate),
      );
      this.owedTimer.unref();
    }
    return false;
  }

  /** SPEC P12: a sync answer to this connection is not written to the kernel yet. */
  get syncAnswerPending(): boolean {
    return this.outbox?.syncAnswerPending ?? false;
  }

  /**
   * SPEC P12, from its outbox: the client does not read what it is sent. What waits for it is
   * dropped now; the close frame follows what the socket already holds, and the socket is cut
   * if the client has not answered it within the close handshake's timeout.
   * @internal
   */
  overflowed(reason: string): void {
    if (this.state.kind !== "open") {
      this.outbox?.release();
      return;
    }
    this.log("warn", { code: closeCodeName(CloseCode.SlowReader), reason }, "closing document socket: slow reader");
    this.close(CloseCode.SlowReader, reason);
    this.closeTimer = setTimeout(() => this.socket.terminate(), this.settings.closeHandshakeTimeoutMs);
    this.closeTimer.unref();
  }

  /** Starts the close handshake; the connection counts as gone from now on. */
  close(code: number, reason: string): void {
    if (this.state.kind !== "open") return;
    this.state = { kind: "closing", code, reason };
    // Nothing more is sent (P10): what waits is dropped and no longer counts against the bounds.
    this.outbox?.release();
    this.socket.close(code, truncateUtf8(reason, MAX_REASON_BYTES));
    this.settings.handlers.ended(this);
  }

  /** Ends the connection without a handshake: the peer no longer answers. */
  terminate(): void {
    const wasOpen = this.state.kind === "open";
    if (wasOpen) this.state = { kind: "closing", code: 1006, reason: "terminated" };
    this.outbox?.release();
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
    // SPEC P17: while its room's reading is stopped, its pong waits unread like everything else.
    if (!this.answeredLastPing && !this.room.readingPaused) {
      this.log("info", {}, "no pong within the ping interval: terminating");
      this.terminate();
      return;
    }
    this.answeredLastPing = false;
    this.socket.ping();
  }

  /** SPEC P17: its room spent its budget; nothing more is read from this socket until resumeReading. */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    if (this.state.kind === "open") this.socket.resume();
  }

  /** @internal For the shared socket listeners below. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.state.kind !== "open") return;
    const size = rawByteLength(data);
    // SPEC P13: y-websocket sends back every awareness message it receives. Paid for by what the
    // server sent, those echoes cannot close an honest client however busy the room; should the
    // frame change anything after all, it pays below (payForChange).
    const asEcho =
      isBinary && firstByte(data) === MessageType.Awareness && this.echoFrames >= 1 && this.echoBytes >= size;
    if (asEcho) {
      this.echoFrames--;
      this.echoBytes -= size;
    } else if (!this.takeTokens(size)) {
      return;
    }
    this.room.countFrame();
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
    const decoded = decodeClientMessage(frame, { maxAwarenessStateBytes: this.settings.maxAwarenessStateBytes });
    if (!decoded.ok) {
      this.refuse(CloseCode.MalformedMessage, decoded.reason);
      return;
    }
    if (asEcho && decoded.message.kind === "awareness") decoded.message.paidAsEcho = true;
    this.settings.handlers.message(this, decoded.message);
  }

  /**
   * SPEC P11: counted before anything else, so that no kind of frame (text, garbage, huge
   * awareness) can make the server work for a client that sends without pause. Bytes too: each
   * update costs the check worker time in proportion to its size, and that worker serves every
   * room (D4). ws bounds a frame at maxFrameBytes before this runs. False: closed for flooding.
   */
  private takeTokens(bytes: number): boolean {
    if (!this.bucket.take()) {
      this.refuse(CloseCode.Flooding, `more than ${this.settings.maxMessagesPerSecond} messages per second`);
      return false;
    }
    if (!this.byteBucket.take(bytes)) {
      this.refuse(CloseCode.Flooding, `more than ${this.settings.maxBytesPerSecond} bytes per second`);
      return false;
    }
    return true;
  }

  /** The byte bucket's burst: two maximum frames, so a large paste passes (P11). */
  private byteBurst(): number {
    return Math.max(2 * this.settings.maxBytesPerSecond, 2 * this.settings.maxFrameBytes);
  }

  /** @internal The socket closed, whoever started it. */
  closed(code: number): void {
    const wasOpen = this.state.kind === "open";
    this.state = { kind: "closed", code };
    this.outbox?.release();
    if (this.closeTimer !== null) clearTimeout(this.closeTimer);
    if (this.owedTimer !== null) clearTimeout(this.owedTimer);
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

function firstByte(data: RawData): number | undefined {
  if (Array.isArray(data)) return data.find((chunk) => chunk.byteLength > 0)?.[0];
  if (data instanceof ArrayBuffer) return data.byteLength > 0 ? new Uint8Array(data, 0, 1)[0] : undefined;
  return data[0];
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
