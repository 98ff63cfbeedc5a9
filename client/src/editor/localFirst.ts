import { AccordMessageType, BODY_FRAGMENT, isUpdateFrame } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import { forgetLocalDocument, rememberLocalDocument } from "./localDocuments";
import { MAX_UNSENT_BYTES } from "./unsentLimit";

export { localDocumentName, MAX_LOCAL_DOCUMENTS } from "./localDocuments";
export { MAX_UNSENT_BYTES } from "./unsentLimit";

/**
 * Local-first editing (issue 15, defect 1). Every open recommendation is also kept in the
 * browser's IndexedDB (y-indexeddb), so what is typed offline survives a closed tab or a crash
 * and goes to the server with the next connection's sync step 2. What "Saved" means rests on
 * the server's own word: SPEC P15's `Stored` acknowledgement, sent only after the store took
 * the update (D1).
 */

/** Disconnected for longer than this, the editor says it is offline rather than "Reconnecting…". */
export const OFFLINE_AFTER_MS = 3_000;
/**
 * Characters of refused words offered back (shown, copied, attached as a comment: a comment
 * holds at most 10,000). Past it the first ones are offered and the notice says how many more
 * were not kept.
 */
export const MAX_OFFERED_CHARACTERS = 9_000;
const PENDING_KEY = "pending";

/** What this device holds that the server has not confirmed, kept beside the document in IndexedDB. */
export interface Pending {
  /** Local changes (one per editing transaction: a keystroke, a paste) not yet confirmed stored. */
  changes: number;
  bytes: number;
  /** Some of them were made while the editor said it was offline, or in an earlier visit of the page. */
  offline: boolean;
}

const NOTHING_PENDING: Pending = { changes: 0, bytes: 0, offline: false };

/**
 * The Y.Doc's local copy and the count of what the server has not confirmed. The count goes up
 * with each local change and back to zero only when the server acknowledged every
 * update-carrying frame of the current connection, its sync step 2 (which carries whatever was
 * typed while disconnected) among them.
 */
export class LocalCopy {
  readonly persistence: IndexeddbPersistence;
  pending: Pending = NOTHING_PENDING;
  /** The state vector the server sent in its sync step 1 on the current connection: what it had stored then. */
  serverStateVector: Map<number, number> | null = null;
  private socket: WebSocket | null = null;
  private sent = 0;
  private acknowledged = 0;
  private stepTwoSent = false;
  private offline = false;
  private readonly listeners = new Set<() => void>();
  /** Destroyed or deleted: nothing more is written. */
  private closed = false;

  constructor(
    private readonly name: string,
    readonly doc: Y.Doc,
  ) {
    this.persistence = new IndexeddbPersistence(name, doc);
    rememberLocalDocument(name);
  }

  /** Resolves once the device's copy is loaded into the document and the pending count read. */
  async load(): Promise<void> {
    await this.persistence.whenSynced;
    const stored = parsePending(await this.persistence.get(PENDING_KEY));
    // Whatever an earlier visit left unconfirmed counts as typed offline: its author has left.
    if (stored && stored.changes > 0) this.setPending({ ...stored, offline: true });
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** True once everything typed here is confirmed stored by the server. */
  get saved(): boolean {
    return this.pending.changes === 0;
  }

  get overLimit(): boolean {
    return this.pending.bytes > MAX_UNSENT_BYTES;
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  /** A change made in this editor (not one from the server or from the device's copy). */
  localChange(bytes: number): void {
    // Not sent now (no open socket): only the next connection's sync step 2 carries it.
    if (this.socket?.readyState !== WebSocket.OPEN) this.stepTwoSent = false;
    this.setPending({
      changes: this.pending.changes + 1,
      bytes: this.pending.bytes + bytes,
      offline: this.pending.offline || this.offline,
    });
  }

  /** The provider's WebSocket class: counts the update-carrying frames it sends and asks for acknowledgements (P15). */
  socketClass(): typeof WebSocket {
    const copy = this;
    return class AcknowledgedSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        copy.socketOpening(this);
        // Registered before y-websocket's own onopen: asked before its first frame.
        this.addEventListener("open", () => this.send(ACKS_WANTED));
      }

      override send(data: Parameters<WebSocket["send"]>[0]): void {
        if (data instanceof Uint8Array) copy.frameSent(this, data);
        super.send(data);
      }
    };
  }

  /** The server's sync step 1 arrived: what it holds, for the words a refusal leaves unsaved. */
  serverSyncStep1(stateVector: Uint8Array): void {
    this.serverStateVector = Y.decodeStateVector(stateVector);
  }

  /** P15: the server stored the first `count` update-carrying frames of the current connection. */
  stored(count: number): void {
    this.acknowledged = count;
    if (this.stepTwoSent && this.acknowledged >= this.sent) this.setPending(NOTHING_PENDING);
  }

  /** Deletes the device's copy (a refusal: the server's text is the truth). The document is not used afterwards. */
  async clear(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.persistence.clearData();
    forgetLocalDocument(this.name);
  }

  destroy(): void {
    this.closed = true;
    this.listeners.clear();
    void this.persistence.destroy();
  }

  private socketOpening(socket: WebSocket): void {
    this.socket = socket;
    this.sent = 0;
    this.acknowledged = 0;
    this.stepTwoSent = false;
    this.serverStateVector = null;
  }

  private frameSent(socket: WebSocket, frame: Uint8Array): void {
    if (socket !== this.socket || !isUpdateFrame(frame)) return;
    this.sent++;
    // Sync step 2: everything the server lacked when it asked, offline typing included.
    if (frame[1] === 1) this.stepTwoSent = true;
  }

  private setPending(pending: Pending): void {
    const before = this.pending;
    this.pending = pending;
    if (before.changes === pending.changes && before.offline === pending.offline) return;
    if (this.closed) return;
    // A failed write (storage full, the database deleted meanwhile) leaves the last count kept.
    this.persistence.set(PENDING_KEY, JSON.stringify(pending)).catch(() => {});
    // The index holds the count too: signing out asks before discarding them.
    if (before.changes !== pending.changes) rememberLocalDocument(this.name, pending.changes);
    for (const listener of this.listeners) listener();
  }
}

function parsePending(value: unknown): Pending | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = JSON.parse(value) as Partial<Pending>;
    if (typeof parsed.changes !== "number" || typeof parsed.bytes !== "number") return null;
    return { changes: parsed.changes, bytes: parsed.bytes, offline: parsed.offline === true };
  } catch {
    return null;
  }
}

const ACKS_WANTED = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AccordMessageType.AcksWanted);
  return encoding.toUint8Array(encoder);
})();

/** P14's message, as the server sends it. */
export interface EditRefusal {
  ordinal: number;
  reason: string;
  message: string;
}

export function readEditRefusal(decoder: decoding.Decoder): EditRefusal {
  return {
    ordinal: decoding.readVarUint(decoder),
    reason: decoding.readVarString(decoder),
    message: decoding.readVarString(decoder),
  };
}

/** The state vector of a sync step 1, read without moving `decoder` (y-websocket reads it next). */
export function peekSyncStep1(decoder: decoding.Decoder): Uint8Array | null {
  const peek = decoding.clone(decoder);
  if (decoding.readVarUint(peek) !== 0) return null;
  return decoding.readVarUint8Array(peek);
}

/** The words a refusal leaves unsaved, bounded by MAX_OFFERED_CHARACTERS. */
export interface OfferedWords {
  /** Runs of text the server does not have, in document order. */
  passages: string[];
  /** Characters past the bound, not offered. */
  leftOut: number;
  /** Stored text next to the first run (what a comment holding the words is anchored to); null when there is none. */
  anchor: SavedText | null;
}

/** Characters the server has, from `first` to `last` (ids of the items they are), reading `text`. */
export interface SavedText {
  first: { client: number; clock: number };
  last: { client: number; clock: number };
  text: string;
}

/** Characters of stored text a comment holding refused words is anchored to. */
const ANCHOR_CHARACTERS = 40;

/**
 * The text in `doc` that the server did not have (`serverStateVector`): every visible character
 * whose item lies past the server's clock for its client, in document order, as runs. Items can
 * be merged locally across that clock (a stored "R" and a refused "A" typed after it become one
 * item "RA"), so each is cut at it. Also the stored characters just before the first run (or just
 * after it, when it starts a paragraph), for a comment's anchor: the server accepts only anchors
 * on its own text.
 */
export function unsavedWords(doc: Y.Doc, serverStateVector: Map<number, number>): OfferedWords {
  const passages: string[] = [];
  let current = "";
  // The stored characters seen last in the current paragraph (at most ANCHOR_CHARACTERS).
  let saved: Array<{ client: number; clock: number; char: string }> = [];
  let anchor: SavedText | null = null;
  let anchorAfter = false;
  const endRun = () => {
    if (current.trim() !== "") passages.push(current);
    current = "";
  };
  const takeAnchor = () => {
    if (saved.length === 0) return;
    const [first, last] = [saved[0]!, saved.at(-1)!];
    // Ids only: the server reads them strictly.
    anchor = {
      first: { client: first.client, clock: first.clock },
      last: { client: last.client, clock: last.clock },
      text: saved.map((entry) => entry.char).join(""),
    };
    anchorAfter = false;
  };
  const visit = (type: Y.AbstractType<unknown>) => {
    saved = [];
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      if (item.content instanceof Y.ContentString) {
        const { client, clock } = item.id;
        const known = Math.min(item.length, Math.max(0, (serverStateVector.get(client) ?? 0) - clock));
        for (let i = 0; i < known; i++) {
          if (i === 0 && current !== "") endRun();
          if (anchorAfter && saved.length >= ANCHOR_CHARACTERS) takeAnchor();
          if (!anchorAfter) saved = saved.slice(-(ANCHOR_CHARACTERS - 1));
          saved.push({ client, clock: clock + i, char: item.content.str[i]! });
        }
        if (known < item.length) {
          if (anchor === null && !anchorAfter && passages.length === 0 && current === "") {
            if (saved.length > 0) takeAnchor();
            else anchorAfter = true;
          }
          current += item.content.str.slice(known);
        }
      } else if (item.content instanceof Y.ContentType) {
        endRun();
        if (anchorAfter) takeAnchor();
        visit(item.content.type as Y.AbstractType<unknown>);
        if (anchorAfter) takeAnchor();
        endRun();
        saved = [];
      }
    }
  };
  visit(doc.getXmlFragment(BODY_FRAGMENT) as unknown as Y.AbstractType<unknown>);
  endRun();
  if (anchorAfter) takeAnchor();
  return { ...boundWords(passages), anchor };
}

function boundWords(passages: string[]): Omit<OfferedWords, "anchor"> {
  const kept: string[] = [];
  let room = MAX_OFFERED_CHARACTERS;
  let leftOut = 0;
  for (const passage of passages) {
    if (room <= 0) {
      leftOut += passage.length;
      continue;
    }
    kept.push(passage.slice(0, room));
    leftOut += Math.max(0, passage.length - room);
    room -= passage.length;
  }
  return { passages: kept, leftOut };
}

/**
 * A comment thread's anchor on stored text (relative positions as Y.relativePositionToJSON
 * writes them): from before its first character to after its last.
 */
export function threadAnchorOn(text: SavedText): { from: Record<string, unknown>; to: Record<string, unknown> } {
  return { from: { item: text.first, assoc: 0 }, to: { item: text.last, assoc: -1 } };
}
