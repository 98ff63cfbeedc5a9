import type { Busy } from "../load/LoadGauge.js";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { BodyReader } from "@accord/editor";
import { CloseCode, SESSION_ENDED_CLOSE_REASONS } from "@accord/protocol";
import type { Logger } from "pino";
import { WebSocketServer, type Server as WsServer } from "ws";
import * as Y from "yjs";
import type { Leases } from "../cluster/Leases.js";
import type { DocumentBus } from "../cluster/DocumentBus.js";
import type { DocumentChannel } from "../cluster/DocumentChannel.js";
import type { DocumentLog, StoredDocument } from "../store/DocumentLog.js";
import { CollabSocket } from "./CollabSocket.js";
import { Compactor } from "./Compactor.js";
import { Connection, type CollabAccess, type ConnectionSettings } from "./Connection.js";
import { parseDocName, rejectUpgrade } from "./httpUpgrade.js";
import { SendBudget } from "./Outbox.js";
import { DEFAULT_PRESENCE_LIMITS, type PresenceLimits } from "./Presence.js";
import { Room } from "./Room.js";
import { RoomRegistry } from "./RoomRegistry.js";
import { type SuggestionRules, suggestionRulesOf } from "./SuggestionGuard.js";
import { applyStoredDocument } from "./storedDocument.js";
import type { UpdateChecker } from "./UpdateChecker.js";

export type { CollabAccess } from "./Connection.js";

export type AuthorizeResult =
  | { ok: true; access: CollabAccess }
  | { ok: false; status: 401 | 403 | 404; message: string };

export interface CollabServerOptions {
  /** The documents' log; collab touches nothing else of the store (`Store` is one). */
  store: DocumentLog;
  logger: Logger;
  /** SPEC D4: checks every received update, for every room. Built and closed by whoever builds the server (createAccordServer). */
  checker: UpdateChecker;
  /** The longest frame a client may send; longer ones close the connection with FrameTooLarge. @default 8 MiB */
  maxFrameBytes: number;
  /**
   * The longest frame a read-only connection (reviewer, viewer, approved recommendation) may
   * send (SPEC P7): it sends only state vectors, presence and sync step 2 answers the server
   * drops, so a large frame from it is never useful and costs the server its reading.
   * @default 1 MiB (never more than `maxFrameBytes`)
   */
  maxReadOnlyFrameBytes?: number;
  /**
   * Frames per second one connection may send, sustained; a burst of twice as many passes.
   * A connection that sends more is closed with `Flooding` (SPEC P11). Generous on purpose:
   * y-websocket sends one update per transaction plus awareness, and a fast typist with
   * paste and undo stays far below it.
   * @default 300
   */
  maxMessagesPerSecond?: number;
  /**
   * Bytes per second one connection may send, sustained; a burst of two maximum frames passes.
   * Every update's check costs the shared check worker time in proportion to its size (D4), so
   * a client that streams large updates is closed with `Flooding` (SPEC P11).
   * @default 1 MiB
   */
  maxBytesPerSecond?: number;
  /**
   * Bytes that may wait to be sent to one connection, besides the one sync answer it may be
   * owed; past it the connection is closed with `SlowReader` (SPEC P12).
   * @default 16 MiB
   */
  maxSocketBufferBytes?: number;
  /**
   * Bytes that may wait to be sent to all connections together, each message counted once;
   * past it the connections holding the most are closed with `SlowReader` (SPEC P12).
   * @default 256 MiB
   */
  maxTotalBufferBytes?: number;
  /**
   * Answers to sync step 1 one connection may be sent per second beyond its first, sustained
   * (bursts of four); more are coalesced into one, answered when the rate allows (SPEC P12).
   * @default 2
   */
  maxSyncAnswersPerSecond?: number;
  /** Awareness bounds (SPEC P13). @default see `PresenceLimits` */
  awareness?: Partial<PresenceLimits>;
  /** Compact a document's log into its snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** …or this many bytes of updates. */
  compactAfterBytes: number;
  /** Held around each compaction (with several processes, one compacts a document at a time). @default LocalLeases */
  compactionLeases?: Leases;
  /** Issue 20: the event loop's load; compaction waits while it is saturated (Compactor `load`). @default never busy */
  load?: Busy;
  /** Issue 20: how long awareness changes are gathered while the loop is saturated (R5; AWARENESS_DEFER_MS). @default 250 */
  awarenessDeferMs?: number;
  /** SPEC P17: frames per second one document's connections together may have worked on (MAX_ROOM_MESSAGES_PER_SECOND). @default 1000 */
  maxRoomMessagesPerSecond?: number;
  /** D4: updates of at most this many bytes are checked on the event loop when decoding alone answers (INLINE_CHECK_MAX_BYTES). @default 2048 */
  inlineCheckMaxBytes?: number;
  /** Called on the HTTP upgrade before it completes: answer 401/403/404 as a plain HTTP response on refusal. */
  authorize: (req: IncomingMessage, docName: string) => Promise<AuthorizeResult>;
  /** Called (not awaited) after a stored update was applied; used later to keep derived data current. */
  onDocumentChanged?: (docName: string, authorIds: readonly string[]) => void;
  /** How often every connection is pinged; one that has not answered by the next ping is terminated. @default 30_000 */
  pingIntervalMs?: number;
  /**
   * How often connections are checked for an expired session (SPEC R8): one sweep timer per
   * server, never one per connection, so a session ends at most this late.
   * @default 5_000
   */
  sessionSweepMs?: number;
  /** How long `close()` waits for pending writes before giving up on them (loudly). @default 10_000 */
  shutdownFlushTimeoutMs?: number;
  /** How long `close()` waits for clients to answer the close frame before cutting the socket. @default 1_000 */
  closeHandshakeTimeoutMs?: number;
  /** Delay before retrying a failed write. @default 100 ms doubling, at most 5 s */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Multi-process mode (cluster/SPEC.md): the relay to the other processes serving the same
   * documents. The collab server closes it with itself (not the Redis link under it).
   * @default none: one process
   */
  bus?: DocumentBus;
  /** M5: called after a batch another process stored was applied to a room here. */
  onRemoteChange?: (docName: string) => void;
}

type ServerState =
  | { kind: "running"; pingTimer: NodeJS.Timeout; sessionSweepTimer: NodeJS.Timeout }
  | { kind: "closing"; done: Promise<void> };

/**
 * The document-sync server: the y-websocket protocol over `/collab/<docName>`, with the
 * rules of SPEC.md (durable before visible, read-only enforced here, rooms that load once
 * and unload only when flushed).
 */
export class CollabServer {
  private state: ServerState;
  private readonly wss: WsServer<typeof CollabSocket>;
  /** The same for read-only connections, with the smaller frame limit (SPEC P7). */
  private readonly readOnlyWss: WsServer<typeof CollabSocket>;
  private readonly rooms: RoomRegistry;
  private readonly compactor: Compactor;
  /** Every open connection, for keepalive and `closeConnections`. */
  private readonly connections = new Set<Connection>();
  private readonly logger: Logger;
  /** One object for every connection, handlers included (no closures per connection). */
  private readonly connectionSettings: ConnectionSettings;
  /** SPEC D4, shared by every room (`options.checker`). */
  private readonly checker: UpdateChecker;
  /** SPEC P12: what waits to be sent, for every connection of this server. */
  private readonly sendBudget: SendBudget;
  private readonly presenceLimits: PresenceLimits;
  /** SPEC P16: what the body schema tells the suggestion guards of every room. */
  private readonly suggestionRules: SuggestionRules = suggestionRulesOf(new BodyReader().schema);
  /** Upgrades between `authorize` and the handshake: a session may end while they wait (SPEC R8). */
  private upgradesInFlight = 0;
  /** Sessions ended while upgrades were in flight; dropped when none is. */
  private sessionsEndedDuringUpgrades: Set<string> | null = null;

  constructor(private readonly options: CollabServerOptions) {
    this.logger = options.logger;
    this.checker = options.checker;
    this.sendBudget = new SendBudget({
      maxSocketBufferBytes: options.maxSocketBufferBytes ?? 16 * 1024 * 1024,
      maxTotalBufferBytes: options.maxTotalBufferBytes ?? 256 * 1024 * 1024,
    });
    const awareness = options.awareness ?? {};
    this.presenceLimits = {
      maxStateBytes: awareness.maxStateBytes ?? DEFAULT_PRESENCE_LIMITS.maxStateBytes,
      maxClientIdsPerConnection:
        awareness.maxClientIdsPerConnection ?? DEFAULT_PRESENCE_LIMITS.maxClientIdsPerConnection,
      maxRoomBytes: awareness.maxRoomBytes ?? DEFAULT_PRESENCE_LIMITS.maxRoomBytes,
    };
    this.connectionSettings = {
      maxFrameBytes: options.maxFrameBytes,
      maxMessagesPerSecond: options.maxMessagesPerSecond ?? 300,
      maxBytesPerSecond: options.maxBytesPerSecond ?? 1024 * 1024,
      maxAwarenessStateBytes: this.presenceLimits.maxStateBytes,
      maxSyncAnswersPerSecond: options.maxSyncAnswersPerSecond ?? 2,
      sendBudget: this.sendBudget,
      closeHandshakeTimeoutMs: options.closeHandshakeTimeoutMs ?? 1_000,
      logger: options.logger,
      handlers: {
        message: (connection, message) => connection.room.receive(connection, message),
        ended: (connection) => {
          this.connections.delete(connection);
          connection.room.detach(connection);
          this.rooms.release(connection.docName, connection.room);
        },
      },
    };
    this.wss = this.socketServer(options.maxFrameBytes);
    // ws's frame limit is one per server, so read-only connections get a server of their own.
    this.readOnlyWss = this.socketServer(Math.min(options.maxFrameBytes, options.maxReadOnlyFrameBytes ?? 1024 * 1024));
    this.compactor = new Compactor({
      store: options.store,
      logger: options.logger,
      afterUpdates: options.compactAfterUpdates,
      afterBytes: options.compactAfterBytes,
      leases: options.compactionLeases,
      load: options.load,
    });
    this.rooms = new RoomRegistry(
      (docName) => this.loadRoom(docName),
      // SPEC D5: a document at rest is one snapshot, which a cold room sends as it is (D8).
      (docName) => this.compactor.compactAtRest(docName),
    );
    const pingTimer = setInterval(() => this.keepAlive(), options.pingIntervalMs ?? 30_000);
    // Pings alone should not keep a process alive that has nothing else to do.
    pingTimer.unref();
    const sessionSweepTimer = setInterval(() => this.closeExpiredSessions(), options.sessionSweepMs ?? 5_000);
    sessionSweepTimer.unref();
    this.state = { kind: "running", pingTimer, sessionSweepTimer };
    options.bus?.onLost(() => {
      // M8: a room here no longer hears the others, nor they it: its clients wait ("Reconnecting")
      // rather than edit a document that silently diverges. Rooms unload once their writes are stored.
      const closed = this.closeConnections(
        {},
        CloseCode.StoreUnavailable,
        "The link to the other servers was lost; reconnecting.",
      );
      this.logger.error({ closed }, "Redis lost: every document connection closed until it is back");
    });
  }

  private socketServer(maxPayload: number): WsServer<typeof CollabSocket> {
    const server = new WebSocketServer<typeof CollabSocket>({
      noServer: true,
      // Enforced by ws while reading the frame header: an oversized payload is never buffered
      // (SPEC P7; CollabSocket turns ws's 1009 into FrameTooLarge).
      maxPayload,
      WebSocket: CollabSocket,
      // Compressed frames would make maxPayload a limit on the wire size, not the message size.
      perMessageDeflate: false,
      clientTracking: false,
    });
    server.on("error", (error) => this.logger.error({ err: error }, "document socket server error"));
    return server;
  }

  /** Resolves once updates can be checked off the event loop (UpdateChecker.ready). */
  ready(): Promise<void> {
    return this.checker.ready();
  }

  /** For `server.on("upgrade")` when the path starts with /collab/ (the caller already checked Origin). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset from the client while we authorize and load must not become an uncaught
    // 'error' (P9). Taken off once ws has the socket (see upgrade).
    socket.on("error", this.onUpgradeSocketError);
    if (this.state.kind !== "running") {
      rejectUpgrade(socket, 503, "The server is shutting down.");
      return;
    }
    if (this.options.bus !== undefined && !this.options.bus.isUp) {
      rejectUpgrade(socket, 503, "The document service is reconnecting; try again.");
      return;
    }
    const docName = parseDocName(req.url);
    if (docName === null) {
      rejectUpgrade(socket, 404, "No such document.");
      return;
    }
    this.upgradesInFlight++;
    this.upgrade(req, socket, head, docName)
      .catch((error: unknown) => {
        this.logger.error({ err: error, docName }, "document socket upgrade failed");
        rejectUpgrade(socket, 500, "Internal error.");
      })
      .finally(() => {
        if (--this.upgradesInFlight === 0) this.sessionsEndedDuringUpgrades = null;
      });
  }

  /**
   * Closes matching connections with a close code (e.g. CloseCode.PermissionsChanged when a
   * role or status changed) so clients reconnect and are authorized again. An empty filter
   * matches every connection. Answers how many were closed.
   */
  closeConnections(filter: { docName?: string; userId?: string }, code: number, reason: string): number {
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (filter.docName !== undefined && connection.docName !== filter.docName) continue;
      if (filter.userId !== undefined && connection.access.userId !== filter.userId) continue;
      connection.close(code, reason);
      closed++;
    }
    return closed;
  }

  /**
   * SPEC R8: closes every connection opened with one of these sessions (logout, "log out
   * everywhere", a password change elsewhere) with AccessRevoked, which y-websocket does not
   * retry. Upgrades still being authorized with one of them are refused. Answers how many closed.
   */
  closeSessions(sessionHashes: readonly string[], reason: string): number {
    if (sessionHashes.length === 0) return 0;
    const ended = new Set(sessionHashes);
    if (this.upgradesInFlight > 0) {
      this.sessionsEndedDuringUpgrades ??= new Set();
      for (const hash of ended) this.sessionsEndedDuringUpgrades.add(hash);
    }
    let closed = 0;
    for (const connection of [...this.connections]) {
      if (!ended.has(connection.access.sessionHash)) continue;
      connection.close(CloseCode.AccessRevoked, reason);
      closed++;
    }
    return closed;
  }

  /** SPEC R8, every `sessionSweepMs`: a connection whose session expired closes like a logout. */
  private closeExpiredSessions(): void {
    const now = Date.now();
    for (const connection of [...this.connections]) {
      if (connection.access.sessionExpiresAt <= now)
        connection.close(CloseCode.AccessRevoked, SESSION_ENDED_CLOSE_REASONS.expired);
    }
  }

  /** Wait until every accepted update is stored. */
  async flush(): Promise<void> {
    await Promise.all(this.rooms.loadedRooms().map((room) => room.flush()));
  }

  /**
   * Closes every connection with CloseCode.ServerShutdown, stores every accepted update
   * (within `shutdownFlushTimeoutMs`), unloads all rooms and destroys their docs and
   * awareness. Idempotent. Does not close the store.
   */
  close(): Promise<void> {
    if (this.state.kind === "closing") return this.state.done;
    clearInterval(this.state.pingTimer);
    clearInterval(this.state.sessionSweepTimer);
    const done = this.shutdown();
    this.state = { kind: "closing", done };
    return done;
  }

  /** SPEC P17: whether reading from a loaded document's connections is stopped now, and how often it was; null when not loaded. */
  throttleOf(docName: string): { paused: boolean; pauses: number } | null {
    const room = this.rooms.find(docName);
    return room === null ? null : { paused: room.readingPaused, pauses: room.throttlePauses };
  }

  /**
   * `read` applied to what is stored of a document, for derived data read often (citations,
   * after every burst of typing): a loaded room's document as it is — it holds exactly what
   * is stored (D1), so nothing is loaded or copied — otherwise the store's (`readDocument`).
   * An update accepted but not stored yet is not in it; its commit announces another change.
   * `read` must not change the document and must not keep it.
   */
  async readStored<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.find(docName);
    if (room) {
      // M7: with other processes writing, a room may lag behind the store; it is read only
      // when it holds every batch published so far.
      if (this.options.bus === undefined) return read(room.storedDocument());
      if ((await room.isCurrent()) && this.rooms.find(docName) === room) return read(room.storedDocument());
    }
    const doc = await this.readDocument(docName);
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * `readStored` after an open room stored every update it accepted, as `readDocument` waits:
   * for checks that must see what was typed just before (a thread's anchor, threads SPEC A5)
   * without copying an open room's document.
   */
  async readAccepted<T>(docName: string, read: (doc: Y.Doc) => T): Promise<T> {
    await this.rooms.find(docName)?.flush();
    return this.readStored(docName, read);
  }

  /**
   * What the store holds of a document once an open room stored every update it accepted: the
   * bytes, unapplied, for work done elsewhere (the export's worker threads).
   */
  async storedParts(docName: string): Promise<StoredDocument> {
    await this.rooms.find(docName)?.flush();
    return this.options.store.loadDocument(docName);
  }

  /**
   * Read a document's current state from the store (for export/derived data); works whether
   * or not the room is loaded. Updates already accepted by a loaded room are stored first.
   * The caller destroys the returned doc.
   */
  async readDocument(docName: string): Promise<Y.Doc> {
    await this.rooms.find(docName)?.flush();
    const stored = await this.options.store.loadDocument(docName);
    const doc = new Y.Doc();
    applyStoredDocument(doc, stored, (index, error) =>
      this.logger.error({ err: error, docName, part: index }, "a stored part of the document does not apply: skipped"),
    );
    return doc;
  }

  /** Whether the document's room is in memory and loaded. */
  hasRoom(docName: string): boolean {
    return this.rooms.find(docName) !== null;
  }

  /** How many rooms are in memory (loading, open or draining); for tests and metrics. */
  get roomCount(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * A loaded room's updates that were checked and wait for its write in flight (SPEC D2: they go
   * to the store together, next); 0 without a loaded room. For tests and metrics.
   */
  updatesWaiting(docName: string): number {
    return this.rooms.find(docName)?.updatesWaiting ?? 0;
  }

  /** Bytes waiting to be sent to all connections, each message once (SPEC P12); for tests and metrics. */
  get bufferedBytes(): number {
    return this.sendBudget.totalBytes;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string): Promise<void> {
    const verdict = await this.options.authorize(req, docName);
    if (!verdict.ok) {
      rejectUpgrade(socket, verdict.status, verdict.message);
      return;
    }
    if (socket.destroyed) return; // the client gave up while we were checking
    if (this.state.kind !== "running") {
      rejectUpgrade(socket, 503, "The server is shutting down.");
      return;
    }
    let room: Room;
    try {
      room = await this.rooms.acquire(docName);
    } catch (error) {
      this.logger.error({ err: error, docName }, "loading the document failed");
      rejectUpgrade(socket, 503, "The document could not be loaded; try again.");
      return;
    }
    if (socket.destroyed || this.state.kind !== "running") {
      this.rooms.release(docName, room);
      rejectUpgrade(socket, 503, "The server is shutting down.");
      return;
    }
    if (this.options.bus !== undefined && !this.options.bus.isUp) {
      // M8: lost while this upgrade loaded the room.
      this.rooms.release(docName, room);
      rejectUpgrade(socket, 503, "The document service is reconnecting; try again.");
      return;
    }
    // SPEC R8: the session may have ended or expired while we authorized and loaded; from the
    // handshake on, closeSessions and the sweep find the connection.
    const { sessionHash, sessionExpiresAt } = verdict.access;
    if (this.sessionsEndedDuringUpgrades?.has(sessionHash) || sessionExpiresAt <= Date.now()) {
      this.rooms.release(docName, room);
      rejectUpgrade(socket, 401, "You need to log in.");
      return;
    }
    // ws listens for the socket's errors from here on. Ours would otherwise stay for the
    // connection's lifetime next to ws's (and the caller's): a third listener grows the
    // socket's listener array to 19 slots, ~170 bytes on each of 10,000 idle connections.
    // Errors are emitted on a later tick, so taking it off and (on refusal) back loses none.
    socket.off("error", this.onUpgradeSocketError);
    // Without verifyClient or compression ws completes (or refuses) the handshake
    // synchronously, so after this call we know whether a connection holds the room.
    let accepted = false;
    try {
      // A suggest-only connection (P16) writes: it gets the full frame limit (a pasted suggestion).
      const wss = verdict.access.readOnly ? this.readOnlyWss : this.wss;
      wss.handleUpgrade(req, socket, head, (ws) => {
        accepted = true;
        this.accept(ws, room, docName, verdict.access);
      });
    } finally {
      // ws refused the handshake (bad headers), or the client left: nobody holds the room for it.
      if (!accepted) {
        socket.on("error", this.onUpgradeSocketError);
        this.rooms.release(docName, room);
      }
    }
  }

  private readonly onUpgradeSocketError = (error: Error): void => {
    this.logger.debug({ err: error }, "upgrade socket error");
  };

  private accept(socket: CollabSocket, room: Room, docName: string, access: CollabAccess): void {
    const connection = new Connection({ socket, docName, access, room }, this.connectionSettings);
    this.connections.add(connection);
    room.attach(connection);
    this.logger.debug({ docName, userId: access.userId, readOnly: access.readOnly }, "document socket open");
  }

  private async loadRoom(docName: string): Promise<Room> {
    const bus = this.options.bus;
    if (bus === undefined) return this.newRoom(docName, await this.options.store.loadDocument(docName));
    // M3: subscribed and the sequence read before the store is: a batch published meanwhile is
    // either in what loads or held by the channel until the room exists.
    const channel = await bus.join(docName);
    try {
      const room = this.newRoom(docName, await this.options.store.loadDocument(docName), channel);
      channel.attach(room);
      return room;
    } catch (error) {
      channel.leave();
      throw error;
    }
  }

  private newRoom(docName: string, stored: StoredDocument, relay?: DocumentChannel): Room {
    return new Room({
      docName,
      stored,
      store: this.options.store,
      logger: this.logger,
      compactor: this.compactor,
      onDocumentChanged: this.options.onDocumentChanged,
      retryDelayMs: this.options.retryDelayMs,
      checker: this.checker,
      presenceLimits: this.presenceLimits,
      isBeingSent: (message) => this.sendBudget.isHeld(message),
      suggestionRules: this.suggestionRules,
      ...(this.options.load ? { load: this.options.load } : {}),
      ...(this.options.awarenessDeferMs !== undefined ? { awarenessDeferMs: this.options.awarenessDeferMs } : {}),
      ...(this.options.maxRoomMessagesPerSecond !== undefined
        ? { maxMessagesPerSecond: this.options.maxRoomMessagesPerSecond }
        : {}),
      ...(this.options.inlineCheckMaxBytes !== undefined
        ? { inlineCheckMaxBytes: this.options.inlineCheckMaxBytes }
        : {}),
      ...(relay === undefined ? {} : { relay, onRemoteChange: this.options.onRemoteChange }),
    });
  }

  private keepAlive(): void {
    for (const connection of [...this.connections]) connection.keepAlive();
  }

  /**
   * SPEC D6. Connections close first: from then on no update can be accepted, so the flush
   * that follows is the last one needed.
   */
  private async shutdown(): Promise<void> {
    const connections = [...this.connections];
    for (const connection of connections) connection.close(CloseCode.ServerShutdown, "The server is restarting.");
    const handshakes = withDeadline(
      Promise.all(connections.map((connection) => connection.whenClosed())),
      this.options.closeHandshakeTimeoutMs ?? 1_000,
    ).then(() => {
      for (const connection of connections) connection.terminate();
    });
    const flushed = await withDeadline(this.flush(), this.options.shutdownFlushTimeoutMs ?? 10_000);
    if (!flushed) {
      for (const room of this.rooms.loadedRooms()) {
        const lost = room.abandonWrites();
        if (lost > 0) {
          this.logger.error(
            { docName: room.docName, updates: lost },
            "shutting down with updates the store did not take: the clients that sent them resend them when they reconnect",
          );
        }
      }
    }
    await this.compactor.whenIdle();
    await handshakes;
    await this.rooms.unloadAll();
    this.options.bus?.close();
    this.wss.close();
    this.readOnlyWss.close();
  }
}

/** Resolves true when `work` settles in time, false when the deadline comes first. */
async function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
