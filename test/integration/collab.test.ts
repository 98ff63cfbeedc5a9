import { BODY_FRAGMENT, CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addMember, type ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { openRawDocumentSocket } from "../helpers/rawDocumentSocket.js";
import { useServer } from "../helpers/startServer.js";

/**
 * The document socket through the real server: real signup, real session cookies, the
 * real authorize (membership and role), the real SQLite store. Rule names refer to
 * server/src/collab/SPEC.md.
 */

interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  body: Y.XmlFragment;
  closes: number[];
}

/** A frame carrying `update` as a y-websocket sync update. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

describe("document sync through the real server", () => {
  const server = useServer({ maxFrameBytes: 64 * 1024 });
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  const wsBase = () => `${server().url.replace(/^http/, "ws")}/collab`;

  /** The browser's WebsocketProvider, with the user's session cookie on the upgrade. */
  function openEditor(client: ApiClient, recommendationId: string): Editor {
    const cookie = client.cookie ?? "";
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(wsBase(), recommendationId, doc, {
      WebSocketPolyfill: CookieWebSocket as never,
      disableBc: true, // one process: keep the clients from syncing past the server
      maxBackoffTime: 200,
    });
    const closes: number[] = [];
    provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    cleanups.push(() => {
      provider.destroy();
      doc.destroy();
    });
    return { doc, provider, body: doc.getXmlFragment(BODY_FRAGMENT), closes };
  }

  async function openSynced(client: ApiClient, recommendationId: string): Promise<Editor> {
    const editor = openEditor(client, recommendationId);
    await eventually(() => editor.provider.synced);
    return editor;
  }

  function openRaw(client: ApiClient, recommendationId: string) {
    return openRawDocumentSocket(wsBase(), recommendationId, client.cookie, (cleanup) => cleanups.push(cleanup));
  }

  /** The HTTP status the upgrade is refused with. */
  function refusedStatus(recommendationId: string, cookie: string | null): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${wsBase()}/${recommendationId}`, { headers: cookie ? { cookie } : {} });
      socket.on("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        socket.terminate();
      });
      socket.on("error", () => {});
      socket.on("open", () => reject(new Error("the upgrade was accepted")));
    });
  }

  /**
   * Resolves once the server handled everything `from` sent so far, and stored whatever of
   * it was accepted: a socket's frames are handled in order, so `to` seeing an awareness
   * change sent after them means they were handled; the flush then covers the writes.
   */
  async function processedBefore(from: Editor, to: Editor): Promise<void> {
    const marker = Math.random();
    from.provider.awareness.setLocalStateField("marker", marker);
    await eventually(() => expect(to.provider.awareness.getStates().get(from.doc.clientID)?.marker).toBe(marker));
    await server().server.collab.flush();
  }

  async function storedBody(recommendationId: string): Promise<string> {
    const doc = await server().server.collab.readDocument(recommendationId);
    try {
      return doc.getXmlFragment(BODY_FRAGMENT).toString();
    } finally {
      doc.destroy();
    }
  }

  /** A brief with a lead, an editor, a reviewer and one recommendation. */
  async function team() {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    return { lead, editor, reviewer, brief, rec };
  }

  it("[P4][D1] a lead and an editor typing at once converge, and the store holds the result", async () => {
    const { lead, editor, rec } = await team();
    const a = await openSynced(lead, rec.id);
    const b = await openSynced(editor, rec.id);
    a.body.insert(0, [paragraph("Lead's paragraph.")]);
    b.body.insert(0, [paragraph("Editor's paragraph.")]);
    await eventually(() => {
      expect(a.body.length).toBe(2);
      expect(b.body.toString()).toBe(a.body.toString());
    });
    expect(a.body.toString()).toContain("<paragraph>Lead's paragraph.</paragraph>");
    expect(a.body.toString()).toContain("<paragraph>Editor's paragraph.</paragraph>");
    expect(await storedBody(rec.id)).toBe(a.body.toString());
  });

  it("[P8] a viewer's update is refused at the server: not stored, not relayed, while the editor keeps working", async () => {
    // A viewer: a reviewer's connection suggests (SPEC P16), and its plain edit closes it.
    const { lead, editor, brief, rec } = await team();
    const viewer = await buildUser(server().url, "Vera Viewer");
    await addMember(lead, viewer, brief.id, "viewer");
    const writer = await openSynced(editor, rec.id);
    const reader = await openSynced(viewer, rec.id);
    writer.body.insert(0, [paragraph("Draft text.")]);
    await eventually(() => expect(reader.body.toString()).toBe("<paragraph>Draft text.</paragraph>"));

    reader.body.insert(0, [paragraph("Viewer rewrites it.")]);
    await processedBefore(reader, writer);
    expect(await storedBody(rec.id)).toBe("<paragraph>Draft text.</paragraph>");
    expect(writer.body.toString()).toBe("<paragraph>Draft text.</paragraph>");

    writer.body.insert(1, [paragraph("More draft.")]);
    const expected = "<paragraph>Draft text.</paragraph><paragraph>More draft.</paragraph>";
    await eventually(async () => expect(await storedBody(rec.id)).toBe(expected));
    expect(writer.body.toString()).toBe(expected);
    // The viewer still receives everyone else's edits.
    await eventually(() => expect(reader.body.toString()).toContain("<paragraph>More draft.</paragraph>"));
    expect(reader.provider.wsconnected).toBe(true);
  });

  it("[P8] an approved recommendation is read-only for everyone, the lead included", async () => {
    const { lead, editor, brief, rec } = await team();
    const path = `/api/briefs/${brief.id}/recommendations/${rec.id}/transitions`;
    const a = await openSynced(editor, rec.id);
    a.body.insert(0, [paragraph("Final wording.")]);
    await eventually(async () => expect(await storedBody(rec.id)).toBe("<paragraph>Final wording.</paragraph>"));
    expect((await editor.post(path, { to: "in_review" })).status).toBe(200);
    expect((await lead.post(path, { to: "approved" })).status).toBe(200);

    const leadsEditor = await openSynced(lead, rec.id);
    const observer = await openSynced(editor, rec.id);
    leadsEditor.body.insert(1, [paragraph("Late change.")]);
    await processedBefore(leadsEditor, observer);
    expect(await storedBody(rec.id)).toBe("<paragraph>Final wording.</paragraph>");
    expect(observer.body.toString()).toBe("<paragraph>Final wording.</paragraph>");
  });

  it("[P2] the upgrade answers 401 without a session, 403 to a non-member and 404 for an unknown recommendation, before any WebSocket", async () => {
    const { lead, rec } = await team();
    const outsider = await buildUser(server().url, "Oscar Outsider");
    expect(await refusedStatus(rec.id, null)).toBe(401);
    expect(await refusedStatus(rec.id, "accord_session=forged")).toBe(401);
    expect(await refusedStatus(rec.id, outsider.cookie)).toBe(403);
    expect(await refusedStatus("no-such-recommendation", lead.cookie)).toBe(404);
    expect(server().server.collab.connectionCount).toBe(0);
  });

  it("[P5][P7] malformed and oversized frames close only their own connection", async () => {
    const { lead, editor, rec } = await team();
    const a = await openSynced(lead, rec.id);
    const b = await openSynced(editor, rec.id);

    const malformed = await openRaw(editor, rec.id);
    malformed.socket.send(Uint8Array.from([MessageType.Sync, 9]));
    expect((await malformed.closed).code).toBe(CloseCode.MalformedMessage);

    const oversized = await openRaw(editor, rec.id);
    const big = new Y.Doc();
    big.getText("junk").insert(0, "x".repeat(70 * 1024));
    oversized.socket.send(updateFrame(Y.encodeStateAsUpdate(big)));
    big.destroy();
    expect((await oversized.closed).code).toBe(CloseCode.FrameTooLarge);

    a.body.insert(0, [paragraph("Still syncing.")]);
    await eventually(() => expect(b.body.toString()).toBe("<paragraph>Still syncing.</paragraph>"));
    expect(await storedBody(rec.id)).toBe("<paragraph>Still syncing.</paragraph>");
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
  });

  it("[R7] changing a member's role closes their document socket with PermissionsChanged", async () => {
    const { lead, editor, brief, rec } = await team();
    const leadSocket = await openRaw(lead, rec.id);
    const editorSocket = await openRaw(editor, rec.id);
    const changed = await lead.patch(`/api/briefs/${brief.id}/members/${editor.user!.id}`, { role: "viewer" });
    expect(changed.status).toBe(200);
    expect((await editorSocket.closed).code).toBe(CloseCode.PermissionsChanged);
    expect(leadSocket.socket.readyState).toBe(WebSocket.OPEN);
  });
});
