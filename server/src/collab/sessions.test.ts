import type { IncomingMessage } from "node:http";
import { CloseCode, SESSION_ENDED_CLOSE_REASONS } from "@accord/protocol";
import { WebSocket } from "ws";
import { describe, expect, it } from "vitest";
import { startHarness } from "../../../test/helpers/collabHarness.js";
import type { AuthorizeResult } from "./CollabServer.js";

/** SPEC R8 at the document server itself: connections carry their session and close when it ends. */

/**
 * An authorize that answers for the session and expiry the query names once `gate` opens;
 * `reached` is called as each upgrade starts waiting.
 */
function gatedAuthorize(gate: Promise<void>, reached: () => void = () => {}) {
  return async (req: IncomingMessage): Promise<AuthorizeResult> => {
    const query = new URL(req.url ?? "/", "http://localhost").searchParams;
    reached();
    await gate;
    const userId = query.get("user") ?? "alice";
    return {
      ok: true,
      access: {
        userId,
        name: userId,
        readOnly: false,
        sessionHash: query.get("session") ?? `session-of-${userId}`,
        sessionExpiresAt: Number(query.get("expiresAt") ?? Infinity),
      },
    };
  };
}

describe("[R8] sessions end everywhere, at the document server", () => {
  it("closeSessions closes the connections of those sessions with AccessRevoked, and no others", async () => {
    const h = await startHarness();
    const annLaptop = await h.raw("rec-1", { user: "ann", session: "ann-laptop" });
    const annPhone = await h.raw("rec-2", { user: "ann", session: "ann-phone" });
    const bea = await h.raw("rec-1", { user: "bea" });

    expect(h.server.closeSessions(["ann-laptop", "no-such-session"], SESSION_ENDED_CLOSE_REASONS.logout)).toBe(1);
    expect(await annLaptop.closed).toEqual({
      code: CloseCode.AccessRevoked,
      reason: SESSION_ENDED_CLOSE_REASONS.logout,
    });
    expect(annPhone.socket.readyState).toBe(WebSocket.OPEN);
    expect(bea.socket.readyState).toBe(WebSocket.OPEN);
    expect(h.server.connectionCount).toBe(2);
    expect(h.server.closeSessions([], SESSION_ENDED_CLOSE_REASONS.logout)).toBe(0);
  });

  it("an upgrade whose session ends while it is being authorized is refused with 401; later upgrades are not held against it", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let waiting!: () => void;
    const inAuthorize = new Promise<void>((resolve) => (waiting = resolve));
    const h = await startHarness({ authorize: gatedAuthorize(gate, () => waiting()) });
    const refused = h.refusedStatus("/collab/rec-1?user=ann&session=ended-one");
    // The upgrade is waiting in authorize when the session ends.
    await inAuthorize;
    expect(h.server.closeSessions(["ended-one"], SESSION_ENDED_CLOSE_REASONS.logout)).toBe(0);
    open();
    expect(await refused).toBe(401);
    expect(h.server.connectionCount).toBe(0);
    // With no upgrade in flight the ended sessions are forgotten (the store refuses them from now on).
    const later = await h.raw("rec-1", { user: "ann", session: "ended-one" });
    expect(later.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("an upgrade whose session expired by the handshake is refused with 401", async () => {
    const h = await startHarness({ authorize: gatedAuthorize(Promise.resolve()) });
    expect(await h.refusedStatus(`/collab/rec-1?user=ann&expiresAt=${Date.now() - 1}`)).toBe(401);
  });

  it("the sweep closes a connection once its session expires, with AccessRevoked, and leaves the others", async () => {
    const h = await startHarness({ authorize: gatedAuthorize(Promise.resolve()), sessionSweepMs: 20 });
    const expiresAt = Date.now() + 400;
    const ann = await h.raw("rec-1", { user: "ann" });
    const annSocketUrl = `${h.url}/rec-1?user=ann&session=short&expiresAt=${expiresAt}`;
    const shortLived = new WebSocket(annSocketUrl);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      shortLived.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise<void>((resolve, reject) => {
      shortLived.once("open", () => resolve());
      shortLived.once("error", reject);
    });

    expect(await closed).toEqual({ code: CloseCode.AccessRevoked, reason: SESSION_ENDED_CLOSE_REASONS.expired });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(ann.socket.readyState).toBe(WebSocket.OPEN);
    expect(h.server.connectionCount).toBe(1);
  });
});
