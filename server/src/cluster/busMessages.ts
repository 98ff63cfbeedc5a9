/**
 * The wire format of document channels (cluster/SPEC.md M1): names, message kinds, and the
 * reading of a received message. The one place they are spelled.
 */

/** Channel and key names: the one place they are spelled. */
export const documentChannelName = (docName: string): string => `accord:doc:${docName}`;
export const documentSequenceKey = (docName: string): string => `accord:seq:${docName}`;
export const CHANNEL_PREFIX = "accord:doc:";
/** M10: set by each live process, expiring `processTtlMs` after its last heartbeat. */
export const processKey = (processId: string): string => `accord:process:${processId}`;

/** Message kinds, the first byte of every message on a document channel (M1). */
export const BusMessageKind = {
  /** A stored batch: `u`, origin, decimal sequence number, `:`, the Yjs update. */
  Update: 0x75,
  /** A batch was stored but its publish failed: `r`, origin, sequence, `:`. Everyone resynchronises. */
  Resync: 0x72,
  /** An awareness message as y-websocket frames it: `a`, origin, the frame. */
  Awareness: 0x61,
  /** A process loaded the room and asks for the others' awareness states: `q`, origin. */
  AwarenessQuery: 0x71,
  /** The answer to a query from a process whose connections own no awareness state: `h`, origin (M10). */
  Here: 0x68,
} as const;

export const PROCESS_ID_LENGTH = 16;

/** A message received on a document channel, decoded. */
export type BusMessage =
  | { kind: "update"; origin: string; seq: number; update: Uint8Array; bytes: number }
  | { kind: "resync"; origin: string; seq: number; bytes: number }
  | { kind: "awareness"; origin: string; message: Uint8Array; bytes: number }
  | { kind: "awareness-query"; origin: string; bytes: number }
  | { kind: "here"; origin: string; bytes: number };

export function decodeBusMessage(message: Buffer): BusMessage | null {
  if (message.byteLength < 1 + PROCESS_ID_LENGTH) return null;
  const origin = message.toString("latin1", 1, 1 + PROCESS_ID_LENGTH);
  const bytes = message.byteLength;
  switch (message[0]) {
    case BusMessageKind.Update:
    case BusMessageKind.Resync: {
      const colon = message.indexOf(0x3a, 1 + PROCESS_ID_LENGTH);
      if (colon < 0) return null;
      const seq = Number(message.toString("latin1", 1 + PROCESS_ID_LENGTH, colon));
      if (!Number.isSafeInteger(seq) || seq < 1) return null;
      if (message[0] === BusMessageKind.Resync) return { kind: "resync", origin, seq, bytes };
      return { kind: "update", origin, seq, update: message.subarray(colon + 1), bytes };
    }
    case BusMessageKind.Awareness:
      return { kind: "awareness", origin, message: message.subarray(1 + PROCESS_ID_LENGTH), bytes };
    case BusMessageKind.AwarenessQuery:
      return { kind: "awareness-query", origin, bytes };
    case BusMessageKind.Here:
      return { kind: "here", origin, bytes };
    default:
      return null;
  }
}
