import { BODY_FRAGMENT, MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { startHarness } from "../../../test/helpers/collabHarness.js";

/** [type, (sync step)] of a frame the server sent. */
function kindOf(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type !== MessageType.Sync) return `type ${type}`;
  return `sync ${decoding.readVarUint(decoder)}`;
}

describe("document sync between clients", () => {
  it("[P3] on connect the server sends sync step 1, then who is present", async () => {
    const h = await startHarness();
    const first = await h.raw("rec-1");
    await eventually(() => expect(first.received.map(kindOf)).toEqual([`sync ${syncProtocol.messageYjsSyncStep1}`]));

    const present = await h.client("rec-1", { user: "bob" });
    present.provider.awareness.setLocalStateField("user", { name: "Bob" });
    // The first client hearing of Bob means the server holds his state.
    await eventually(() => expect(first.received.map(kindOf)).toContain(`type ${MessageType.Awareness}`));

    const second = await h.raw("rec-1");
    await eventually(() =>
      expect(second.received.slice(0, 2).map(kindOf)).toEqual([
        `sync ${syncProtocol.messageYjsSyncStep1}`,
        `type ${MessageType.Awareness}`,
      ]),
    );
    const awarenessFrame = decoding.createDecoder(second.received[1]!);
    decoding.readVarUint(awarenessFrame);
    const observer = new awarenessProtocol.Awareness(new Y.Doc());
    observer.setLocalState(null);
    awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(awarenessFrame), "test");
    expect([...observer.getStates().values()]).toEqual([{ user: { name: "Bob" } }]);
    observer.destroy();
    observer.doc.destroy();
  });

  it("[P4] two providers editing at once converge on the same text", async () => {
    const h = await startHarness();
    const a = await h.client("rec-1", { user: "alice" });
    const b = await h.client("rec-1", { user: "bob" });
    a.text.insert(0, "Alice writes. ");
    b.text.insert(0, "Bob writes. ");
    await eventually(() => {
      expect(a.text.toString()).toBe(b.text.toString());
      expect(a.text.toString()).toHaveLength("Alice writes. Bob writes. ".length);
    });
    expect(a.text.toString()).toContain("Alice writes. ");
    expect(a.text.toString()).toContain("Bob writes. ");
  });

  it("[P4] a client that connects later receives the whole document in its sync step 2", async () => {
    const h = await startHarness();
    const a = await h.client("rec-1");
    const fragment = a.doc.getXmlFragment(BODY_FRAGMENT);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Cut emissions by 2030.")]);
    fragment.insert(0, [paragraph]);
    await eventually(async () =>
      expect((await h.storedDoc("rec-1")).getXmlFragment(BODY_FRAGMENT).toString()).toBe(fragment.toString()),
    );

    const late = await h.client("rec-1", { user: "carol" });
    expect(late.doc.getXmlFragment(BODY_FRAGMENT).toString()).toBe("<paragraph>Cut emissions by 2030.</paragraph>");
  });

  it("[R5] presence is relayed, and removed for everyone when its connection closes", async () => {
    const h = await startHarness();
    const a = await h.client("rec-1", { user: "alice" });
    const b = await h.client("rec-1", { user: "bob" });
    a.provider.awareness.setLocalStateField("user", { name: "Alice" });
    await eventually(() =>
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: "Alice" } }),
    );

    // Not a polite disconnect (which would send a null state itself): the socket just goes.
    (a.provider.ws as unknown as { terminate(): void }).terminate();
    a.provider.shouldConnect = false;
    await eventually(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
  });

  it("[P4] query-awareness is answered with every current state", async () => {
    const h = await startHarness();
    const a = await h.client("rec-1", { user: "alice" });
    a.provider.awareness.setLocalStateField("user", { name: "Alice" });
    const raw = await h.raw("rec-1", { user: "bob" });
    await eventually(() => expect(raw.received.length).toBeGreaterThanOrEqual(2));
    const before = raw.received.length;
    const query = encoding.createEncoder();
    encoding.writeVarUint(query, MessageType.QueryAwareness);
    raw.socket.send(encoding.toUint8Array(query));
    await eventually(() => expect(raw.received.length).toBe(before + 1));
    expect(kindOf(raw.received[before]!)).toBe(`type ${MessageType.Awareness}`);
  });
});
