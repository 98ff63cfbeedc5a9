import { BODY_FRAGMENT } from "@accord/protocol";
import { onTestFinished } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import type { TestServer } from "../helpers/startServer.js";

/** Shared by the review, threads, workflow and dashboard suites. */

export interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  body: Y.XmlFragment;
  closes: number[];
}

/** The browser's WebsocketProvider with the user's session cookie, synced; torn down after the test. */
export async function openEditor(server: TestServer, client: ApiClient, recommendationId: string): Promise<Editor> {
  const cookie = client.cookie ?? "";
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, recommendationId, doc, {
    WebSocketPolyfill: CookieWebSocket as never,
    disableBc: true, // one process: keep the clients from syncing past the server
    maxBackoffTime: 200,
  });
  const closes: number[] = [];
  provider.on("connection-close", (event) => {
    if (event) closes.push(event.code);
  });
  onTestFinished(() => {
    provider.destroy();
    doc.destroy();
  });
  await eventually(() => provider.synced);
  return { doc, provider, body: doc.getXmlFragment(BODY_FRAGMENT), closes };
}

export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

/** The Y.XmlText inside the n-th paragraph, where the client's relative positions live. */
export function paragraphText(editor: Editor, n = 0): Y.XmlText {
  return (editor.body.get(n) as Y.XmlElement).get(0) as Y.XmlText;
}

/** What the server has stored for the body, as XML. */
export async function storedBody(server: TestServer, recommendationId: string): Promise<string> {
  const doc = await server.server.collab.readDocument(recommendationId);
  try {
    return doc.getXmlFragment(BODY_FRAGMENT).toString();
  } finally {
    doc.destroy();
  }
}

/**
 * An anchor on text[start, end) of a paragraph's text, built as the client does: `from`
 * sticks to the first quoted character (assoc 0), `to` to the last (assoc -1).
 */
export function anchorOn(text: Y.XmlText, start: number, end: number) {
  return {
    from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, start, 0)),
    to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, end, -1)),
  };
}

/** A brief with a lead, an editor, a reviewer, a viewer, one sector and one recommendation. */
export async function reviewTeam(server: TestServer) {
  const lead = await buildUser(server.url, "Lena Lead");
  const editor = await buildUser(server.url, "Ed Editor");
  const reviewer = await buildUser(server.url, "Rita Reviewer");
  const viewer = await buildUser(server.url, "Vic Viewer");
  const brief = await buildBrief(lead);
  await addMember(lead, editor, brief.id, "editor");
  await addMember(lead, reviewer, brief.id, "reviewer");
  await addMember(lead, viewer, brief.id, "viewer");
  const sector = await buildSector(lead, brief.id);
  const rec = await buildRecommendation(lead, brief.id, sector.id);
  const base = `/api/briefs/${brief.id}/recommendations/${rec.id}`;
  return { lead, editor, reviewer, viewer, brief, sector, rec, base };
}

/**
 * Writes `text` as the body's only paragraph through a real editor connection, waits until
 * the server stored it, and answers the editor (still connected).
 */
export async function writeBody(
  server: TestServer,
  client: ApiClient,
  recommendationId: string,
  text: string,
): Promise<Editor> {
  const editor = await openEditor(server, client, recommendationId);
  editor.body.insert(0, [paragraph(text)]);
  await eventually(async () => (await storedBody(server, recommendationId)) === `<paragraph>${text}</paragraph>`);
  return editor;
}
