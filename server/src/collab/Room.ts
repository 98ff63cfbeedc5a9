import type { Busy } from "../load/LoadGauge.js";
import { BodyReader } from "@accord/editor";
import { CloseCode } from "@accord/protocol";
import type { Logger } from "pino";
import * as Y from "yjs";
import type { DocumentLog, LogStats, StoredDocument } from "../store/DocumentLog.js";
import { assertNever } from "./assertNever.js";
import type { Compactor } from "./Compactor.js";
import type { Connection } from "./Connection.js";
import { GroupCommit } from "./GroupCommit.js";
import {
  carriesNewContent,
  decodeClientMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  encodeUpdateMessage,
  type ClientMessage,
} from "./messages.js";
import { DEFAULT_PRESENCE_LIMITS, Presence, type PresenceLimits, REMOTE_ORIGIN } from "./Presence.js";
import { RoomThrottle } from "./RoomThrottle.js";
import { applyStoredDocument, RoomDocument } from "./storedDocument.js";
import { SuggestionGuard, type SuggestionRules, suggestionRulesOf } from "./SuggestionGuard.js";
import { checkUpdateQuickly, DEFAULT_INLINE_CHECK_MAX_BYTES, isEmptyUpdate, type UpdateCheck } from "./updateCheck.js";
import type { UpdateChecker } from "./UpdateChecker.js";

export interface RoomOptions {
  docName: string;
  /** What the store held when the room was loaded. */
  stored: StoredDocument;
  /** Where the room's accepted updates are appended (the server's store, seen as its document log). */
  store: DocumentLog;
  logger: Logger;
  compactor: Compactor;
  /** After each stored batch; `authorIds`: the users whose connections sent it (distinct). */
  onDocumentChanged?: (docName: string, authorIds: readonly string[]) => void;
  /** Delay before retrying a failed write. @default 100 ms doubling, at most 5 s */
  retryDelayMs?: (attempt: number) => number;
  /**
   * A cold room waits this long for a new connection's sync step 1 before it sends its own
   * (SPEC P3). @default 100
   */
  openingDelayMs?: number;
  /** Checks received updates (D4): the server's, shared by its rooms. */
  checker: UpdateChecker;
  /**
   * D4: an update of at most this many bytes is checked on the event loop when its check needs no
   * scratch document and none of the room's checks is still in the worker
   * (INLINE_CHECK_MAX_BYTES; 0: every update goes to the worker). @default DEFAULT_INLINE_CHECK_MAX_BYTES
   */
  inlineCheckMaxBytes?: number;
  /** Awareness bounds (SPEC P13). @default DEFAULT_PRESENCE_LIMITS */
  presenceLimits?: PresenceLimits;
  /** Issue 20: the event loop's load; while saturated, awareness changes are relayed together every `awarenessDeferMs` (R5). @default never busy */
  load?: Busy;
  /** @default 250 */
  awarenessDeferMs?: number;
  /** SPEC P17: frames per second the room's connections together may have worked on (MAX_ROOM_MESSAGES_PER_SECOND). @default 1000 */
  maxMessagesPerSecond?: number;
  /** Whether some connection's outbox still holds this message (SPEC P12: `SendBudget.isHeld`). @default never */
  isBeingSent?: (message: Uint8Array) => boolean;
  /** Multi-process mode (cluster/SPEC.md): the document's channel to the other processes. @default none: one process */
  relay?: RoomRelay;
  /** M5: called after a batch another process stored was applied here (derived data of this process goes stale). */
  onRemoteChange?: (docName: string) => void;
  /** SPEC P16: the body schema's textblocks and marks, shared by the server's rooms. @default made from the body schema when first needed */
  suggestionRules?: SuggestionRules;
}

/**
 * What a room needs of its document's channel in multi-process mode (cluster/DocumentBus.ts's
 * DocumentChannel); the channel calls the room back through `applyRemoteUpdate`,
 * `applyRemoteAwareness`, `catchUpFromStore` and `ownAwareness`.
 */
export interface RoomRelay {
  /** M2: a stored batch, merged, after it was relayed here. */
  publishUpdate(update: Uint8Array): void;
  /** M6: an awareness message accepted from a connection of this process. */
  publishAwareness(message: Uint8Array): void;
  /** M7: whether the room holds every batch published so far. */
  isCurrent(): Promise<boolean>;
  /** R3: the room unloads. */
  leave(): void;
}

/** An update accepted from a connection, waiting to be stored. */
interface PendingUpdate {
  update: Uint8Array;
  from: Connection;
}

type RoomState = { kind: "open" } | { kind: "destroyed" };

/**
 * One open document: its Y.Doc (always equal to what is stored, SPEC D1), the awareness
 * of who is here, the connections, and the write queue that stands between a received
 * update and everyone else seeing it.
 */
export class Room {
  readonly docName: string;
  private readonly document: RoomDocument;
  /**
   * Who is here (SPEC R5, P13), made for the first awareness message or query: an Awareness runs
   * a timer of its own, and in a room where nobody announced presence it would hold nothing.
   */
  private presenceOfRoom: Presence | null = null;
  /** SPEC P12: the answer to an empty state vector, shared (see `EverythingAnswer`). */
  private everythingAnswer: EverythingAnswer | null = null;
  private state: RoomState = { kind: "open" };
  private readonly connections = new Set<Connection>();
  /** Connections the server has not sent its sync step 1 to yet (SPEC P3), with their deadline. */
  private readonly unopened = new Map<Connection, NodeJS.Timeout>();
  private readonly log: GroupCommit<PendingUpdate>;
  /** Made for the first line logged (`logger`): most rooms never log anything. */
  private childLogger: Logger | null = null;
  /** Settles when every update received so far has its D4 answer. */
  private checked: Promise<void> = Promise.resolve();
  private checksInFlight = 0;
  /** Closed for what they sent (an invalid update, D4; not a suggestion, P16): nothing later from them is stored (P10). */
  private readonly refused = new WeakSet<Connection>();
  /** SPEC P16: suggest-only connections here, and their guard, made for the first update one of them sends. */
  private suggestingConnections = 0;
  private suggestionGuard: SuggestionGuard | null = null;
  /** The shutdown deadline passed (abandonWrites): nothing more is stored. */
  private abandoned = false;
  /** SPEC P17: made for the first frame counted. */
  private throttle: RoomThrottle | null = null;

  constructor(private readonly options: RoomOptions) {
    // For callers the compiler does not see: no room falls back to a checker of its own.
    if (options.checker === undefined)
      throw new TypeError("a Room needs the server's update checker (RoomOptions.checker)");
    this.docName = options.docName;
    this.document = new RoomDocument(options.stored, (index, error) =>
      this.logger.error({ err: error, part: index }, "a stored part of the document does not apply: skipped"),
    );
    // Bound methods rather than arrow functions: under tsx (how the server runs) esbuild keeps
    // each named arrow's name by redefining it, which costs ~300 bytes per closure per room.
    this.log = new GroupCommit<PendingUpdate>({
      write: this.appendToStore.bind(this),
      committed: this.committed.bind(this),
      failed: this.writeFailed.bind(this),
      retryDelayMs: options.retryDelayMs,
    });
  }

  private get logger(): Logger {
    this.childLogger ??= this.options.logger.child({ docName: this.docName });
    return this.childLogger;
  }

  private appendToStore(updates: Uint8Array[]): Promise<LogStats> {
    return this.options.store.appendUpdates(this.docName, updates);
  }

  /** The room's Presence, made on first use (see `presenceOfRoom`). */
  private presence(): Presence {
    this.presenceOfRoom ??= new Presence({
      doc: this.document.doc,
      limits: this.options.presenceLimits ?? DEFAULT_PRESENCE_LIMITS,
      broadcast: (message, except) => {
        for (const connection of this.connections) if (connection !== except) connection.send(message);
      },
      logger: () => this.logger,
      ...(this.options.load ? { load: this.options.load } : {}),
      ...(this.options.awarenessDeferMs !== undefined ? { deferMs: this.options.awarenessDeferMs } : {}),
      ...(this.options.relay ? { publish: this.options.relay.publishAwareness.bind(this.options.relay) } : {}),
    });
    return this.presenceOfRoom;
  }

  /** The document as stored (SPEC D1: only stored updates are applied). Read it; never change it. */
  storedDocument(): Y.Doc {
    return this.document.live();
  }

  private get inlineCheckMaxBytes(): number {
    return this.options.inlineCheckMaxBytes ?? DEFAULT_INLINE_CHECK_MAX_BYTES;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * SPEC P3: the server opens the handshake with its state vector and who is here — at once
   * when its document is live; in a cold room only after answering the client's sync step 1
   * (or `openingDelayMs` without one): the client's answer goes first, and with a log to check
   * the server's state vector needs the stored document applied.
   */
  attach(connection: Connection): void {
    this.connections.add(connection);
    this.throttle?.joined(connection);
    if (connection.access.suggestOnly === true) this.suggestingConnections++;
    if (this.document.isLive) {
      this.open(connection);
      return;
    }
    const deadline = setTimeout(() => this.open(connection), this.options.openingDelayMs ?? 100);
    deadline.unref();
    this.unopened.set(connection, deadline);
  }

  private open(connection: Connection): void {
    clearTimeout(this.unopened.get(connection));
    this.unopened.delete(connection);
    if (this.state.kind === "destroyed" || !this.connections.has(connection)) return;
    connection.send(encodeSyncStep1(this.document.stateVector()));
    if (this.presenceOfRoom !== null && this.presenceOfRoom.size > 0) connection.send(this.presenceOfRoom.everything());
  }

  /** SPEC R5: what the connection said about presence goes with it, and everyone hears so. */
  detach(connection: Connection): void {
    clearTimeout(this.unopened.get(connection));
    this.unopened.delete(connection);
    if (!this.connections.delete(connection)) return;
    if (connection.access.suggestOnly === true && --this.suggestingConnections === 0) {
      // Its replica doubles the document in memory: kept only while someone suggests.
      this.suggestionGuard?.drop();
      this.suggestionGuard = null;
    }
    // Whoever set an id made the Presence too.
    this.presenceOfRoom?.detach(connection);
  }

  /**
   * SPEC P17: a frame from one of its connections that the server will work on (it passed the
   * connection's own limit). Past the room's budget, reading from all its connections stops
   * until the debt is paid; the frame itself is still worked on.
   */
  countFrame(): void {
    this.throttle ??= new RoomThrottle({
      ratePerSecond: this.options.maxMessagesPerSecond ?? 1000,
      connections: this.connections,
    });
    const before = this.throttle.pauses;
    this.throttle.counted();
    if (this.throttle.pauses === before) return;
    // Once a minute at most: a steady flood pauses the room again each time its debt is paid.
    const now = performance.now();
    if (now - this.throttleLoggedAt < 60_000 && this.throttleLoggedAt !== 0) return;
    this.throttleLoggedAt = now;
    this.logger.warn(
      { connections: this.connections.size, pauses: this.throttle.pauses },
      "document flooding: reading from its connections paused until its budget recovers",
    );
  }
  private throttleLoggedAt = 0;

  /** SPEC P17: whether reading from the room's connections is stopped now (keepalive waits for it). */
  get readingPaused(): boolean {
    return this.throttle?.paused ?? false;
  }

  /** SPEC P17: times reading from the room's connections stopped (tests, logs). */
  get throttlePauses(): number {
    return this.throttle?.pauses ?? 0;
  }

  receive(connection: Connection, message: ClientMessage): void {
    if (this.state.kind === "destroyed") return;
    switch (message.kind) {
      case "sync-step-1":
        this.answerSyncStep1(connection, message.stateVector);
        if (this.unopened.has(connection)) this.open(connection);
        return;
      case "sync-step-2":
      case "update":
        this.receiveUpdate(connection, message.update, message.kind);
        return;
      case "awareness":
        this.presence().apply(connection, message);
        return;
      case "acks-wanted":
        connection.wantAcks();
        return;
      case "query-awareness":
        // One message shared until presence changes; a client that asks without reading is
        // closed by its send buffer's bound (P12).
        connection.send(this.presence().everything(), "query-answer");
        return;
      default:
        assertNever(message);
    }
  }

  /** Resolves once every update received so far is checked and, if valid, stored (SPEC D6). */
  async flush(): Promise<void> {
    await this.checked;
    await this.log.flush();
  }

  /** Updates checked (D4) and waiting to be written: the next write's batch (D2). */
  get updatesWaiting(): number {
    return this.log.waiting;
  }

  /** Shutdown deadline passed: stop retrying and say what was never stored. */
  abandonWrites(): number {
    this.abandoned = true;
    return this.log.abandon().length + this.checksInFlight;
  }

  /** SPEC R3. Only called with no connections and nothing left to write. */
  destroy(): void {
    if (this.state.kind === "destroyed") return;
    this.state = { kind: "destroyed" };
    // Stops its timer and drops its listeners.
    this.presenceOfRoom?.destroy();
    this.everythingAnswer = null;
    for (const deadline of this.unopened.values()) clearTimeout(deadline);
    this.unopened.clear();
    this.throttle?.close();
    this.document.doc.destroy();
    this.suggestionGuard?.drop();
    this.suggestionGuard = null;
    this.options.relay?.leave();
  }

  /** M7: whether the room's document holds every batch stored by any process (always, in one process). */
  isCurrent(): Promise<boolean> {
    return this.options.relay?.isCurrent() ?? Promise.resolve(true);
  }

  /**
   * M3: a batch another process stored and published, in sequence order. Applied, kept with
   * the shared answer (P12) and relayed to every connection here: it is stored (the origin
   * published it after its write, D1), so the document still equals what is stored.
   */
  applyRemoteUpdate(update: Uint8Array): void {
    if (this.state.kind === "destroyed") return;
    try {
      Y.applyUpdate(this.document.live(), update, REMOTE_ORIGIN);
    } catch (error) {
      this.logger.error(
        { err: error, bytes: update.byteLength },
        "a batch from another process does not apply: not relayed",
      );
      return;
    }
    this.suggestionGuard?.accepted(update);
    // Copied if kept: the bytes are a view of the Redis reply's buffer, which holds more.
    if (this.everythingAnswer !== null) this.keepEverythingAnswerCurrent([{ update: new Uint8Array(update) }]);
    const message = encodeUpdateMessage(update);
    for (const connection of this.connections) connection.send(message);
    this.notifyRemoteChange();
  }

  /**
   * M4: after a gap, what the store holds now is applied; what that added reaches every
   * connection here as one update (the document's state against its state vector before).
   */
  async catchUpFromStore(): Promise<void> {
    const stored = await this.options.store.loadDocument(this.docName);
    if (this.state.kind === "destroyed") return;
    const doc = this.document.live();
    const before = Y.encodeStateVector(doc);
    let changed = false;
    const onUpdate = (): void => {
      changed = true;
    };
    doc.on("update", onUpdate);
    try {
      applyStoredDocument(doc, stored, (index, error) =>
        this.logger.error({ err: error, part: index }, "a stored part of the document does not apply: skipped"),
      );
    } finally {
      doc.off("update", onUpdate);
    }
    if (!changed) return;
    // The shared answer (P12) lacks it; the next fresh client gets one encoded afresh. So does
    // the suggestion guard's replica (P16), rebuilt when next needed.
    this.everythingAnswer = null;
    this.suggestionGuard?.drop();
    const message = encodeUpdateMessage(Y.encodeStateAsUpdate(doc, before));
    for (const connection of this.connections) connection.send(message);
    this.notifyRemoteChange();
  }

  /** M6: awareness another process accepted from its connections, within this room's bounds (P13). */
  applyRemoteAwareness(frame: Uint8Array): void {
    if (this.state.kind === "destroyed") return;
    const limits = this.options.presenceLimits ?? DEFAULT_PRESENCE_LIMITS;
    const decoded = decodeClientMessage(frame, { maxAwarenessStateBytes: limits.maxStateBytes });
    if (!decoded.ok || decoded.message.kind !== "awareness") {
      this.logger.warn({ bytes: frame.byteLength }, "an unreadable awareness message from another process: ignored");
      return;
    }
    this.presence().applyRemote(decoded.message);
  }

  /** M6: the states this process's connections own, for a process that just loaded the room. */
  ownAwareness(): Uint8Array | null {
    return this.presenceOfRoom?.ownStates() ?? null;
  }

  private notifyRemoteChange(): void {
    const callback = this.options.onRemoteChange;
    if (!callback) return;
    try {
      callback(this.docName);
    } catch (error) {
      this.logger.error({ err: error }, "onRemoteChange failed");
    }
  }

  /**
   * SPEC P4: everything the client's state vector lacks. A client with nothing, in a cold
   * room whose document is at rest, gets the stored snapshot as it is, without the room
   * applying it first (D8).
   */
  private answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    // SPEC P12: one answer at a time. Another sync step 1 meanwhile is answered once the
    // answer on its way is written (the latest of them, once), so a client that asks again and
    // again without reading makes the server encode nothing more.
    if (connection.syncAnswerPending) {
      connection.owedSyncStep1 = stateVector;
      this.logger.debug(
        { userId: connection.access.userId },
        "sync step 1 while its previous answer is unsent: coalesced",
      );
      return;
    }
    if (!connection.mayAnswerSyncStep1()) {
      connection.owedSyncStep1 = stateVector;
      this.logger.debug({ userId: connection.access.userId }, "sync step 1 past the answer rate: coalesced");
      return;
    }
    if (!isEmptyStateVector(stateVector) && !this.lacksMostOf(stateVector)) {
      connection.send(encodeSyncStep2(this.document.live(), stateVector), "sync-answer");
      return;
    }
    const shared = this.sharedAnswer();
    if (shared !== null) {
      shared.sentAt = performance.now();
      connection.send(shared.answer, "sync-answer");
      if (shared.since.length > 0) {
        shared.sinceMessage ??= encodeUpdateMessage(Y.mergeUpdates(shared.since));
        connection.send(shared.sinceMessage);
      }
      return;
    }
    const stored = this.document.everythingFromStore(EMPTY_STATE_VECTOR);
    const answer =
      stored === null ? encodeSyncStep2(this.document.live(), EMPTY_STATE_VECTOR) : encodeSyncStep2FromUpdate(stored);
    this.everythingAnswer = {
      answer,
      sentAt: performance.now(),
      since: [],
      sinceBytes: 0,
      sinceMessage: null,
      maxSinceBytes: Math.max(64 * 1024, answer.byteLength / 16),
    };
    connection.send(answer, "sync-answer");
  }

  /**
   * SPEC P12: a state vector that lacks more than a quarter of a large document is sent the
   * shared answer to an empty one, which costs no encoding: what it already has, Yjs skips.
   * (Encoding the difference costs as much as the whole, and a made-up or stale vector asks for
   * it.) A small document is cheap to encode: its clients get exactly what they lack (D8).
   */
  private lacksMostOf(stateVector: Uint8Array): boolean {
    const has = Y.decodeStateVector(stateVector);
    const doc = this.document.live();
    let total = 0;
    let lacking = 0;
    for (const client of doc.store.clients.keys()) {
      const clock = Y.getState(doc.store, client);
      total += clock;
      lacking += Math.max(0, clock - (has.get(client) ?? 0));
    }
    return total >= LARGE_DOCUMENT_CLOCK && lacking * 4 > total;
  }

  /** The shared answer, if some connection is still being sent it or it was sent lately; otherwise it is let go. */
  private sharedAnswer(): EverythingAnswer | null {
    const shared = this.everythingAnswer;
    if (shared === null) return null;
    if (
      this.options.isBeingSent?.(shared.answer) === true ||
      performance.now() - shared.sentAt < SHARED_ANSWER_LINGER_MS
    )
      return shared;
    this.everythingAnswer = null;
    return null;
  }

  private receiveUpdate(connection: Connection, update: Uint8Array, kind: "sync-step-2" | "update"): void {
    const ordinal = connection.nextUpdateOrdinal();
    if (connection.access.readOnly) {
      // SPEC P8. A read-only client answers the server's sync step 1 with an update on every
      // connect: empty, or its delete set, which adds nothing. Only an update that adds something
      // is an edit refused: worth a warning, and its writer is told (P14).
      const adds = isEmptyUpdate(update) ? false : carriesNewContent(this.document.live(), update);
      this.logger[adds === false ? "debug" : "warn"](
        { userId: connection.access.userId, kind, bytes: update.length },
        "update from a read-only connection dropped",
      );
      if (adds === true) connection.refuseEdit(ordinal);
      connection.settle(ordinal);
      return;
    }
    if (this.checksInFlight === 0 && update.byteLength <= this.inlineCheckMaxBytes) {
      // SPEC D4, here: nothing of this room waits in the worker, so the answers keep their order.
      const quick = checkUpdateQuickly(update);
      if (quick !== null && quick.kind !== "invalid") {
        this.checkedUpdate(connection, update, quick, ordinal);
        return;
      }
      // A refusal, or an update only a scratch document can judge, takes the worker's path.
    }
    this.checksInFlight++;
    // Checks answer in the order asked (UpdateChecker), so this chain ends with the last one.
    this.checked = this.options.checker
      .check(update, () => this.refused.has(connection))
      .then((check) => {
        this.checksInFlight--;
        this.checkedUpdate(connection, update, check, ordinal);
      })
      .catch((error: unknown) => this.logger.error({ err: error }, "handling a checked update failed"));
  }

  /**
   * D4 answered. An update received before its connection closed is still stored — unless
   * the server refused that connection for an invalid update, or for one that was not a
   * suggestion (P16), received earlier: from then on nothing it sent counts (P10).
   */
  private checkedUpdate(connection: Connection, update: Uint8Array, check: UpdateCheck, ordinal: number): void {
    if (this.refused.has(connection)) return;
    switch (check.kind) {
      case "invalid":
        this.refused.add(connection);
        connection.refuse(CloseCode.InvalidUpdate, `invalid update: ${check.reason}`);
        return;
      case "empty":
        connection.settle(ordinal);
        return;
      case "valid":
        if (this.abandoned || this.state.kind === "destroyed") {
          this.logger.error(
            { userId: connection.access.userId },
            "an update checked after the shutdown deadline was not stored",
          );
          return;
        }
        if (connection.access.suggestOnly === true && !this.addsNothingYet(update)) {
          // SPEC P16. Judged on the guard's replica, which it has now been applied to.
          const verdict = this.guard().check(update, connection.access.userId);
          if (!verdict.ok) {
            this.refused.add(connection);
            connection.refuse(CloseCode.SuggestionsOnly, `not a suggestion: ${verdict.reason}`);
            return;
          }
        } else {
          this.suggestionGuard?.accepted(update);
        }
        connection.awaitStore(ordinal);
        this.log.enqueue({ update, from: connection });
        return;
      default:
        assertNever(check);
    }
  }

  /**
   * SPEC P16: an update that adds nothing to a room with nothing queued and no replica yet (a
   * reviewer reconnecting answers sync step 1 with its whole delete set) needs no replica built
   * to be judged: the room's document is everything accepted.
   */
  private addsNothingYet(update: Uint8Array): boolean {
    return (
      this.suggestionGuard?.built !== true &&
      this.log.queued().length === 0 &&
      carriesNewContent(this.document.live(), update) === false
    );
  }

  /** SPEC P16: the room's suggestion guard, made for the first update a suggest-only connection sends. */
  private guard(): SuggestionGuard {
    this.suggestionGuard ??= new SuggestionGuard({
      rules: this.options.suggestionRules ?? suggestionRulesOf(new BodyReader().schema),
      source: () => ({ doc: this.document.live(), queued: this.log.queued().map((pending) => pending.update) }),
    });
    return this.suggestionGuard;
  }

  /** SPEC D1: the batch is durable; only now does anyone see it. Must not throw (GroupCommit). */
  private committed(batch: PendingUpdate[], stats: LogStats): void {
    const applied: PendingUpdate[] = [];
    const doc = this.document.live();
    // One transaction per update, not one for the batch: should an update throw halfway
    // (see below), its transaction ends there, before the next update is applied.
    for (const pending of batch) {
      // P15: stored, whether or not it applies below.
      pending.from.stored();
      try {
        Y.applyUpdate(doc, pending.update, pending.from);
        applied.push(pending);
      } catch (error) {
        // D4 makes this unreachable in practice; should it happen, the update is stored but
        // relaying what the server could not apply would only spread the damage.
        this.logger.error(
          { err: error, userId: pending.from.access.userId },
          "a stored update does not apply: not relayed",
        );
      }
    }
    this.keepEverythingAnswerCurrent(applied);
    let merged: Uint8Array | null = null;
    try {
      merged = this.relay(applied);
    } catch (error) {
      // Stored and applied: whoever missed it gets it in their next sync step 2.
      this.logger.error({ err: error, updates: applied.length }, "relaying a stored batch failed");
    }
    const relay = this.options.relay;
    if (relay !== undefined && applied.length > 0) {
      // M2: stored and relayed here first (D1 holds across processes).
      try {
        relay.publishUpdate(merged ?? Y.mergeUpdates(applied.map((pending) => pending.update)));
      } catch (error) {
        this.logger.error({ err: error, updates: applied.length }, "publishing a stored batch failed");
      }
    }
    this.options.compactor.consider(this.docName, stats);
    this.notifyChanged([...new Set(applied.map((pending) => pending.from.access.userId))]);
  }

  /**
   * SPEC P12: the shared answer stays valid while the stored updates after it are few: they
   * follow it, merged, as one update. Past a sixteenth of the answer's size it is made afresh.
   */
  private keepEverythingAnswerCurrent(applied: ReadonlyArray<{ update: Uint8Array }>): void {
    const shared = this.sharedAnswer();
    if (shared === null || applied.length === 0) return;
    for (const { update } of applied) {
      shared.since.push(update);
      shared.sinceBytes += update.byteLength;
    }
    shared.sinceMessage = null;
    if (shared.sinceBytes > shared.maxSinceBytes) this.everythingAnswer = null;
  }

  /**
   * SPEC D1: one message per connection for the whole batch — the merge of the updates it
   * did not send — encoded once for everyone who sent none of them. In a busy room a batch
   * holds several keystrokes: one frame instead of several is fewer writes for the server
   * and one transaction instead of several for each client. Answers the batch merged when it
   * was merged here (M2 publishes it), null otherwise.
   */
  private relay(batch: PendingUpdate[]): Uint8Array | null {
    if (batch.length === 0) return null;
    if (batch.length === 1) {
      const { update, from } = batch[0]!;
      const message = encodeUpdateMessage(update);
      for (const connection of this.connections) if (connection !== from) connection.send(message);
      return update;
    }
    const senders = new Set(batch.map((pending) => pending.from));
    // Merged only if someone sent none of the batch: in a small room often nobody.
    let merged: Uint8Array | null = null;
    let toEveryone: Uint8Array | null = null;
    for (const connection of this.connections) {
      if (senders.has(connection)) {
        const others = batch.filter((pending) => pending.from !== connection).map((pending) => pending.update);
        if (others.length > 0)
          connection.send(encodeUpdateMessage(others.length === 1 ? others[0]! : Y.mergeUpdates(others)));
      } else {
        merged ??= Y.mergeUpdates(batch.map((pending) => pending.update));
        toEveryone ??= encodeUpdateMessage(merged);
        connection.send(toEveryone);
      }
    }
    return merged;
  }

  /**
   * SPEC D3. The batch stays queued and is retried; nothing is applied or relayed until it
   * is stored. Its senders are closed with StoreUnavailable so their users see that their
   * edits are not saved yet: y-websocket reconnects after a 45xx code, and its sync step 2
   * then resends anything the store still lacks.
   */
  private writeFailed(batch: PendingUpdate[], error: unknown, attempt: number): void {
    this.logger.error({ err: error, attempt, updates: batch.length }, "storing updates failed: retrying");
    const senders = new Set(batch.map((pending) => pending.from));
    for (const sender of senders)
      sender.close(CloseCode.StoreUnavailable, "The document could not be saved; reconnect.");
  }

  private notifyChanged(authorIds: readonly string[]): void {
    const callback = this.options.onDocumentChanged;
    if (!callback) return;
    // Not awaited (derived data may lag), but never allowed to take the room down with it.
    try {
      const result: unknown = callback(this.docName, authorIds);
      if (result instanceof Promise) {
        result.catch((error: unknown) => this.logger.error({ err: error }, "onDocumentChanged failed"));
      }
    } catch (error) {
      this.logger.error({ err: error }, "onDocumentChanged failed");
    }
  }
}

const EMPTY_STATE_VECTOR = Uint8Array.of(0);

/** Items (characters, mostly) from which a document is large enough for P12's shared answer to pay off. */
const LARGE_DOCUMENT_CLOCK = 64 * 1024;

/** A state vector with no client in it: what a client that has nothing sends in sync step 1. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/**
 * SPEC P12: the answer to an empty state vector (a fresh client's sync step 1), shared while it
 * is on its way to some connection or was sent less than SHARED_ANSWER_LINGER_MS ago, so that
 * fresh clients arriving together — or slow readers asking again and again, whose kernel
 * buffers take an answer or two each before the server's own bound starts — cost one encoding
 * of the document, not one each. Typing does not spoil it: the updates stored since (`since`)
 * follow it as one merged update. After that the room lets it go at its next use or commit
 * (at the latest when it unloads).
 */
const SHARED_ANSWER_LINGER_MS = 5_000;

interface EverythingAnswer {
  answer: Uint8Array;
  /** When it was last sent to anyone (performance.now()). */
  sentAt: number;
  since: Uint8Array[];
  sinceBytes: number;
  /** `since` merged, as an update message; made for the first connection that needs it. */
  sinceMessage: Uint8Array | null;
  maxSinceBytes: number;
}
