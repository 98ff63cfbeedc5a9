import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import {
  BusMessageKind,
  CHANNEL_PREFIX,
  decodeBusMessage,
  documentChannelName,
  documentSequenceKey,
  PROCESS_ID_LENGTH,
  processKey,
} from "./busMessages.js";
import { DocumentChannel } from "./DocumentChannel.js";
import type { RedisLink } from "./redis.js";

/**
 * The cross-process document relay of multi-process mode (cluster/SPEC.md, M1–M10): one per
 * server, over the server's Redis link. Each loaded room joins its document's channel
 * (`accord:doc:<docName>`); a stored batch is published there with the next number of the
 * document's sequence (`accord:seq:<docName>`), and every other process applies the batches in
 * that order, or resynchronises the room from the store when one is missing.
 */

/** What a channel asks of the room it serves (Room implements it). */
export interface BusMember {
  /** M3: a batch another process stored, in sequence order: apply it and relay it to local connections. */
  applyRemoteUpdate(update: Uint8Array): void;
  /** M6: an awareness message another process accepted from its connections. */
  applyRemoteAwareness(message: Uint8Array): void;
  /** M4: apply what the store holds now, and relay what that added to local connections. */
  catchUpFromStore(): Promise<void>;
  /** M6: the awareness states this process's connections own, as one awareness message; null for none. */
  ownAwareness(): Uint8Array | null;
}

export interface DocumentBusOptions {
  redis: RedisLink;
  logger: Logger;
  /** This process among the others (M1). @default 16 random hex digits */
  processId?: string;
  /**
   * Bytes of messages a channel holds while its room loads or resynchronises (M4). Past it the
   * held messages are dropped and the room resynchronises once more when the current one ends.
   * @default 16 MiB
   */
  maxHeldBytes?: number;
  /**
   * A document's sequence key expires this long after its last publish, so Redis holds no key
   * for a document nobody edits (M2: a sequence that starts again is a gap like any other).
   * @default 7 days
   */
  sequenceTtlSeconds?: number;
  /** M10: how often this process says it is alive, and checks the others it heard from. @default 2_000 */
  heartbeatMs?: number;
  /** M10: a process that has not beaten for this long is dead to the others. @default 6_000 */
  processTtlMs?: number;
  /** Delay before retrying a failed resynchronisation or probing Redis after a failed publish. @default 100 ms doubling, at most 5 s */
  retryDelayMs?: (attempt: number) => number;
}

/**
 * M2: the sequence number and the message in one atomic step, so that the order of the numbers
 * is the order in which subscribers receive the messages. KEYS[1] the sequence key; ARGV the
 * channel, the header (kind and origin), the payload and the key's time to live.
 */
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('PUBLISH', ARGV[1], ARGV[2] .. string.format('%d', seq) .. ':' .. ARGV[3])
return seq
`;

interface ScriptedRedis extends Redis {
  accordPublishDocument(
    sequenceKey: string,
    channel: string,
    header: Buffer,
    payload: Buffer,
    ttlSeconds: number,
  ): Promise<number>;
}

/** M10: the heartbeat key's value once its process stopped cleanly. */
const CLOSED = "closed";

type BusState =
  | { kind: "up" }
  /** `restoring`: owed resync notices are on their way (M8); a second restore waits for them. */
  | { kind: "lost"; probe: NodeJS.Timeout | null; attempt: number; restoring: boolean }
  | { kind: "closed" };

export class DocumentBus {
  readonly processId: string;
  private readonly redis: RedisLink;
  private readonly command: ScriptedRedis;
  private readonly logger: Logger;
  private readonly channels = new Map<string, DocumentChannel>();
  /** Documents whose stored batch could not be published (M8): a Resync message is owed for each. */
  private readonly owedResyncs = new Set<string>();
  /**
   * Channels of rooms that unloaded while Redis was down: ioredis subscribes again to every
   * channel it had when it reconnects, so these are unsubscribed on restore.
   */
  private readonly owedUnsubscribes = new Set<string>();
  private state: BusState;
  private readonly lostListeners: (() => void)[] = [];
  private readonly restoredListeners: (() => void)[] = [];
  private readonly onMessage = (channel: Buffer, message: Buffer): void => this.received(channel, message);
  /** M10: the other processes heard from on any channel, checked at each heartbeat. */
  private readonly knownOrigins = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly processTtlMs: number;
  /** @internal for the channels */
  readonly maxHeldBytes: number;
  /** @internal */
  readonly sequenceTtlSeconds: number;
  /** @internal */
  readonly retryDelayMs: (attempt: number) => number;

  constructor(options: DocumentBusOptions) {
    this.processId = options.processId ?? randomBytes(PROCESS_ID_LENGTH / 2).toString("hex");
    if (this.processId.length !== PROCESS_ID_LENGTH || !/^[\x21-\x7e]+$/.test(this.processId))
      throw new TypeError(`DocumentBus: processId must be ${PROCESS_ID_LENGTH} printable ASCII characters`);
    this.redis = options.redis;
    this.logger = options.logger;
    this.maxHeldBytes = options.maxHeldBytes ?? 16 * 1024 * 1024;
    this.sequenceTtlSeconds = options.sequenceTtlSeconds ?? 7 * 24 * 3600;
    this.retryDelayMs = options.retryDelayMs ?? ((attempt) => Math.min(100 * 2 ** attempt, 5_000));
    const command = options.redis.command as ScriptedRedis;
    if (typeof command.accordPublishDocument !== "function")
      command.defineCommand("accordPublishDocument", { numberOfKeys: 1, lua: PUBLISH_SCRIPT });
    this.command = command;
    options.redis.subscriber.on("messageBuffer", this.onMessage);
    options.redis.onLost(() => this.markLost(null));
    options.redis.onRestored(() => void this.restore());
    this.state = options.redis.isUp ? { kind: "up" } : { kind: "lost", probe: null, attempt: 0, restoring: false };
    this.processTtlMs = options.processTtlMs ?? 6_000;
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs ?? 2_000);
    this.heartbeat.unref();
    void this.beat();
  }

  /** Redis answers and every publish so far went through (M8). */
  get isUp(): boolean {
    return this.state.kind === "up";
  }

  /** M8: called when Redis is lost or a publish failed; every room's clients must reconnect later. */
  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  /** M8: called once Redis answers again and every owed Resync went out. */
  onRestored(listener: () => void): void {
    this.restoredListeners.push(listener);
  }

  /**
   * M3: subscribes to the document's channel, then reads its sequence number; messages received
   * from then on are held for the room `attach` gives the channel. Fails when Redis does.
   */
  async join(docName: string): Promise<DocumentChannel> {
    if (this.state.kind !== "up") throw new Error("the Redis link is down");
    if (this.channels.has(docName)) throw new Error(`DocumentBus: ${docName} joined twice`);
    const channel = new DocumentChannel(this, docName);
    this.channels.set(docName, channel);
    this.owedUnsubscribes.delete(docName);
    try {
      await this.redis.subscriber.subscribe(documentChannelName(docName));
      channel.joined(await this.baseline(docName));
      return channel;
    } catch (error) {
      channel.leave();
      throw error;
    }
  }

  /** Stops listening and owes nothing more; the Redis link itself is its owner's to close. */
  close(): void {
    clearInterval(this.heartbeat);
    // M10: a clean stop. Every batch it published went out before this on the same connection,
    // so the others forget it without catching up.
    if (this.state.kind === "up")
      this.command.set(processKey(this.processId), CLOSED, "PX", this.processTtlMs).catch(() => {});
    if (this.state.kind === "lost" && this.state.probe !== null) clearTimeout(this.state.probe);
    this.state = { kind: "closed" };
    this.redis.subscriber.off("messageBuffer", this.onMessage);
    for (const channel of [...this.channels.values()]) channel.leave();
    this.lostListeners.length = 0;
    this.restoredListeners.length = 0;
  }

  /**
   * M3: the document's sequence number now, and every message numbered up to it received
   * (held by the channel): a PING on the subscriber connection is answered after everything
   * published before the GET, on the same connection as those messages.
   * @internal
   */
  async baseline(docName: string): Promise<number> {
    const value = await this.command.get(documentSequenceKey(docName));
    await this.redis.subscriber.ping();
    const seq = value === null ? 0 : Number(value);
    if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`${documentSequenceKey(docName)} holds ${value}`);
    return seq;
  }

  /** @internal */
  async currentSequence(docName: string): Promise<number> {
    const value = await this.command.get(documentSequenceKey(docName));
    return value === null ? 0 : Number(value);
  }

  /** @internal */
  async subscribe(docName: string): Promise<void> {
    await this.redis.subscriber.subscribe(documentChannelName(docName));
  }

  /** @internal M2 */
  publishUpdate(docName: string, update: Uint8Array): void {
    if (this.state.kind !== "up") {
      this.owe(docName);
      return;
    }
    this.command
      .accordPublishDocument(
        documentSequenceKey(docName),
        documentChannelName(docName),
        this.header(BusMessageKind.Update),
        // ioredis sends a Buffer as bytes, but writes any other Uint8Array as text ("1,2,3").
        Buffer.from(update.buffer, update.byteOffset, update.byteLength),
        this.sequenceTtlSeconds,
      )
      .catch((error: unknown) => {
        this.owe(docName);
        this.markLost(error);
      });
  }

  /** @internal M6 */
  publish(docName: string, kind: number, payload: Uint8Array | null): void {
    if (this.state.kind !== "up") return;
    const header = this.header(kind);
    const message = payload === null ? header : Buffer.concat([header, payload]);
    this.command.publish(documentChannelName(docName), message).catch((error: unknown) => this.markLost(error));
  }

  /** @internal */
  left(channel: DocumentChannel): void {
    if (this.channels.get(channel.docName) !== channel) return;
    this.channels.delete(channel.docName);
    if (this.state.kind === "closed") return;
    if (!this.redis.isUp) {
      this.owedUnsubscribes.add(channel.docName);
      return;
    }
    // Issued now, in order with any SUBSCRIBE of a room loaded after this one (R2).
    this.redis.subscriber.unsubscribe(documentChannelName(channel.docName)).catch(() => {});
  }

  /** @internal */
  log(): Logger {
    return this.logger;
  }

  private header(kind: number): Buffer {
    return Buffer.from(String.fromCharCode(kind) + this.processId, "latin1");
  }

  private owe(docName: string): void {
    this.owedResyncs.add(docName);
  }

  private received(channelName: Buffer, message: Buffer): void {
    if (this.state.kind !== "up") return;
    if (channelName.byteLength <= CHANNEL_PREFIX.length) return;
    const name = channelName.toString("utf8");
    if (!name.startsWith(CHANNEL_PREFIX)) return; // another part's channel on the same connection
    const channel = this.channels.get(name.slice(CHANNEL_PREFIX.length));
    if (channel === undefined) return; // unsubscribed, in flight
    const decoded = decodeBusMessage(message);
    if (decoded !== null && decoded.origin !== this.processId) this.knownOrigins.add(decoded.origin);
    if (decoded === null) {
      this.logger.warn(
        { channel: name, bytes: message.byteLength },
        "an unreadable message on a document channel: ignored",
      );
      return;
    }
    channel.received(decoded);
  }

  /**
   * M10: says this process is alive, then asks whether the processes heard from still are. One
   * that is not may have died between storing a batch and publishing it: every room that heard
   * from it catches up from the store.
   */
  private async beat(): Promise<void> {
    if (this.state.kind !== "up") return;
    try {
      await this.command.set(processKey(this.processId), "1", "PX", this.processTtlMs);
      if (this.knownOrigins.size === 0) return;
      const origins = [...this.knownOrigins];
      const alive = await this.command.mget(origins.map(processKey));
      if (this.state.kind !== "up") return;
      origins.forEach((origin, index) => {
        const beat = alive[index];
        if (beat !== null && beat !== CLOSED) return;
        this.knownOrigins.delete(origin);
        if (beat === CLOSED) {
          for (const channel of this.channels.values()) channel.originLeft(origin);
          return;
        }
        this.logger.warn(
          { process: origin },
          "an Accord process stopped beating: its rooms here catch up from the store",
        );
        for (const channel of this.channels.values()) channel.originDied(origin);
      });
    } catch (error) {
      // Redis trouble shows as a lost link or a failed publish (M8); a beat only reports it.
      this.logger.debug({ err: error }, "heartbeat failed");
    }
  }

  /** M8: every channel stops trusting what it holds; the server closes its document connections. */
  private markLost(error: unknown): void {
    if (this.state.kind !== "up") return;
    if (error !== null)
      this.logger.error({ err: error }, "publishing to Redis failed: document connections close until it answers");
    this.state = { kind: "lost", probe: null, attempt: 0, restoring: false };
    // Every room catches up on restore anyway; whoever is alive then is heard from again.
    this.knownOrigins.clear();
    for (const channel of this.channels.values()) channel.lost();
    for (const listener of this.lostListeners) listener();
    // A failed publish with the link still up (a timeout, a script error): nobody else will say
    // when it works again, so ask it.
    if (this.redis.isUp) this.probeLater();
  }

  private probeLater(): void {
    if (this.state.kind !== "lost") return;
    const state = this.state;
    state.probe = setTimeout(() => {
      state.probe = null;
      this.command.ping().then(
        () => void this.restore(),
        () => {
          state.attempt++;
          this.probeLater();
        },
      );
    }, this.retryDelayMs(state.attempt));
    state.probe.unref();
  }

  /** M8: owed Resync messages first, then the rooms still in memory catch up, then upgrades are accepted again. */
  private async restore(): Promise<void> {
    if (this.state.kind !== "lost" || this.state.restoring) return;
    const state = this.state;
    if (state.probe !== null) clearTimeout(state.probe);
    state.probe = null;
    state.restoring = true;
    try {
      for (const docName of [...this.owedResyncs]) {
        await this.command.accordPublishDocument(
          documentSequenceKey(docName),
          documentChannelName(docName),
          this.header(BusMessageKind.Resync),
          Buffer.alloc(0),
          this.sequenceTtlSeconds,
        );
        this.owedResyncs.delete(docName);
      }
    } catch (error) {
      this.logger.warn({ err: error }, "Redis answers again but an owed resync notice failed: trying again");
      state.restoring = false;
      if (this.state !== state) return;
      state.attempt++;
      if (this.redis.isUp) this.probeLater();
      return;
    }
    if (this.state !== state) return;
    for (const docName of this.owedUnsubscribes)
      if (!this.channels.has(docName)) this.redis.subscriber.unsubscribe(documentChannelName(docName)).catch(() => {});
    this.owedUnsubscribes.clear();
    this.state = { kind: "up" };
    for (const channel of this.channels.values()) channel.restored();
    for (const listener of this.restoredListeners) listener();
  }
}
