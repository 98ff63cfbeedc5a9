import type { WebSocket } from "ws";

/**
 * SPEC P12: what the server sends waits in bounded buffers. A client that does not read makes
 * every message to it wait in the server's memory (ws and the socket queue whatever they are
 * given), so without a bound one viewer that asks again and again and never reads could hold
 * gigabytes. Each connection's messages go through its `Outbox`, and every outbox of a server
 * answers to one `SendBudget`.
 */

/** Who an outbox tells when its connection must go (the Connection; no closure per connection). */
export interface OutboxOwner {
  /** Its buffer passed a bound: close it as a slow reader. Must release the outbox synchronously. */
  overflowed(reason: string): void;
  /** The sync answer it held was written to the kernel (another may be sent now). */
  syncAnswerWritten(): void;
}

/**
 * Bytes handed to the socket and not yet written to the kernel, per connection. Past this, further
 * messages wait in the outbox itself, where closing the connection can drop them at once and the
 * close frame is not stuck behind them.
 */
const WRITE_HIGH_WATER_BYTES = 64 * 1024;

export interface SendBudgetOptions {
  /** Bytes that may wait for one connection, besides the one sync answer it may be owed (P12). */
  maxSocketBufferBytes: number;
  /** Bytes that may wait for all connections together, each message counted once however many wait for it (P12). */
  maxTotalBufferBytes: number;
}

/** The server-wide account of what waits to be sent: the total bound and who holds the most. */
export class SendBudget {
  readonly maxSocketBufferBytes: number;
  readonly maxTotalBufferBytes: number;
  /**
   * How many outbox entries hold each message. A relayed update is one buffer sent to everyone
   * in the room: it costs its bytes once, however many slow readers still hold it.
   */
  private readonly holders = new Map<Uint8Array, number>();
  private total = 0;
  /** Outboxes holding anything: the candidates when the total passes its bound. */
  private readonly nonEmpty = new Set<Outbox>();
  private evicting = false;

  constructor(options: SendBudgetOptions) {
    this.maxSocketBufferBytes = options.maxSocketBufferBytes;
    this.maxTotalBufferBytes = options.maxTotalBufferBytes;
  }

  /** Bytes waiting for all connections, each distinct message once. */
  get totalBytes(): number {
    return this.total;
  }

  /** Whether some outbox still holds `message` (queued, or handed to a socket not done with it). */
  isHeld(message: Uint8Array): boolean {
    return this.holders.has(message);
  }

  /** @internal */
  hold(outbox: Outbox, message: Uint8Array): void {
    const count = this.holders.get(message) ?? 0;
    this.holders.set(message, count + 1);
    if (count === 0) this.total += message.byteLength;
    this.nonEmpty.add(outbox);
  }

  /** @internal */
  letGo(message: Uint8Array): void {
    const count = this.holders.get(message);
    if (count === undefined) return;
    if (count > 1) {
      this.holders.set(message, count - 1);
      return;
    }
    this.holders.delete(message);
    this.total -= message.byteLength;
  }

  /** @internal */
  emptied(outbox: Outbox): void {
    this.nonEmpty.delete(outbox);
  }

  /**
   * P12: past the total bound, the connections that hold the most bytes are closed first, until
   * the total is back under it. Closing one can make others send (its presence is removed), which
   * comes back here: the outer call finishes the job.
   */
  enforceTotal(): void {
    if (this.total <= this.maxTotalBufferBytes || this.evicting) return;
    this.evicting = true;
    try {
      const byHeld = [...this.nonEmpty].sort((a, b) => b.bytes - a.bytes);
      for (const outbox of byHeld) {
        if (this.total <= this.maxTotalBufferBytes) break;
        outbox.overflow(
          `the server's send buffers passed ${this.maxTotalBufferBytes} bytes and this connection held ${outbox.bytes}`,
        );
      }
    } finally {
      this.evicting = false;
    }
  }
}

/**
 * One connection's messages on their way out. Up to WRITE_HIGH_WATER_BYTES are handed to the
 * socket; the rest wait here, in order. The one sync answer a connection may be owed (a whole
 * document, possibly larger than the bound) is not counted against its own bound, only the total.
 */
export class Outbox {
  /** Handed to the socket, not yet written to the kernel; oldest first (ws calls back in order). */
  private readonly written = new Fifo();
  private writtenBytes = 0;
  /** Not handed to the socket yet. */
  private readonly queued = new Fifo();
  /** Every byte this outbox holds (written and queued). */
  bytes = 0;
  /** The sync answer in the outbox, if any (SPEC P12: one at a time). */
  private syncAnswer: Uint8Array | null = null;
  private released = false;
  /** One callback for every write: ws calls back in the order it was given messages. */
  private readonly onWritten = this.wrote.bind(this);

  constructor(
    private readonly socket: WebSocket,
    private readonly budget: SendBudget,
    private readonly owner: OutboxOwner,
  ) {}

  /** True while a sync answer has not been written to the kernel yet. */
  get syncAnswerPending(): boolean {
    return this.syncAnswer !== null;
  }

  /**
   * Queues `message`; answers false when the connection was closed for it (or had been).
   * A message larger than the bound passes alone, when nothing else of this connection waits:
   * a merged batch of large pastes must still reach a reader that keeps up.
   */
  send(message: Uint8Array, kind: "message" | "sync-answer"): boolean {
    if (this.released) return false;
    if (kind === "message") {
      const others = this.bytes - (this.syncAnswer?.byteLength ?? 0);
      if (others > 0 && others + message.byteLength > this.budget.maxSocketBufferBytes) {
        this.overflow(`more than ${this.budget.maxSocketBufferBytes} bytes waited to be sent to it`);
        return false;
      }
    } else {
      this.syncAnswer = message;
    }
    this.bytes += message.byteLength;
    this.budget.hold(this, message);
    if (this.writtenBytes < WRITE_HIGH_WATER_BYTES && this.queued.length === 0) this.write(message);
    else this.queued.push(message);
    this.budget.enforceTotal();
    return !this.released;
  }

  /** Closes the connection as a slow reader (the owner releases this outbox). */
  overflow(reason: string): void {
    if (this.released) return;
    this.owner.overflowed(reason);
    // The owner releases; make sure, since the total bound counts on it.
    this.release();
  }

  /**
   * Forgets everything: queued messages are dropped now, and what the socket still holds is no
   * longer counted — the connection is closing, and the socket is cut within the close
   * handshake's timeout if the peer does not read it (Connection).
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const message of this.written.drain()) this.budget.letGo(message);
    for (const message of this.queued.drain()) this.budget.letGo(message);
    this.bytes = 0;
    this.writtenBytes = 0;
    this.syncAnswer = null;
    this.budget.emptied(this);
  }

  private write(message: Uint8Array): void {
    this.written.push(message);
    this.writtenBytes += message.byteLength;
    this.socket.send(message, this.onWritten);
  }

  /** ws wrote the oldest written message to the kernel (or failed to: the socket is going). */
  private wrote(): void {
    if (this.released) return;
    const message = this.written.shift();
    if (message === undefined) return;
    this.writtenBytes -= message.byteLength;
    this.bytes -= message.byteLength;
    const wasSyncAnswer = message === this.syncAnswer;
    if (wasSyncAnswer) this.syncAnswer = null;
    this.budget.letGo(message);
    // A socket that is closing answers further sends at once, ahead of the writes still in the
    // kernel's way, which would break the order the callbacks are matched in; its close releases all.
    const open = this.socket.readyState === this.socket.OPEN;
    while (open && this.queued.length > 0 && this.writtenBytes < WRITE_HIGH_WATER_BYTES)
      this.write(this.queued.shift()!);
    if (this.bytes === 0) this.budget.emptied(this);
    if (wasSyncAnswer) this.owner.syncAnswerWritten();
  }
}

/**
 * A queue whose `shift` costs O(1): a slow reader's outbox may hold hundreds of thousands of
 * keystroke-sized messages, and Array#shift moves them all each time.
 */
class Fifo {
  private items: Uint8Array[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: Uint8Array): void {
    this.items.push(item);
  }

  shift(): Uint8Array | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Empties the queue, answering what it held. */
  drain(): Uint8Array[] {
    const items = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return items;
  }
}
