import { CloseCode } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { makeUpdate, startHarness, TEXT, textOf, updateFrame } from "../../../test/helpers/collabHarness.js";

describe("rooms and connections", () => {
  it("[R1] concurrent connects to a document share one load", async () => {
    const h = await startHarness();
    await h.store.appendUpdates("rec-1", [makeUpdate((doc) => doc.getText(TEXT).insert(0, "Loaded once."))]);
    const gate = h.probe.holdLoads();
    const clients = ["alice", "bob", "carol"].map((user) => h.startClient("rec-1", { user }));
    await eventually(() => h.probe.loadCalls === 1);
    gate.open();
    await eventually(() => clients.every((client) => client.provider.synced));
    expect(h.probe.loadCalls).toBe(1);
    for (const client of clients) expect(client.text.toString()).toBe("Loaded once.");
  });

  it("[R2][R3] a room unloads after its last connection leaves, and loads again for the next", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    alice.text.insert(0, "Survives unloading.");
    await eventually(() => h.probe.appendsStored === 1);
    expect(h.server.roomCount).toBe(1);

    alice.provider.destroy();
    await eventually(() => h.server.connectionCount === 1);
    expect(h.server.roomCount).toBe(1);
    bob.provider.destroy();
    await eventually(() => h.server.roomCount === 0);

    const carol = await h.client("rec-1", { user: "carol" });
    expect(h.probe.loadCalls).toBe(2);
    expect(carol.text.toString()).toBe("Survives unloading.");
  });

  it("[R2] a room does not unload before its last write is stored, and whoever comes back meanwhile gets the same room", async () => {
    const h = await startHarness();
    const alice = await h.raw("rec-1", { user: "alice" });
    const gate = h.probe.holdAppends();
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Pending."))));
    await eventually(() => h.probe.appendCalls.length === 1);
    alice.socket.close();
    await eventually(() => h.server.connectionCount === 0);
    expect(h.server.roomCount).toBe(1); // draining: the write is still pending

    const bob = h.startClient("rec-1", { user: "bob" });
    await eventually(() => h.server.connectionCount === 1);
    gate.open();
    await eventually(() => expect(bob.text.toString()).toBe("Pending."));
    expect(h.probe.loadCalls).toBe(1);
    expect(h.server.roomCount).toBe(1);

    bob.provider.destroy();
    await eventually(() => h.server.roomCount === 0);
  });

  it("[R4] a failed load answers 503 and leaves nothing behind; the next connect loads", async () => {
    const h = await startHarness();
    h.probe.failNextLoads = 1;
    expect(await h.refusedStatus("/collab/rec-1?user=alice")).toBe(503);
    expect(h.server.roomCount).toBe(0);
    const alice = await h.client("rec-1");
    expect(alice.provider.synced).toBe(true);
    expect(h.probe.loadCalls).toBe(2);
  });

  it("[P1] the document name is the URL-decoded path after /collab/", async () => {
    const h = await startHarness();
    const name = "brief 7/rec ü";
    const alice = await h.raw(name);
    alice.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "Decoded."))));
    await eventually(() => h.probe.appendsStored === 1);
    expect(textOf(await h.storedDoc(name))).toBe("Decoded.");
  });

  it.each([
    ["/collab/rec-1?deny=401", 401],
    ["/collab/rec-1?deny=403", 403],
    ["/collab/rec-1?deny=404", 404],
    ["/collab/", 404],
    ["/collab/%E0%A4%A", 404],
  ])("[P2] the upgrade of %s is refused with HTTP %i before any WebSocket exists", async (path, status) => {
    const h = await startHarness();
    expect(await h.refusedStatus(path)).toBe(status);
    expect(h.server.connectionCount).toBe(0);
    expect(h.server.roomCount).toBe(0);
    expect(h.probe.loadCalls).toBe(0);
  });

  it("[P2] an authorize that throws answers 500", async () => {
    const h = await startHarness({
      authorize: async () => {
        throw new Error("sessions unavailable");
      },
    });
    expect(await h.refusedStatus("/collab/rec-1")).toBe(500);
    expect(h.server.roomCount).toBe(0);
  });

  it("[R6] a connection that stops answering pings is terminated; one that answers stays", async () => {
    const h = await startHarness({ pingIntervalMs: 100 });
    const lively = await h.client("rec-1", { user: "alice" });
    const silent = await h.raw("rec-1", { user: "sleepy", autoPong: false });
    expect((await silent.closed).code).toBe(1006); // cut, no close handshake
    expect(h.logs.filter((record) => record.msg === "no pong within the ping interval: terminating")).toMatchObject([
      { userId: "sleepy" },
    ]);
    await eventually(() => h.server.connectionCount === 1);
    // By now the lively client was pinged several times and answered every one.
    expect(lively.provider.wsconnected).toBe(true);
    expect(lively.closes).toEqual([]);
  });

  it("[R7] closeConnections closes the matching connections with the code given, and answers how many", async () => {
    const h = await startHarness();
    const aliceOne = await h.raw("rec-1", { user: "alice" });
    const aliceTwo = await h.raw("rec-2", { user: "alice" });
    const bob = await h.raw("rec-1", { user: "bob" });

    expect(h.server.closeConnections({ userId: "alice" }, CloseCode.PermissionsChanged, "role changed")).toBe(2);
    expect(await aliceOne.closed).toEqual({ code: CloseCode.PermissionsChanged, reason: "role changed" });
    expect(await aliceTwo.closed).toEqual({ code: CloseCode.PermissionsChanged, reason: "role changed" });
    expect(bob.socket.readyState).toBe(bob.socket.OPEN);

    expect(h.server.closeConnections({ docName: "rec-2" }, CloseCode.AccessRevoked, "deleted")).toBe(0);
    expect(h.server.closeConnections({ docName: "rec-1", userId: "bob" }, CloseCode.AccessRevoked, "removed")).toBe(1);
    expect(await bob.closed).toEqual({ code: CloseCode.AccessRevoked, reason: "removed" });
    await eventually(() => h.server.roomCount === 0);
  });
});
