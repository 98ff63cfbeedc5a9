import type { BusMember, DocumentBus } from "./DocumentBus.js";
import { type BusMessage, BusMessageKind } from "./busMessages.js";

/**
 * One document's channel on one process: which batches its room has (`last`, M3), the messages
 * held while the room loads or catches up (M4), and the way back after a gap.
 */
export class DocumentChannel {
  private member: BusMember | null = null;
  /** The sequence number of the last batch the room has (or the store had when it loaded). */
  private last = 0;
  /** Messages held while the room loads or catches up from the store; null while live. */
  private held: BusMessage[] | null = [];
  private heldBytes = 0;
  /** More arrived than `maxHeldBytes` while held: catch up once more at the end. */
  private overflowed = false;
  private baselineSeq: number | null = null;
  /** M8: Redis was lost; nothing received is trusted until it is back and the room caught up. */
  private stale = false;
  private catchingUp = false;
  /** Asked to catch up while catching up: once more at the end. */
  private again = false;
  /** Subscribe again before the next catch-up (after Redis was lost). */
  private resubscribe = false;
  private hasLeft = false;
  /** M10: the other processes heard from on this channel (as many as there are processes). */
  private readonly origins = new Set<string>();

  constructor(
    private readonly bus: DocumentBus,
    readonly docName: string,
  ) {}

  /** @internal */
  joined(seq: number): void {
    this.baselineSeq = seq;
  }

  /** M3: the room is loaded (from the store, after `join` read the sequence): held messages apply now. */
  attach(member: BusMember): void {
    this.member = member;
    if (this.hasLeft || this.stale) return; // restored() catches up
    if (this.baselineSeq === null) void this.catchUp(true);
    else this.drain(this.baselineSeq);
    // M6: the others' presence now, rather than at their next renewal (up to 15 s).
    this.bus.publish(this.docName, BusMessageKind.AwarenessQuery, null);
  }

  /** M2: after the batch is stored and relayed here. Fire and forget: a failure is M8's. */
  publishUpdate(update: Uint8Array): void {
    if (this.hasLeft) return;
    this.bus.publishUpdate(this.docName, update);
  }

  /** M6: an awareness change this process accepted from one of its connections. */
  publishAwareness(message: Uint8Array): void {
    if (this.hasLeft) return;
    this.bus.publish(this.docName, BusMessageKind.Awareness, message);
  }

  /**
   * M7: whether the room holds every batch published so far (one GET). False while it loads,
   * catches up or Redis is lost, and when Redis does not answer.
   */
  async isCurrent(): Promise<boolean> {
    if (this.held !== null || this.stale || this.hasLeft || this.member === null) return false;
    try {
      const seq = await this.bus.currentSequence(this.docName);
      return seq === this.last && this.held === null && !this.stale;
    } catch {
      return false;
    }
  }

  /** The last sequence number applied; for tests and metrics. */
  get lastApplied(): number {
    return this.last;
  }

  /** Unsubscribes (R3, when the room unloads). */
  leave(): void {
    if (this.hasLeft) return;
    this.hasLeft = true;
    this.held = null;
    this.member = null;
    this.bus.left(this);
  }

  /** @internal */
  received(message: BusMessage): void {
    if (this.hasLeft || this.stale) return;
    if (message.origin !== this.bus.processId) this.origins.add(message.origin);
    if (this.held !== null) {
      this.hold(message);
      return;
    }
    this.handle(message);
  }

  /**
   * @internal M10: a process heard from here stopped beating. It may have stored a batch it never
   * published: the room catches up from the store.
   */
  originDied(origin: string): void {
    if (!this.origins.delete(origin) || this.hasLeft || this.stale || this.member === null) return;
    void this.catchUp(false);
  }

  /** @internal M10: a process heard from here stopped cleanly, having published everything. */
  originLeft(origin: string): void {
    this.origins.delete(origin);
  }

  /** @internal M8 */
  lost(): void {
    this.origins.clear();
    this.stale = true;
    this.held = null;
    this.heldBytes = 0;
  }

  /** @internal M8: Redis is back; the room (if loaded) catches up from the store. */
  restored(): void {
    if (this.hasLeft || !this.stale) return;
    this.stale = false;
    this.held = [];
    this.heldBytes = 0;
    // Read before the loss: Redis may have started again with every sequence at 0.
    this.baselineSeq = null;
    if (this.member !== null) void this.catchUp(true);
  }

  private hold(message: BusMessage): void {
    if (this.overflowed) return;
    if (this.heldBytes + message.bytes > this.bus.maxHeldBytes) {
      this.overflowed = true;
      this.held = [];
      this.heldBytes = 0;
      return;
    }
    // Copied: a received payload is a view of the Redis reply's buffer, which may hold far more.
    if (message.kind === "update") this.held?.push({ ...message, update: new Uint8Array(message.update) });
    else if (message.kind === "awareness") this.held?.push({ ...message, message: new Uint8Array(message.message) });
    else this.held?.push(message);
    this.heldBytes += message.bytes;
  }

  private handle(message: BusMessage): void {
    const member = this.member;
    if (member === null) return;
    const own = message.origin === this.bus.processId;
    switch (message.kind) {
      case "awareness":
        if (!own) member.applyRemoteAwareness(message.message);
        return;
      case "awareness-query": {
        if (own) return;
        // Answered even without states: the asker learns this process has the room (M10).
        const states = member.ownAwareness();
        if (states !== null) this.bus.publish(this.docName, BusMessageKind.Awareness, states);
        else this.bus.publish(this.docName, BusMessageKind.Here, null);
        return;
      }
      case "here":
        return;
      case "update":
      case "resync":
        if (message.seq !== this.last + 1) {
          // M4: a batch was missed (or the sequence started again, M2): the store has it.
          this.bus
            .log()
            .info(
              { docName: this.docName, expected: this.last + 1, received: message.seq },
              "document relay gap: catching up from the store",
            );
          void this.catchUp(false);
          return;
        }
        this.last = message.seq;
        // M3: our own batch is in the room already.
        if (own) return;
        if (message.kind === "update") member.applyRemoteUpdate(message.update);
        else void this.catchUp(false);
        return;
    }
  }

  /**
   * M4: hold what arrives, read the sequence, apply the store, then what was held beyond it.
   * Retried while the channel lives; after Redis was lost, subscribes again first. Asked again
   * while it runs (a gap among the held messages, Redis lost and back), it goes round once more.
   */
  private async catchUp(resubscribe: boolean): Promise<void> {
    this.resubscribe ||= resubscribe;
    if (this.held === null && !this.stale) {
      this.held = [];
      this.heldBytes = 0;
    }
    if (this.catchingUp) {
      this.again = true;
      return;
    }
    this.catchingUp = true;
    try {
      for (let attempt = 0; ; ) {
        const member = this.member;
        if (this.hasLeft || this.stale || member === null) return;
        this.again = false;
        this.overflowed = false;
        const resubscribing = this.resubscribe;
        this.resubscribe = false;
        try {
          if (resubscribing) await this.bus.subscribe(this.docName);
          const seq = await this.bus.baseline(this.docName);
          await member.catchUpFromStore();
          if (this.again || this.stale || this.hasLeft) continue;
          this.drain(seq);
          if (!this.again) return;
        } catch (error) {
          if (resubscribing) this.resubscribe = true;
          this.bus
            .log()
            .warn({ err: error, docName: this.docName, attempt }, "catching up from the store failed: retrying");
          await new Promise((resolve) => setTimeout(resolve, this.bus.retryDelayMs(attempt)).unref());
          attempt++;
        }
      }
    } finally {
      this.catchingUp = false;
    }
  }

  /** Applies held messages numbered after `seq` (which the store held), in order. */
  private drain(seq: number): void {
    const held = this.held ?? [];
    const overflowed = this.overflowed;
    this.held = null;
    this.heldBytes = 0;
    this.overflowed = false;
    this.last = seq;
    if (overflowed) {
      // Some of what arrived was dropped (maxHeldBytes): the store has it.
      void this.catchUp(false);
      return;
    }
    for (let index = 0; index < held.length; index++) {
      const message = held[index]!;
      if ((message.kind === "update" || message.kind === "resync") && message.seq <= seq) continue;
      this.handle(message);
      if (this.held !== null) {
        // A gap among them: the rest waits for the next catch-up.
        for (const rest of held.slice(index + 1)) this.hold(rest);
        return;
      }
    }
  }
}
