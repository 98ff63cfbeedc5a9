import net from "node:net";
import { CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import {
  makeUpdate,
  startHarness,
  TEXT,
  textOf,
  updateFrame,
  type Harness,
  type ProviderClient,
} from "../../../test/helpers/collabHarness.js";

/** Another client on the same document keeps syncing through the server. */
async function expectStillSyncing(
  h: Harness,
  writer: ProviderClient,
  reader: ProviderClient,
  text: string,
): Promise<void> {
  writer.text.insert(writer.text.length, text);
  await eventually(() => expect(reader.text.toString()).toBe(writer.text.toString()));
  await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toBe(writer.text.toString()));
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** An awareness message with one entry: client `clientId` at clock 1, its state as `json`. */
function awarenessFrame(clientId: number, json: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(
      e,
      frame((inner) => {
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, clientId);
        encoding.writeVarUint(inner, 1);
        encoding.writeVarString(inner, json);
      }),
    );
  });
}

/** Decodes, but an item names itself as its parent: applying it throws. */
const INVALID_UPDATE = Uint8Array.from([
  1, 3, 174, 161, 177, 169, 13, 0, 7, 1, 7, 100, 101, 102, 97, 117, 108, 116, 6, 4, 0, 174, 161, 177, 169, 13, 1, 11,
  104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 40, 1, 1, 109, 1, 97, 1, 125, 1, 0,
]);

const malformedFrames: Array<[string, Uint8Array | string]> = [
  ["an unknown message type", Uint8Array.from([9])],
  ["an empty frame", new Uint8Array(0)],
  ["a truncated varint", Uint8Array.from([0x80])],
  ["an unknown sync message type", Uint8Array.from([MessageType.Sync, 7, 0])],
  ["a byte array longer than the frame", Uint8Array.from([MessageType.Sync, 2, 10, 1, 2])],
  ["trailing bytes after a message", Uint8Array.from([MessageType.QueryAwareness, 0])],
  ["an auth message (server to client only)", Uint8Array.from([MessageType.Auth, 0, 0])],
  ["a sync step 1 whose state vector does not decode", Uint8Array.from([MessageType.Sync, 0, 2, 5, 0x80])],
  ["an awareness update whose state is not JSON", awarenessFrame(42, "{not json")],
  ["a text frame", "hello"],
];

describe("bad input closes only its own connection", () => {
  it.each(malformedFrames)(
    "[P5] %s closes with MalformedMessage; the document and others carry on",
    async (_name, bad) => {
      const h = await startHarness();
      const alice = await h.client("rec-1", { user: "alice" });
      const bob = await h.client("rec-1", { user: "bob" });
      alice.text.insert(0, "Before.");
      await eventually(() => expect(bob.text.toString()).toBe("Before."));

      const mallory = await h.raw("rec-1", { user: "mallory" });
      mallory.socket.send(bad);
      expect((await mallory.closed).code).toBe(CloseCode.MalformedMessage);
      await expectStillSyncing(h, alice, bob, " After.");
      expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
    },
  );

  it.each([
    ["does not decode", Uint8Array.from([255, 255, 255, 255])],
    ["decodes but does not apply", INVALID_UPDATE],
  ])("[P6] an update that %s closes with InvalidUpdate and is not stored", async (_name, update) => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const mallory = await h.raw("rec-1", { user: "mallory" });
    mallory.socket.send(updateFrame(update, "sync-step-2"));
    expect((await mallory.closed).code).toBe(CloseCode.InvalidUpdate);
    expect(h.probe.appendCalls).toEqual([]);
    await expectStillSyncing(h, alice, bob, "Carry on.");
  });

  it("[P10] updates sent right behind an invalid one are not stored: the connection is refused from that frame on", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const mallory = await h.raw("rec-1", { user: "mallory" });
    const before = makeUpdate((doc) => doc.getText(TEXT).insert(0, "stored "));
    const after = makeUpdate((doc) => doc.getText("other").insert(0, "never stored"));
    // Sent back to back, so that the third is usually read (and checked) before the second's
    // answer closes the connection.
    for (const update of [before, INVALID_UPDATE, after]) mallory.socket.send(updateFrame(update));
    expect((await mallory.closed).code).toBe(CloseCode.InvalidUpdate);
    await h.server.flush();
    expect(h.probe.appendCalls.flat().map((update) => Buffer.from(update).toString("hex"))).toEqual([
      Buffer.from(before).toString("hex"),
    ]);
    await expectStillSyncing(h, alice, bob, " Carry on.");
    expect(bob.text.toString()).toBe("stored  Carry on.");
  });

  it("[P7] a frame longer than maxFrameBytes closes with FrameTooLarge without being read; one of exactly the limit is read", async () => {
    const maxFrameBytes = 64 * 1024;
    const h = await startHarness({ maxFrameBytes });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });

    // A valid update just under the limit is stored like any other.
    const big = await h.raw("rec-1", { user: "big" });
    const nearLimit = updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "x".repeat(maxFrameBytes - 100))));
    expect(nearLimit.length).toBeLessThanOrEqual(maxFrameBytes);
    big.socket.send(nearLimit);
    await eventually(() => expect(bob.text.length).toBe(maxFrameBytes - 100));

    // A frame of exactly the limit is decoded (and found malformed: it is all zeros after the type)…
    const atLimit = await h.raw("rec-1", { user: "at-limit" });
    atLimit.socket.send(new Uint8Array(maxFrameBytes).fill(0).fill(9, 0, 1));
    expect((await atLimit.closed).code).toBe(CloseCode.MalformedMessage);

    // …one byte more is refused at its header, however valid its content would be.
    const over = await h.raw("rec-1", { user: "over" });
    const overLimit = updateFrame(makeUpdate((doc) => doc.getText("other").insert(0, "y".repeat(maxFrameBytes))));
    expect(overLimit.length).toBeGreaterThan(maxFrameBytes);
    over.socket.send(overLimit);
    expect(await over.closed).toMatchObject({ code: CloseCode.FrameTooLarge });
    expect(h.logs.some((record) => record.level === 40 && record.msg === "document socket error")).toBe(true);

    await h.server.flush();
    expect(h.probe.appendCalls).toHaveLength(1);
    await expectStillSyncing(h, alice, bob, "Still here.");
  });

  it("[P7] a read-only connection's frames are limited to maxReadOnlyFrameBytes: a larger one (a 6 MB presence state) closes it unread; an editor's may be larger", async () => {
    const h = await startHarness({ maxFrameBytes: 256 * 1024, maxReadOnlyFrameBytes: 16 * 1024 });
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });
    const presenceOf = (bytes: number) => awarenessFrame(4242, JSON.stringify({ user: { name: "v".repeat(bytes) } }));

    const viewer = await h.raw("rec-1", { user: "vera", readOnly: true });
    viewer.socket.send(presenceOf(20 * 1024));
    expect(await viewer.closed).toMatchObject({ code: CloseCode.FrameTooLarge });

    // The same frame from a connection that may write is read (and its state refused by size, P13).
    const writer = await h.raw("rec-1", { user: "walt" });
    writer.socket.send(presenceOf(20 * 1024));
    writer.socket.send(Uint8Array.from([MessageType.QueryAwareness]));
    await eventually(() => expect(writer.received.some((message) => message[0] === MessageType.Awareness)).toBe(true));
    expect(writer.socket.readyState).toBe(writer.socket.OPEN);
    await expectStillSyncing(h, alice, bob, "Still here.");
  });

  it("[P8] a read-only connection's updates are dropped and logged, not stored or relayed; it still receives and shows presence", async () => {
    const h = await startHarness();
    const writer = await h.client("rec-1", { user: "alice" });
    const reader = await h.client("rec-1", { user: "rita", readOnly: true });
    writer.text.insert(0, "Written by Alice.");
    await eventually(() => expect(reader.text.toString()).toBe("Written by Alice."));
    const storedBefore = h.probe.appendCalls.length;

    reader.text.insert(0, "Rita was here. ");
    await eventually(() =>
      expect(
        h.logs.find((record) => record.msg === "update from a read-only connection dropped" && record.level === 40),
      ).toMatchObject({
        userId: "rita",
        kind: "update",
      }),
    );
    // The writer's next edit goes through the same room: had Rita's been accepted, it would be there first.
    writer.text.insert(writer.text.length, " More.");
    await eventually(async () => expect(textOf(await h.storedDoc("rec-1"))).toBe("Written by Alice. More."));
    expect(writer.text.toString()).toBe("Written by Alice. More.");
    expect(h.probe.appendCalls).toHaveLength(storedBefore + 1);
    await eventually(() => expect(reader.text.toString()).toBe("Rita was here. Written by Alice. More."));

    reader.provider.awareness.setLocalStateField("user", { name: "Rita" });
    await eventually(() =>
      expect(writer.provider.awareness.getStates().get(reader.doc.clientID)).toEqual({ user: { name: "Rita" } }),
    );
    expect(reader.provider.wsconnected).toBe(true);
    expect(reader.closes).toEqual([]);
  });

  it("[P8] a read-only connection's non-empty sync step 2 is dropped too", async () => {
    const h = await startHarness();
    const reader = await h.raw("rec-1", { user: "rita", readOnly: true });
    reader.socket.send(
      updateFrame(
        makeUpdate((doc) => doc.getText(TEXT).insert(0, "offline edit")),
        "sync-step-2",
      ),
    );
    await eventually(() =>
      h.logs.some(
        (record) => record.msg === "update from a read-only connection dropped" && record.kind === "sync-step-2",
      ),
    );
    await h.server.flush();
    expect(h.probe.appendCalls).toEqual([]);
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
  });

  it("[P9] a client that breaks the WebSocket framing is closed and logged; nothing crashes and others carry on", async () => {
    const h = await startHarness();
    const alice = await h.client("rec-1", { user: "alice" });
    const bob = await h.client("rec-1", { user: "bob" });

    const port = new URL(h.url).port;
    const socket = net.connect(Number(port), "127.0.0.1");
    socket.on("error", () => {});
    const answer = new Promise<string>((resolve) => socket.once("data", (data) => resolve(data.toString())));
    socket.write(
      [
        "GET /collab/rec-1?user=mallory HTTP/1.1",
        "Host: 127.0.0.1",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "",
        "",
      ].join("\r\n"),
    );
    expect(await answer).toMatch(/^HTTP\/1\.1 101/);
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    // A client frame without a mask: a protocol error ws reports as an 'error' event.
    socket.write(Uint8Array.from([0x82, 0x01, 0x00]));
    await ended;
    await eventually(() => h.logs.some((record) => record.msg === "document socket error"));
    await expectStillSyncing(h, alice, bob, "Unbothered.");
  });

  it("[P10] frames after a refused one are not processed", async () => {
    const h = await startHarness();
    const mallory = await h.raw("rec-1", { user: "mallory" });
    mallory.socket.send(Uint8Array.from([9]));
    mallory.socket.send(updateFrame(makeUpdate((doc) => doc.getText(TEXT).insert(0, "sneaked in"))));
    expect((await mallory.closed).code).toBe(CloseCode.MalformedMessage);
    await h.server.flush();
    expect(h.probe.appendCalls).toEqual([]);
  });
});
