import { AccordMessageType, BODY_FRAGMENT, editRefusedMessage, EditRefusedReason } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addMember, type ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { openSyncedDocument, type SyncedDocument } from "../helpers/syncedDocument.js";

/**
 * Issue 15, defect 2, through the real server: an edit the server refuses is told to its writer
 * (SPEC P14), and a writer that asks is told when its updates are stored (P15).
 */

interface Refusal {
  ordinal: number;
  reason: string;
  message: string;
}

/** Listens for Accord's own messages on a y-websocket provider, as the editor does. */
function listen(provider: WebsocketProvider) {
  const heard = { refusals: [] as Refusal[], stored: [] as number[] };
  provider.messageHandlers[AccordMessageType.EditRefused] = (_encoder, decoder) => {
    heard.refusals.push({
      ordinal: decoding.readVarUint(decoder),
      reason: decoding.readVarString(decoder),
      message: decoding.readVarString(decoder),
    });
  };
  provider.messageHandlers[AccordMessageType.Stored] = (_encoder, decoder) => {
    heard.stored.push(decoding.readVarUint(decoder));
  };
  return heard;
}

function askForAcks(provider: WebsocketProvider): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, AccordMessageType.AcksWanted);
  provider.ws!.send(encoding.toUint8Array(encoder));
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

describe("refused edits are told to their writer", () => {
  const server = useServer();
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  async function team() {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    return { lead, editor, reviewer, brief, path: `/api/briefs/${brief.id}/recommendations/${rec.id}`, rec };
  }

  const open = (client: ApiClient, id: string): Promise<SyncedDocument> =>
    openSyncedDocument(server().url, client.cookie, id, (cleanup) => cleanups.push(cleanup), { maxBackoffTime: 100 });

  async function storedBody(id: string): Promise<string> {
    const doc = await server().server.collab.readDocument(id);
    try {
      return doc.getXmlFragment(BODY_FRAGMENT).toString();
    } finally {
      doc.destroy();
    }
  }

  it("[P15] a writer that asks is told when its updates are stored, and only then", async () => {
    const { editor, rec } = await team();
    const writer = await open(editor, rec.id);
    const heard = listen(writer.provider);
    askForAcks(writer.provider);
    // Its answer to the server's sync step 1 was its first update-carrying message.
    await eventually(() => expect(heard.stored.at(-1)).toBe(1));
    writer.body.insert(0, [paragraph("Stored before acknowledged.")]);
    await eventually(() => expect(heard.stored.at(-1)).toBe(2));
    expect(await storedBody(rec.id)).toBe("<paragraph>Stored before acknowledged.</paragraph>");
  });

  it("[P14] an editor's words sent after the lead approved are refused with the reason, and nothing is stored", async () => {
    const { lead, editor, path, rec } = await team();
    const writer = await open(editor, rec.id);
    const heard = listen(writer.provider);
    writer.body.insert(0, [paragraph("RACE-2 R")]);
    await eventually(async () => expect(await storedBody(rec.id)).toBe("<paragraph>RACE-2 R</paragraph>"));
    const closed = new Promise((resolve) => writer.provider.once("connection-close", resolve));
    for (const to of ["in_review", "approved"])
      expect((await lead.post(`${path}/transitions`, { to })).status).toBe(200);
    // The approval closed the socket (PermissionsChanged); the provider is back, read-only. Its
    // answer to the server's sync step 1 was its first update-carrying message; "A" is the second.
    await closed;
    await eventually(() => expect(writer.provider.synced).toBe(true));
    ((writer.body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(8, "A");
    await eventually(() =>
      expect(heard.refusals).toEqual([
        { ordinal: 2, reason: EditRefusedReason.Approved, message: editRefusedMessage(EditRefusedReason.Approved) },
      ]),
    );
    expect(writer.provider.wsconnected).toBe(true);
    await server().server.collab.flush();
    expect(await storedBody(rec.id)).toBe("<paragraph>RACE-2 R</paragraph>");
  });

  it("[P14] a viewer whose copy only repeats deletions the server has is told nothing; its typing is refused once", async () => {
    // A viewer: a reviewer's connection suggests (collab SPEC P16) and its plain typing closes it.
    const { lead, editor, brief, rec } = await team();
    const viewer = await buildUser(server().url, "Vera Viewer");
    await addMember(lead, viewer, brief.id, "viewer");
    const writer = await open(editor, rec.id);
    writer.body.insert(0, [paragraph("Keep this, drop that.")]);
    (writer.body.get(0) as Y.XmlElement).get(0).delete(10, 11);
    await eventually(async () => expect(await storedBody(rec.id)).toBe("<paragraph>Keep this,</paragraph>"));
    const reader = await open(viewer, rec.id);
    await eventually(() => expect(reader.body.toString()).toBe("<paragraph>Keep this,</paragraph>"));
    const heard = listen(reader.provider);
    // Reconnecting, it answers the server's sync step 1 with its delete set: nothing new.
    reader.provider.disconnect();
    reader.provider.connect();
    await eventually(() => expect(reader.provider.synced).toBe(true));
    const text = (reader.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, "x");
    text.insert(0, "y");
    await eventually(() => expect(heard.refusals.map((refusal) => refusal.ordinal)).toEqual([2]));
    await server().server.collab.flush();
    expect(heard.refusals).toHaveLength(1);
    expect(await storedBody(rec.id)).toBe("<paragraph>Keep this,</paragraph>");
  });
});
