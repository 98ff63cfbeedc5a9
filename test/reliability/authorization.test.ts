import { BODY_FRAGMENT, CloseCode, MessageType } from "@accord/protocol";
import * as encoding from "lib0/encoding";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addMember,
  ApiClient,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  PASSWORD,
} from "../helpers/api.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { fill, ROUTES } from "../integration/routes.js";
import { collabUrl, cookieWebSocket, openEditor, TYPED_TEXT } from "./editors.js";

/**
 * Who may do what, as a matrix: every role of a brief (and a logged-in non-member, and no
 * session at all) × every REST route of test/integration/routes.ts, plus the socket.io joins
 * and the document socket. The expected statuses are written out below by hand, from what
 * the product promises — deliberately not computed from the server's `can()`, which is
 * what is being checked.
 *
 * Speed: one world (a brief with spare members, sectors and recommendations) per actor.
 * Mutations that destroy something aim at a spare (a spare member, an empty spare sector, a
 * spare recommendation), so that no case disturbs the next; logging out runs last.
 */

type Actor = "lead" | "editor" | "reviewer" | "viewer" | "outsider" | "anonymous";
const ACTORS: readonly Actor[] = ["lead", "editor", "reviewer", "viewer", "outsider", "anonymous"];
type Member = "lead" | "editor" | "reviewer" | "viewer";

/** Per member role, the status each route answers; outsiders and anonymous callers follow from the rules below. */
type Row = Record<Member, number>;
const all = (status: number): Row => ({ lead: status, editor: status, reviewer: status, viewer: status });
const leadOnly = (status: number): Row => ({ lead: status, editor: 403, reviewer: 403, viewer: 403 });
const writers = (status: number): Row => ({ lead: status, editor: status, reviewer: 403, viewer: 403 });
/** Review actions: everyone but viewers; `status` is what an allowed caller gets. */
const reviewers = (status: number): Row => ({ lead: status, editor: status, reviewer: status, viewer: 403 });

/**
 * The expectation table, keyed like ROUTES ("METHOD path"). A route missing here fails the
 * suite, so a new route cannot slip past the matrix.
 * Sample ids ("some-thread-id", …) name nothing: an allowed caller gets 404, a refused one 403
 * (roles are checked before anything is looked up).
 */
const EXPECTED: Record<string, Row> = {
  "POST /api/auth/logout": all(204),
  // Ends every session of the caller's own account: anyone logged in, for themselves only.
  "POST /api/auth/logout-everywhere": all(204),
  // ROUTES sends a wrong current password: every logged-in caller reaches the check (400), nobody changes anything.
  "POST /api/auth/password": all(400),
  "GET /api/me": all(200),
  "GET /api/briefs": all(200),
  "POST /api/briefs": all(201),
  "GET /api/briefs/:briefId": all(200),
  "PATCH /api/briefs/:briefId": leadOnly(200),
  "GET /api/briefs/:briefId/members": all(200),
  "PATCH /api/briefs/:briefId/members/:userId": leadOnly(200),
  "DELETE /api/briefs/:briefId/members/:userId": leadOnly(204),
  "POST /api/briefs/:briefId/invites": leadOnly(201),
  // An existing member accepting keeps their role (an invite never demotes): 200 for all.
  "POST /api/invites/:token/accept": all(200),
  "GET /api/briefs/:briefId/invites": leadOnly(200),
  // Aims at a spare invite, so that revoking it disturbs no other case.
  "DELETE /api/briefs/:briefId/invites/:inviteId": leadOnly(204),
  "GET /api/briefs/:briefId/sectors": all(200),
  "POST /api/briefs/:briefId/sectors": leadOnly(201),
  "PATCH /api/briefs/:briefId/sectors/:sectorId": leadOnly(200),
  "DELETE /api/briefs/:briefId/sectors/:sectorId": leadOnly(204),
  "GET /api/briefs/:briefId/recommendations": all(200),
  "POST /api/briefs/:briefId/recommendations": writers(201),
  "GET /api/briefs/:briefId/recommendations/:recId": all(200),
  "PATCH /api/briefs/:briefId/recommendations/:recId": writers(200),
  "DELETE /api/briefs/:briefId/recommendations/:recId": leadOnly(204),
  // draft → in_review is the author side's move: editors and the lead.
  "POST /api/briefs/:briefId/recommendations/:recId/transitions": writers(200),
  "POST /api/briefs/:briefId/reports": leadOnly(201),
  "GET /api/briefs/:briefId/reports": all(200),
  "GET /api/briefs/:briefId/reports/some-report-id": all(404),
  // Renaming, editing and deleting a report are the lead's, as importing is.
  "PATCH /api/briefs/:briefId/reports/some-report-id": leadOnly(404),
  "DELETE /api/briefs/:briefId/reports/some-report-id": leadOnly(404),
  "GET /api/briefs/:briefId/evidence?q=trade&limit=5": all(200),
  "GET /api/briefs/:briefId/evidence/some-evidence-id": all(404),
  "GET /api/briefs/:briefId/recommendations/:recId/threads": all(200),
  "POST /api/briefs/:briefId/recommendations/:recId/threads": reviewers(201),
  "PATCH /api/briefs/:briefId/recommendations/:recId/threads/some-thread-id": reviewers(404),
  "POST /api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments": reviewers(404),
  "PATCH /api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments/some-comment-id": reviewers(404),
  "DELETE /api/briefs/:briefId/recommendations/:recId/threads/some-thread-id/comments/some-comment-id": reviewers(404),
  // Versions (issue 18): every member reads them; those who write the body name them.
  "GET /api/briefs/:briefId/recommendations/:recId/versions": all(200),
  "POST /api/briefs/:briefId/recommendations/:recId/versions": writers(201),
  "GET /api/briefs/:briefId/recommendations/:recId/versions/last-review": all(200),
  "GET /api/briefs/:briefId/recommendations/:recId/versions/some-version-id": all(404),
  "GET /api/briefs/:briefId/activity?limit=5": all(200),
  "GET /api/briefs/:briefId/dashboard": all(200),
  // Exporting the whole brief is the lead's call.
  "GET /api/briefs/:briefId/export?format=md": leadOnly(200),
  "GET /api/briefs/:briefId/export/preview": leadOnly(200),
};

function expectedStatus(route: (typeof ROUTES)[number], actor: Actor): number {
  const key = `${route.method} ${route.path}`;
  const row = EXPECTED[key];
  if (!row) throw new Error(`no expectation written for ${key}`);
  if (actor === "anonymous") return 401;
  // A brief the caller is not in answers as an unknown one would: its id is not confirmed.
  if (actor === "outsider") return route.briefScoped ? 404 : row.viewer;
  return row[actor];
}

const THREAD_ROUTE = "POST /api/briefs/:briefId/recommendations/:recId/threads";
/** ROUTES' sample thread, anchored on the "text" seedBody writes (client 1, clocks 2–5). */
const SEEDED_ANCHOR_BODY = {
  anchor: { from: { item: { client: 1, clock: 2 }, assoc: 0 }, to: { item: { client: 1, clock: 5 }, assoc: -1 } },
  quote: "text",
  body: "Why?",
};

/**
 * Routes that end the world for the actor run last, in this order. Logout ends a second session
 * of the actor (see world), so that logging out everywhere still has a session to ask with.
 */
const LAST = ["POST /api/invites/:token/accept", "POST /api/auth/logout", "POST /api/auth/logout-everywhere"];

describe("authorization matrix", () => {
  const server = useServer({ loginRateLimit: 1000 });
  let cases = 0;
  afterAll(() => console.log(`[authorization] ${cases} cases`));

  /** Signed up once; each world logs its actor in afresh, because the matrix logs it out at the end. */
  let pool:
    | Promise<Record<"lead" | "editor" | "reviewer" | "viewer" | "outsider" | "spare1" | "spare2", ApiClient>>
    | undefined;
  const users = () =>
    (pool ??= (async () => {
      const names = ["lead", "editor", "reviewer", "viewer", "outsider", "spare1", "spare2"] as const;
      const built = await Promise.all(names.map((name) => buildUser(server().url, `Matrix ${name.replace(/\d/, "")}`)));
      return Object.fromEntries(names.map((name, i) => [name, built[i]!])) as Record<(typeof names)[number], ApiClient>;
    })());

  async function login(user: ApiClient): Promise<ApiClient> {
    const client = new ApiClient(server().url);
    const res = await client.post("/api/auth/login", { email: user.user!.email, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
    client.user = user.user;
    return client;
  }

  /**
   * Writes "text" into the main recommendation's body as client 1, so that a thread can be
   * anchored on it (an anchor on nothing is a 400, which would hide the role check).
   */
  async function seedBody(lead: ApiClient, recId: string): Promise<void> {
    const doc = new Y.Doc();
    doc.clientID = 1;
    const editor = openEditor(server().url, lead.cookie!, recId, doc);
    try {
      await eventually(() => editor.provider.synced);
      const paragraph = new Y.XmlElement("paragraph"); // clock 0
      const text = new Y.XmlText(); // clock 1
      paragraph.insert(0, [text]);
      doc.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph]);
      text.insert(0, "text"); // clocks 2–5
      await server().server.collab.flush();
      await eventually(async () => {
        const stored = await server().server.collab.readDocument(recId);
        const body = stored.getXmlFragment(BODY_FRAGMENT).toString();
        stored.destroy();
        return body === "<paragraph>text</paragraph>";
      });
    } finally {
      editor.destroy();
    }
  }

  /** Logs the pool user in again, in place, if a previous world logged them out everywhere. */
  async function keepLoggedIn(user: ApiClient): Promise<void> {
    if ((await user.get("/api/me")).status === 200) return;
    const res = await user.post("/api/auth/login", { email: user.user!.email, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  }

  /** A brief in which `actor` has its role, with spares for the destructive routes. */
  async function world(actor: Actor) {
    const u = await users();
    await Promise.all(Object.values(u).map(keepLoggedIn));
    const brief = await buildBrief(u.lead, `World of the ${actor}`);
    if (actor === "editor" || actor === "reviewer" || actor === "viewer")
      await addMember(u.lead, u[actor], brief.id, actor);
    await addMember(u.lead, u.spare1, brief.id, "viewer");
    await addMember(u.lead, u.spare2, brief.id, "viewer");
    const sector = await buildSector(u.lead, brief.id, "Energy");
    const spareSector = await buildSector(u.lead, brief.id, "Spare");
    const rec = await buildRecommendation(u.lead, brief.id, sector.id, "Main");
    const spareRec = await buildRecommendation(u.lead, brief.id, sector.id, "Spare");
    await seedBody(u.lead, rec.id);
    const invite = await u.lead.post(`/api/briefs/${brief.id}/invites`, { role: "editor" });
    const spareInvite = await u.lead.post(`/api/briefs/${brief.id}/invites`, { role: "viewer" });
    const client = actor === "anonymous" ? new ApiClient(server().url) : await login(u[actor]);
    const second = actor === "anonymous" ? new ApiClient(server().url) : await login(u[actor]);
    const ids = {
      briefId: brief.id,
      recId: rec.id,
      sectorId: sector.id,
      userId: u.spare1.user!.id,
      token: invite.body.token as string,
      inviteId: spareInvite.body.id as string,
    };
    /** Destructive routes aim at spares so that they leave the rest of the world as it was. */
    const idsFor = (key: string): Record<string, string> => {
      // (The thread route's body names items of the seeded body; see seedBody.)
      if (key === "DELETE /api/briefs/:briefId/members/:userId") return { ...ids, userId: u.spare2.user!.id };
      if (key === "DELETE /api/briefs/:briefId/sectors/:sectorId") return { ...ids, sectorId: spareSector.id };
      if (key === "DELETE /api/briefs/:briefId/recommendations/:recId") return { ...ids, recId: spareRec.id };
      return ids;
    };
    return { client, second, ids, idsFor, lead: u.lead };
  }

  /** What a refused caller could have changed: title, members, sectors, recommendations. */
  async function fingerprint(lead: ApiClient, briefId: string): Promise<unknown> {
    const [brief, members, sectors, recs] = await Promise.all([
      lead.get(`/api/briefs/${briefId}`),
      lead.get(`/api/briefs/${briefId}/members`),
      lead.get(`/api/briefs/${briefId}/sectors`),
      lead.get(`/api/briefs/${briefId}/recommendations`),
    ]);
    return {
      title: brief.body.brief.title,
      members: members.body.members
        .map((m: { userId?: string; id?: string; role: string }) => `${m.userId ?? m.id}:${m.role}`)
        .sort(),
      sectors: sectors.body.sectors.map((s: { name: string }) => s.name),
      recs: recs.body.recommendations.map((r: { title: string; status: string }) => `${r.title}:${r.status}`).sort(),
    };
  }

  it.each(ACTORS)("REST: every route answers the %s as the table says", async (actor) => {
    const { client, second, ids, idsFor, lead } = await world(actor);
    const ordered = [...ROUTES].sort(
      (a, b) => LAST.indexOf(`${a.method} ${a.path}`) - LAST.indexOf(`${b.method} ${b.path}`),
    );
    const before = await fingerprint(lead, ids.briefId);
    const results: Array<{ route: string; status: number }> = [];
    const expected: Array<{ route: string; status: number }> = [];
    for (const route of ordered) {
      const key = `${route.method} ${route.path}`;
      if (key === LAST[0] && (actor === "viewer" || actor === "outsider" || actor === "anonymous")) {
        // Before accepting the invite (which makes an outsider a member): refused callers changed nothing.
        expect(await fingerprint(lead, ids.briefId)).toEqual(before);
      }
      const filled = idsFor(key);
      const body =
        key === THREAD_ROUTE ? SEEDED_ANCHOR_BODY : route.body === undefined ? undefined : fill(route.body, filled);
      const caller = key === "POST /api/auth/logout" ? second : client;
      const res = await caller.request(route.method, fill(route.path, filled), body);
      results.push({ route: key, status: res.status });
      expected.push({ route: key, status: expectedStatus(route, actor) });
      cases++;
    }
    expect(results).toEqual(expected);
  });

  /**
   * Expected socket outcomes, by hand: members join and connect, only leads and editors write;
   * a reviewer may only suggest (collab SPEC P16), so its plain write closes it.
   */
  const SOCKETS: Record<
    Actor,
    {
      connect: boolean;
      join: "ok" | "not_found";
      upgrade: 101 | 401 | 403;
      writes: boolean;
      closedWith: number | null;
    }
  > = {
    lead: { connect: true, join: "ok", upgrade: 101, writes: true, closedWith: null },
    editor: { connect: true, join: "ok", upgrade: 101, writes: true, closedWith: null },
    reviewer: { connect: true, join: "ok", upgrade: 101, writes: false, closedWith: CloseCode.SuggestionsOnly },
    viewer: { connect: true, join: "ok", upgrade: 101, writes: false, closedWith: null },
    outsider: { connect: true, join: "not_found", upgrade: 403, writes: false, closedWith: null },
    anonymous: { connect: false, join: "not_found", upgrade: 401, writes: false, closedWith: null },
  };

  it.each(ACTORS)("sockets: socket.io joins and the document socket answer the %s as the table says", async (actor) => {
    const { client, ids } = await world(actor);
    const expected = SOCKETS[actor];

    // socket.io: the handshake itself needs a session; joins need membership.
    let connected = true;
    const socket = await connectEvents(client).catch(() => {
      connected = false;
      return null;
    });
    expect(connected).toBe(expected.connect);
    cases++;
    if (socket) {
      try {
        const brief = await emitWithAck(socket, "brief:join", { briefId: ids.briefId });
        const rec = await emitWithAck(socket, "recommendation:join", { recommendationId: ids.recId });
        const outcome = (ack: unknown) =>
          (ack as { ok?: boolean }).ok ? "ok" : (ack as { error: { code: string } }).error.code;
        expect([outcome(brief), outcome(rec)]).toEqual([expected.join, expected.join]);
        cases += 2;
      } finally {
        socket.disconnect();
      }
    }

    // The document socket: refused on the upgrade, or accepted (and then read-only or not).
    const url = `${collabUrl(server().url)}/${encodeURIComponent(ids.recId)}`;
    const ws = new (cookieWebSocket(client.cookie ?? ""))(url);
    ws.on("error", () => {}); // a refused upgrade also reports an error; its status is what we check
    const received: Buffer[] = [];
    ws.on("message", (data: Buffer) => received.push(data));
    const closed = new Promise<number>((resolve) => ws.once("close", (code: number) => resolve(code)));
    const status = await new Promise<number>((resolve) => {
      ws.once("open", () => resolve(101));
      ws.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
    });
    expect(status).toBe(expected.upgrade);
    cases++;
    if (status !== 101) return;
    try {
      const marker = `written by the ${actor}`;
      const scratch = new Y.Doc();
      scratch.getText(TYPED_TEXT).insert(0, marker);
      ws.send(syncFrame(2, Y.encodeStateAsUpdate(scratch)));
      scratch.destroy();
      // Frames of one socket are handled in order: the answer to this sync step 1 comes after the update was.
      ws.send(syncFrame(0, Uint8Array.from([0])));
      await eventually(() => received.some((frame) => frame[0] === MessageType.Sync && frame[1] === 1));
      if (expected.closedWith !== null) expect(await closed).toBe(expected.closedWith);
      const stored = await server().server.collab.readDocument(ids.recId);
      const text = stored.getText(TYPED_TEXT).toString();
      stored.destroy();
      expect({ stored: text === marker, open: ws.readyState === ws.OPEN }).toEqual({
        stored: expected.writes,
        open: expected.closedWith === null,
      });
      cases++;
    } finally {
      ws.terminate();
    }
  });
});

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
