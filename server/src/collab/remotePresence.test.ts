import { MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { createLogger } from "../logger.js";
import { type AwarenessMessage, decodeClientMessage, encodeAwarenessEntries } from "./messages.js";
import { DEFAULT_PRESENCE_LIMITS, Presence } from "./Presence.js";

/** Presence another process sent (cluster/SPEC.md M6), applied to a room's Presence directly. */

function remote(entries: Array<{ clientId: number; clock: number; state: unknown }>): AwarenessMessage {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(
    encoder,
    encodeAwarenessEntries(
      entries.map(({ clientId, clock, state }) => ({ clientId, clock, json: JSON.stringify(state) })),
    ),
  );
  const decoded = decodeClientMessage(encoding.toUint8Array(encoder));
  if (!decoded.ok || decoded.message.kind !== "awareness") throw new Error("not an awareness message");
  return decoded.message;
}

describe("presence from another process (cluster/SPEC.md M6)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("[M6] is relayed here and published nowhere; a removal's clock is kept 30 s against late echoes, then forgotten", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout", "Date", "performance"] });
    const doc = new Y.Doc();
    const relayed: Uint8Array[] = [];
    const published: Uint8Array[] = [];
    const presence = new Presence({
      doc,
      limits: DEFAULT_PRESENCE_LIMITS,
      broadcast: (message) => relayed.push(message),
      logger: () => createLogger("silent"),
      publish: (message) => published.push(message),
    });
    try {
      presence.applyRemote(remote([{ clientId: 7, clock: 3, state: { user: "ana" } }]));
      expect(presence.size).toBe(1);
      expect(relayed).toHaveLength(1);
      expect(published).toHaveLength(0);
      expect(presence.ownStates()).toBeNull();
      presence.applyRemote(remote([{ clientId: 7, clock: 4, state: null }]));
      expect(presence.size).toBe(0);
      // A late copy of the state it had: older than the removal, so it stays gone.
      presence.applyRemote(remote([{ clientId: 7, clock: 3, state: { user: "ana" } }]));
      expect(presence.size).toBe(0);
      vi.advanceTimersByTime(31_000);
      // 30 s on, nothing of id 7 is kept: the same clock counts as new.
      presence.applyRemote(remote([{ clientId: 7, clock: 3, state: { user: "ana, back" } }]));
      expect(presence.size).toBe(1);
      expect(published).toHaveLength(0);
    } finally {
      presence.destroy();
      doc.destroy();
    }
  });
});
