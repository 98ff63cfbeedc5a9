import type { Logger } from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";
import type { Busy } from "../load/LoadGauge.js";
import type { Connection } from "./Connection.js";
import { encodeAwarenessEntries, encodeAwarenessMessage, type AwarenessMessage } from "./messages.js";

/** SPEC P13: what one room holds of who is here. */
export interface PresenceLimits {
  /**
   * Bytes of one client's awareness state (its JSON, as sent and as the server would relay it).
   * The editor's own state (name, colour, cursor) is a few hundred bytes.
   * @default 16 KiB
   */
  maxStateBytes: number;
  /** Awareness client ids one connection may introduce (y-websocket uses one: its document's). @default 4 */
  maxClientIdsPerConnection: number;
  /** Bytes of every state of a room together: what each newcomer is sent. @default 256 KiB */
  maxRoomBytes: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  maxStateBytes: 16 * 1024,
  maxClientIdsPerConnection: 4,
  maxRoomBytes: 256 * 1024,
};

/**
 * How long an id whose connection left stays reserved for that user (so that someone watching
 * cannot claim it while its user reconnects), and its clock is kept (so that a late echo of its
 * last state cannot bring it back). y-protocols' own timeout for a state nobody renews.
 */
const DEPARTED_MS = awarenessProtocol.outdatedTimeout;

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** An entry that passed the rules, waiting to be applied. */
interface AcceptedEntry {
  clientId: number;
  clock: number;
  /** The state as JSON.stringify writes it (what the server relays), "null" for a removal. */
  json: string;
  bytes: number;
  introduces: boolean;
}

export interface PresenceOptions {
  doc: Y.Doc;
  limits: PresenceLimits;
  /** Sends a message to every connection of the room but `except`. */
  broadcast: (message: Uint8Array, except: unknown) => void;
  logger: () => Logger;
  /** Multi-process mode (cluster/SPEC.md M6): sends a change a connection here made to the other processes. */
  publish?: (message: Uint8Array) => void;
  /** Issue 20: the event loop's load; while it is saturated, changes are relayed together (R5). @default never busy */
  load?: Busy;
  /** How long changes are gathered while the loop is saturated (AWARENESS_DEFER_MS). @default 250 */
  deferMs?: number;
}

/** The origin, and the owner, of awareness states another Accord process accepted (M6). */
export const REMOTE_ORIGIN: unique symbol = Symbol("another Accord process");
type Owner = Connection | typeof REMOTE_ORIGIN;

/**
 * The room's awareness (SPEC R5, P13). The server holds no state of its own; it keeps, for
 * each client id, the connection that introduced it (its owner: only it may change or remove
 * it) and the size of its state, and refuses what would pass a limit. A refused entry is
 * dropped, never stored, relayed or sent to newcomers; the connection stays open, because the
 * y-websocket client sends back every awareness change it receives, and an honest client must
 * never be closed for what someone else sent.
 */
export class Presence {
  private readonly awareness: awarenessProtocol.Awareness;
  /** Who introduced each id: a connection here, or another process (M6). */
  private readonly owners = new Map<number, Owner>();
  /** Bytes of each current state, as relayed. */
  private readonly sizes = new Map<number, number>();
  private totalBytes = 0;
  /** Ids whose owner left, oldest first, with its user and when (see DEPARTED_MS). */
  private readonly departed = new Map<number, { userId: string; at: number }>();
  /**
   * M6: ids of other processes' clients that left, oldest first, with when: their clocks are kept
   * as long as a local departure's (so a late echo cannot bring them back), then forgotten. Not
   * reserved: the same client may well reconnect here.
   */
  private readonly remoteDeparted = new Map<number, number>();
  /** Every current state as one message, for newcomers and queries; made again after a change. */
  private everyone: Uint8Array | null = null;
  /** Connections already warned about (one warning each is enough to find them in the log). */
  private readonly warned = new WeakSet<Connection>();
  /**
   * R5 under load: ids changed since the gathered changes were last relayed, and whose changes
   * they are (`mixed` once they are more than one connection's); null when nothing waits. At most
   * one entry per id the room holds (P13 bounds those).
   */
  private gathered: { ids: Set<number>; origin: unknown; mixed: boolean; timer: NodeJS.Timeout } | null = null;

  constructor(private readonly options: PresenceOptions) {
    const awareness = new awarenessProtocol.Awareness(options.doc);
    // The server is not a participant: without this it would announce itself as a user.
    awareness.setLocalState(null);
    awareness.on("update", (changes: AwarenessChanges, origin: unknown) => this.changed(changes, origin));
    this.awareness = awareness;
  }

  /** How many clients have a state. */
  get size(): number {
    return this.awareness.getStates().size;
  }

  /** Bytes of every current state together (P13). */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Every current state, as one awareness message (shared by everyone it is sent to). */
  everything(): Uint8Array {
    this.everyone ??= encodeAwarenessMessage(this.awareness, [...this.awareness.getStates().keys()]);
    return this.everyone;
  }

  /** SPEC P13: applies what of `message` the rules allow. */
  apply(connection: Connection, message: AwarenessMessage): void {
    this.forgetDeparted();
    const accepted: AcceptedEntry[] = [];
    let total = this.totalBytes;
    let owned = connection.awarenessClientIds?.size ?? 0;
    for (const entry of message.entries) {
      const { clientId } = entry;
      // y-websocket never names an id twice in one update; a forged one gets the first.
      if (accepted.some((other) => other.clientId === clientId)) continue;
      const owner = this.owners.get(clientId);
      // Another connection's id: an echo of what we relayed (y-websocket sends each change it
      // receives back), or someone speaking for another user. Either way it changes nothing.
      if (owner !== undefined && owner !== connection) continue;
      if (!this.isNewer(clientId, entry.clock, entry.state === null)) continue;
      if (entry.state === null) {
        // Only an owner removes; a removal of an id nobody owns is an echo of one already done.
        if (owner !== undefined)
          accepted.push({ clientId, clock: entry.clock, json: "null", bytes: 0, introduces: false });
        continue;
      }
      if (owner === undefined) {
        if (owned >= this.options.limits.maxClientIdsPerConnection) {
          this.refused(connection, `more than ${this.options.limits.maxClientIdsPerConnection} awareness client ids`);
          continue;
        }
        const departed = this.departed.get(clientId);
        if (departed !== undefined && departed.userId !== connection.access.userId) {
          this.refused(connection, "an awareness client id another user left less than 30 s ago");
          continue;
        }
      }
      const limit = this.options.limits.maxStateBytes;
      if (entry.tooLarge) {
        this.refused(connection, `an awareness state of ${entry.sentBytes} bytes (at most ${limit})`);
        continue;
      }
      // As relayed: JSON.stringify can write more than was sent ("1e20" is 21 bytes).
      const json = JSON.stringify(entry.state);
      const bytes = Buffer.byteLength(json);
      if (bytes > limit) {
        this.refused(connection, `an awareness state of ${bytes} bytes (at most ${limit})`);
        continue;
      }
      const next = total - (this.sizes.get(clientId) ?? 0) + bytes;
      if (next > this.options.limits.maxRoomBytes) {
        this.refused(
          connection,
          `the room's awareness states would hold ${next} bytes (at most ${this.options.limits.maxRoomBytes})`,
        );
        continue;
      }
      total = next;
      if (owner === undefined) owned++;
      accepted.push({ clientId, clock: entry.clock, json, bytes, introduces: owner === undefined });
    }
    if (accepted.length === 0) return;
    // What the connection sent was not all echo after all: it pays like any other frame (P11).
    if (message.paidAsEcho === true && !connection.payForChange(message.update.byteLength)) return;
    for (const entry of accepted) {
      if (entry.introduces) {
        this.owners.set(entry.clientId, connection);
        connection.awarenessClientIds ??= new Set();
        connection.awarenessClientIds.add(entry.clientId);
        this.departed.delete(entry.clientId);
      }
      if (entry.json !== "null") {
        this.totalBytes += entry.bytes - (this.sizes.get(entry.clientId) ?? 0);
        this.sizes.set(entry.clientId, entry.bytes);
      }
    }
    const update = accepted.length === message.entries.length ? message.update : encodeAwarenessEntries(accepted);
    // Every entry decoded already (messages.ts) and is newer (isNewer), so this cannot throw halfway.
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
  }

  /**
   * M6: an awareness message another process accepted from its connections. Its own rules
   * (P13: ids per connection, who owns an id) held there; here an id a connection of this
   * process owns is not overwritten, and the state and room bounds hold as for any entry.
   * Applied with REMOTE_ORIGIN: relayed to every connection here, published to nobody.
   */
  applyRemote(message: AwarenessMessage): void {
    this.forgetDeparted();
    const accepted: AcceptedEntry[] = [];
    let total = this.totalBytes;
    const limits = this.options.limits;
    for (const entry of message.entries) {
      const { clientId } = entry;
      if (accepted.some((other) => other.clientId === clientId)) continue;
      const owner = this.owners.get(clientId);
      if (owner !== undefined && owner !== REMOTE_ORIGIN) continue;
      if (!this.isNewer(clientId, entry.clock, entry.state === null)) continue;
      if (entry.state === null) {
        if (owner !== undefined)
          accepted.push({ clientId, clock: entry.clock, json: "null", bytes: 0, introduces: false });
        continue;
      }
      if (entry.tooLarge) continue;
      const json = JSON.stringify(entry.state);
      const bytes = Buffer.byteLength(json);
      if (bytes > limits.maxStateBytes) continue;
      const next = total - (this.sizes.get(clientId) ?? 0) + bytes;
      if (next > limits.maxRoomBytes) continue;
      total = next;
      accepted.push({ clientId, clock: entry.clock, json, bytes, introduces: owner === undefined });
    }
    if (accepted.length < message.entries.length)
      this.options
        .logger()
        .debug(
          { entries: message.entries.length, accepted: accepted.length },
          "awareness from another process partly dropped (P13 bounds, or ids owned here)",
        );
    if (accepted.length === 0) return;
    for (const entry of accepted) {
      if (entry.introduces) {
        this.owners.set(entry.clientId, REMOTE_ORIGIN);
        // The same client back through another process: its reservation here has served.
        this.departed.delete(entry.clientId);
        this.remoteDeparted.delete(entry.clientId);
      }
      if (entry.json !== "null") {
        this.totalBytes += entry.bytes - (this.sizes.get(entry.clientId) ?? 0);
        this.sizes.set(entry.clientId, entry.bytes);
      }
    }
    const update = accepted.length === message.entries.length ? message.update : encodeAwarenessEntries(accepted);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
  }

  /** M6: the states connections of this process own, as one awareness message; null if none. */
  ownStates(): Uint8Array | null {
    const states = this.awareness.getStates();
    const ids: number[] = [];
    for (const [id, owner] of this.owners) if (owner !== REMOTE_ORIGIN && states.has(id)) ids.push(id);
    return ids.length === 0 ? null : encodeAwarenessMessage(this.awareness, ids);
  }

  /** SPEC R5: what the connection said about presence goes with it, and everyone hears so. */
  detach(connection: Connection): void {
    const ids = connection.awarenessClientIds;
    if (ids === null || ids.size === 0) return;
    const states = this.awareness.getStates();
    const present = [...ids].filter((id) => states.has(id));
    if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, present, connection);
    const at = performance.now();
    for (const id of ids) {
      if (this.owners.get(id) !== connection) continue;
      this.owners.delete(id);
      this.departed.set(id, { userId: connection.access.userId, at });
    }
    this.forgetDeparted();
  }

  /** Stops the Awareness's timer and drops its listeners (SPEC R3). */
  destroy(): void {
    if (this.gathered !== null) clearTimeout(this.gathered.timer);
    this.gathered = null;
    this.awareness.destroy();
    this.everyone = null;
  }

  /** y-protocols' rule: a newer clock, or a removal at the same clock of a state still held. */
  private isNewer(clientId: number, clock: number, removes: boolean): boolean {
    const current = this.awareness.meta.get(clientId)?.clock ?? 0;
    return current < clock || (current === clock && removes && this.awareness.getStates().has(clientId));
  }

  /**
   * Ids whose owner left more than DEPARTED_MS ago are free again, and their clocks forgotten:
   * y-protocols keeps a clock for every id it ever saw, which a client opening connection after
   * connection, each with fresh ids, would grow for as long as the room stays open.
   */
  private forgetDeparted(): void {
    const now = performance.now();
    for (const [id, { at }] of this.departed) {
      if (now - at < DEPARTED_MS) break; // oldest first
      this.departed.delete(id);
      if (!this.owners.has(id) && !this.awareness.getStates().has(id)) this.awareness.meta.delete(id);
    }
    for (const [id, at] of this.remoteDeparted) {
      if (now - at < DEPARTED_MS) break;
      this.remoteDeparted.delete(id);
      if (!this.owners.has(id) && !this.awareness.getStates().has(id)) this.awareness.meta.delete(id);
    }
  }

  private refused(connection: Connection, reason: string): void {
    if (this.warned.has(connection)) return;
    this.warned.add(connection);
    this.options.logger().warn({ userId: connection.access.userId, reason }, "awareness refused: dropped, not relayed");
  }

  private changed({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    for (const id of removed) {
      this.totalBytes -= this.sizes.get(id) ?? 0;
      this.sizes.delete(id);
      // M6: another process's client left (its process said so, or its state timed out here).
      if (this.owners.get(id) === REMOTE_ORIGIN) {
        this.owners.delete(id);
        this.remoteDeparted.delete(id); // re-inserted last: the map stays oldest first
        this.remoteDeparted.set(id, performance.now());
      }
    }
    this.everyone = null;
    // Clock-only renewals ("updated" with the same state) are relayed too: without them other
    // clients would time the state out after 30 s.
    const ids = [...added, ...updated, ...removed];
    const publish = this.options.publish !== undefined && origin !== REMOTE_ORIGIN && origin !== "timeout";
    // Issue 20: while the loop is saturated (and until what it gathered is relayed, so that
    // changes keep their order) the room's changes wait, at most `deferMs`, and go out as one
    // message with each id's latest state: a room of typists moving their cursors costs one
    // fan-out per window instead of one per keystroke.
    if (this.gathered !== null || this.options.load?.busy() === true) {
      this.gather(ids, origin);
      if (publish) this.options.publish!(encodeAwarenessMessage(this.awareness, ids));
      return;
    }
    const message = encodeAwarenessMessage(this.awareness, ids);
    this.options.broadcast(message, origin);
    // M6: what a connection here changed goes to the other processes; what came from one, or
    // timed out (each process times states out on its own), does not.
    if (publish) this.options.publish!(message);
  }

  private gather(ids: number[], origin: unknown): void {
    if (this.gathered === null) {
      const timer = setTimeout(() => this.relayGathered(), this.options.deferMs ?? 250);
      timer.unref();
      this.gathered = { ids: new Set(), origin, mixed: false, timer };
    }
    for (const id of ids) this.gathered.ids.add(id);
    if (origin !== this.gathered.origin) this.gathered.mixed = true;
  }

  /** Every gathered id's latest state (or its removal), to everyone but the one connection whose changes they all were. */
  private relayGathered(): void {
    const gathered = this.gathered;
    this.gathered = null;
    if (gathered === null) return;
    // An id whose clock was forgotten meanwhile (its owner left long ago) has nothing to say.
    const ids = [...gathered.ids].filter((id) => this.awareness.meta.has(id));
    if (ids.length === 0) return;
    this.options.broadcast(encodeAwarenessMessage(this.awareness, ids), gathered.mixed ? null : gathered.origin);
  }
}
