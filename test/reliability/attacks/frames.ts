import { MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/** y-websocket frames an attacker sends, written with lib0 as y-protocols writes them. */

function frameOf(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1 with the given state vector: "send me everything I lack". */
export function syncStep1Frame(stateVector: Uint8Array): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** The 4-byte frame [0, 0, 1, 0]: sync step 1 with an empty state vector, answered with the whole document. */
export const EMPTY_SYNC_STEP_1 = syncStep1Frame(Y.encodeStateVector(new Y.Doc()));

/** A state vector that knows only the first `clock` items of `clientId`: answered with nearly everything. */
export function staleStateVector(clientId: number, clock: number): Uint8Array {
  return frameOf((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
  });
}

/** An awareness message setting `states` (client id → state) at `clock`, as y-protocols encodes one. */
export function awarenessFrame(states: ReadonlyArray<{ clientId: number; state: unknown }>, clock = 1): Uint8Array {
  const update = frameOf((e) => {
    encoding.writeVarUint(e, states.length);
    for (const { clientId, state } of states) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify(state));
    }
  });
  return frameOf((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A presence state whose JSON is about `bytes` long (a user name no one would type). */
export function bigPresence(bytes: number): unknown {
  return { user: { name: "M".repeat(bytes), color: "#d62728" } };
}
