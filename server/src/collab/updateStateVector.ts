import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** Struct kinds (the low five bits of a struct's info byte) that are not items. */
const GC = 0;
const SKIP = 10;
/** The info byte's flags: which of an item's neighbours and parent fields follow. */
const HAS_ORIGIN = 0b1000_0000;
const HAS_RIGHT_ORIGIN = 0b0100_0000;
const HAS_PARENT_SUB = 0b0010_0000;
/** Yjs' type refs whose content carries a name (YXmlElement, YXmlHook). */
const NAMED_TYPE_REFS = new Set([3, 5]);

/**
 * SPEC D8: the state vector of a Yjs update (format v1), read from its bytes without decoding
 * what it holds. Equals `Y.encodeStateVectorFromUpdate(update)` byte for byte, which builds an
 * object for every struct and decodes every string: 4–5 ms of CPU for the automerge-paper
 * snapshot (289 KB), spent on the server while the client that loads it applies the same bytes
 * on the same two cores. This walks the structs' headers and skips their content, counting a
 * string's length in UTF-16 code units (Yjs' unit for text) from its UTF-8 bytes.
 *
 * The rules it keeps from Yjs: a client's clock counts only when its first struct starts at 0,
 * and stops at the first skip; a client with nothing counted is left out; the clients come in
 * the update's order. Throws on bytes that are not such an update.
 */
export function stateVectorOfUpdate(update: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const clients: Array<[client: number, clock: number]> = [];
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c++) {
    const structCount = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    const firstClock = decoding.readVarUint(decoder);
    let clock = firstClock;
    let counting = firstClock === 0;
    let counted = 0;
    for (let s = 0; s < structCount; s++) {
      const info = decoding.readUint8(decoder);
      const ref = info & 0b11111;
      let length: number;
      if (ref === GC) {
        length = decoding.readVarUint(decoder);
      } else if (ref === SKIP) {
        length = decoding.readVarUint(decoder);
        counting = false;
      } else {
        length = skipItem(decoder, info, ref);
      }
      clock += length;
      if (counting) counted = clock;
    }
    if (counted !== 0) clients.push([client, counted]);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, clock] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** Reads past one Item (its info byte already read) and answers its length in clock units. */
function skipItem(decoder: decoding.Decoder, info: number, ref: number): number {
  if (info & HAS_ORIGIN) skipId(decoder);
  if (info & HAS_RIGHT_ORIGIN) skipId(decoder);
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // Neither neighbour: the parent is written out, as a root type's name or an item's id.
    if (decoding.readVarUint(decoder) === 1) skipString(decoder);
    else skipId(decoder);
    if (info & HAS_PARENT_SUB) skipString(decoder);
  }
  switch (ref) {
    case 1: // ContentDeleted
      return decoding.readVarUint(decoder);
    case 2: {
      // ContentJSON: one JSON string per element
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) skipString(decoder);
      return count;
    }
    case 3: // ContentBinary
      skipString(decoder);
      return 1;
    case 4: // ContentString
      return utf16Length(decoder);
    case 5: // ContentEmbed
      skipString(decoder);
      return 1;
    case 6: // ContentFormat: key, JSON value
      skipString(decoder);
      skipString(decoder);
      return 1;
    case 7: // ContentType
      if (NAMED_TYPE_REFS.has(decoding.readVarUint(decoder))) skipString(decoder);
      return 1;
    case 8: {
      // ContentAny
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) decoding.readAny(decoder);
      return count;
    }
    case 9: // ContentDoc: guid, options
      skipString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      throw new Error(`unknown struct content ${ref}`);
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}

/** A length-prefixed byte string (strings and binary alike). */
function skipString(decoder: decoding.Decoder): void {
  const length = decoding.readVarUint(decoder);
  advance(decoder, length);
}

/**
 * A string's length in UTF-16 code units, from its UTF-8 bytes: one unit per byte that starts
 * a character, two for a character of four bytes (a surrogate pair).
 */
function utf16Length(decoder: decoding.Decoder): number {
  const length = decoding.readVarUint(decoder);
  const end = advance(decoder, length);
  const bytes = decoder.arr;
  let units = 0;
  for (let i = end - length; i < end; i++) {
    const byte = bytes[i]!;
    if ((byte & 0b1100_0000) !== 0b1000_0000) units += byte >= 0b1111_0000 ? 2 : 1;
  }
  return units;
}

function advance(decoder: decoding.Decoder, length: number): number {
  const end = decoder.pos + length;
  if (end > decoder.arr.length) throw new Error("unexpected end of the update");
  decoder.pos = end;
  return end;
}
