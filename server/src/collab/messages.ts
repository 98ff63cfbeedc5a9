import { AccordMessageType, MessageType, type EditRefusedReason } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as string from "lib0/string";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * The y-websocket wire format, both directions. Frames from clients are decoded
 * completely here, before anything acts on them (SPEC P5): y-protocols' own readers
 * apply while they read, which would leave half a message applied when the rest
 * turns out to be garbage.
 */

/** A frame from a client, decoded and checked for shape (not yet for meaning). */
export type ClientMessage =
  | { kind: "sync-step-1"; stateVector: Uint8Array }
  | { kind: "sync-step-2"; update: Uint8Array }
  | { kind: "update"; update: Uint8Array }
  | AwarenessMessage
  | { kind: "query-awareness" }
  /** Accord's own (P15): send this connection `Stored` acknowledgements. */
  | { kind: "acks-wanted" };

export interface AwarenessMessage {
  kind: "awareness";
  /** The awareness update as sent (count, then client id, clock and JSON state per entry): a view of the frame, valid while it is handled. */
  update: Uint8Array;
  entries: AwarenessEntry[];
  /**
   * Paid for by what the server sent this connection rather than its flood limit (SPEC P13:
   * y-websocket sends every awareness change it receives back). Set by the Connection.
   */
  paidAsEcho?: boolean;
}

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The state's JSON as sent, in UTF-8 bytes. */
  sentBytes: number;
  /**
   * The parsed state; null when the client removes it. Left unparsed (undefined) when
   * `tooLarge`: it is refused whatever it holds, and parsing megabytes only to drop them is work
   * a client could make the server do.
   */
  state: unknown;
  tooLarge: boolean;
}

export interface DecodeLimits {
  /** Awareness states longer than this are not parsed (`AwarenessEntry.tooLarge`). @default no limit */
  maxAwarenessStateBytes?: number;
}

export type DecodeResult = { ok: true; message: ClientMessage } | { ok: false; reason: string };

export function decodeClientMessage(frame: Uint8Array, limits: DecodeLimits = {}): DecodeResult {
  try {
    const decoder = decoding.createDecoder(frame);
    const message = readClientMessage(decoder, limits.maxAwarenessStateBytes ?? Number.POSITIVE_INFINITY);
    if (typeof message === "string") return { ok: false, reason: message };
    // One message per frame: trailing bytes mean the sender and we disagree on the format.
    if (decoding.hasContent(decoder)) return { ok: false, reason: "trailing bytes after the message" };
    return { ok: true, message };
  } catch (error) {
    // lib0 throws on truncated varints and arrays; JSON.parse on bad awareness states.
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function readClientMessage(decoder: decoding.Decoder, maxAwarenessStateBytes: number): ClientMessage | string {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.Sync:
      return readSyncMessage(decoder);
    case MessageType.Awareness: {
      // Not copied: the room applies awareness at once and keeps only the states it parses, and
      // copying the megabytes of a refused update is work a client could make the server do.
      const update = decoding.readVarUint8Array(decoder);
      return { kind: "awareness", update, entries: readAwarenessEntries(update, maxAwarenessStateBytes) };
    }
    case MessageType.QueryAwareness:
      return { kind: "query-awareness" };
    case AccordMessageType.AcksWanted:
      return { kind: "acks-wanted" };
    case MessageType.Auth:
      // y-websocket's auth message only ever travels from server to client.
      return "an auth message is not accepted from a client";
    default:
      return `unknown message type ${type}`;
  }
}

function readSyncMessage(decoder: decoding.Decoder): ClientMessage | string {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = decoding.readVarUint8Array(decoder).slice();
      Y.decodeStateVector(stateVector); // throws when it is not one
      return { kind: "sync-step-1", stateVector };
    }
    case syncProtocol.messageYjsSyncStep2:
      // Copied: the update outlives the frame (it waits in the group commit, then is stored and relayed).
      return { kind: "sync-step-2", update: decoding.readVarUint8Array(decoder).slice() };
    case syncProtocol.messageYjsUpdate:
      return { kind: "update", update: decoding.readVarUint8Array(decoder).slice() };
    default:
      return `unknown sync message type ${step}`;
  }
}

/**
 * Reads an awareness update the way applyAwarenessUpdate will (y-protocols' format: a varuint
 * count, then per entry varuint client id, varuint clock, varstring JSON state), so that
 * applying what passes cannot throw halfway. Throws on anything else (P5).
 */
function readAwarenessEntries(update: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarUint8Array(decoder);
    const tooLarge = json.byteLength > maxStateBytes;
    // lib0's decoder, as readVarString uses: the text y-protocols would parse.
    const state: unknown = tooLarge ? undefined : JSON.parse(string.decodeUtf8(json));
    entries.push({ clientId, clock, sentBytes: json.byteLength, state, tooLarge });
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after the awareness update");
  return entries;
}

/**
 * An awareness update of `entries`, each state as `JSON.stringify` writes it (`json`), in
 * y-protocols' format: what the server relays when it drops part of what a client sent.
 */
export function encodeAwarenessEntries(
  entries: ReadonlyArray<{ clientId: number; clock: number; json: string }>,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the server's state vector (`Y.encodeStateVector` or from a stored update). */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** The answer to a client's sync step 1: everything the client's state vector lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 carrying `update` as it is: the stored parts a cold room answers with. */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A relayed update. Always sent as an "update", even when the sender sent it as its
 * sync step 2: a client marks itself synced on receiving step 2, which only its own
 * handshake may do.
 *
 * Written as lib0's encoder writes it (message type, sync type, the length as a varuint, the
 * bytes), straight into one buffer of the exact size. This runs for every stored batch, and
 * the encoder's growing buffer and final copy were a tenth of what the relay allocated.
 */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  let lengthBytes = 1;
  for (let rest = update.byteLength; rest > 0x7f; rest = Math.floor(rest / 0x80)) lengthBytes++;
  const message = Buffer.allocUnsafe(2 + lengthBytes + update.byteLength);
  message[0] = MessageType.Sync;
  message[1] = syncProtocol.messageYjsUpdate;
  let offset = 2;
  let rest = update.byteLength;
  while (rest > 0x7f) {
    message[offset++] = 0x80 | (rest & 0x7f);
    rest = Math.floor(rest / 0x80);
  }
  message[offset++] = rest;
  message.set(update, offset);
  return message;
}

export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds));
  return encoding.toUint8Array(encoder);
}

/** P15: the first `settled` update-carrying messages of the connection are settled. */
export function encodeStoredMessage(settled: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AccordMessageType.Stored);
  encoding.writeVarUint(encoder, settled);
  return encoding.toUint8Array(encoder);
}

/** P14: the connection's `ordinal`-th update-carrying message was refused, and why. */
export function encodeEditRefusedMessage(ordinal: number, reason: EditRefusedReason, message: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AccordMessageType.EditRefused);
  encoding.writeVarUint(encoder, ordinal);
  encoding.writeVarString(encoder, reason);
  encoding.writeVarString(encoder, message);
  return encoding.toUint8Array(encoder);
}

/**
 * P14: whether `update` holds anything `doc` lacks — a struct past the document's clock for its
 * client, or the deletion of something the document has not deleted. Every client answers the
 * server's sync step 1 with its whole delete set, so a read-only client whose copy (kept in the
 * browser, say) holds deletions sends a non-empty update on every connect that adds nothing:
 * that is no refused edit. An update that does not decode is no edit either ("undecodable":
 * worth a warning, not an answer).
 */
export function carriesNewContent(doc: Y.Doc, update: Uint8Array): boolean | "undecodable" {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return "undecodable";
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item || struct instanceof Y.GC)) continue; // a Skip holds nothing
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (decoded.ds.clients.size === 0) return false;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of decoded.ds.clients) {
    // Sorted and merged: a range the document deleted lies inside one of its ranges.
    const known = deleted.clients.get(client) ?? [];
    for (const range of ranges) {
      if (range.len === 0) continue;
      const covered = known.some(
        (item) => item.clock <= range.clock && range.clock + range.len <= item.clock + item.len,
      );
      if (!covered) return true;
    }
  }
  return false;
}
