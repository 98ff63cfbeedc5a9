import http from "node:http";
import type { Socket as NetSocket } from "node:net";
import {
  BODY_FRAGMENT,
  CloseCode,
  ClientEvent,
  formatRoomName,
  MessageType,
  ServerEvent,
  SESSION_ENDED_CLOSE_REASONS,
} from "@accord/protocol";
import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { hashSessionToken } from "../../server/src/auth/Sessions.js";
import { parseConfig } from "../../server/src/config.js";
import {
  addMember,
  ApiClient,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  PASSWORD,
} from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { openRawDocumentSocket, type RawDocumentSocket } from "../helpers/rawDocumentSocket.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { useServer, type TestServer } from "../helpers/startServer.js";

/**
 * Issue 12, "sessions end everywhere": every way a session ends — logout, "log out everywhere",
 * a password change made elsewhere, expiry — closes the document sockets opened with it
 * (AccessRevoked, 4403, final; SPEC R8) and tells and disconnects its socket.io sockets, at
 * once. Removal from a brief is final too (4403); a role change asks to reconnect (4509).
 * Real server on port 0, real SQLite, real ws and socket.io clients.
 */

/** A y-websocket update frame inserting `text` as a paragraph into a fresh document. */
function paragraphUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(BODY_FRAGMENT).insert(0, [paragraph]);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The session id (the cookie token's hash) a client holds. */
function sessionHashOf(client: ApiClient): string {
  return hashSessionToken(client.cookie!.slice("accord_session=".length));
}

interface EventsSocket {
  socket: Socket;
  ended: Array<{ type: string; reason: string }>;
  disconnects: string[];
}

function useSockets(server: () => TestServer) {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  function openDocument(client: ApiClient, recommendationId: string): Promise<RawDocumentSocket> {
    return openRawDocumentSocket(
      `${server().url.replace(/^http/, "ws")}/collab`,
      recommendationId,
      client.cookie,
      (cleanup) => cleanups.push(cleanup),
    );
  }

  async function openEvents(client: ApiClient): Promise<EventsSocket> {
    const socket = await connectEvents(client);
    cleanups.push(() => socket.disconnect());
    const ended: EventsSocket["ended"] = [];
    const disconnects: string[] = [];
    socket.on(ServerEvent.SessionEnded, (event) => ended.push(event));
    socket.on("disconnect", (reason) => disconnects.push(reason));
    return { socket, ended, disconnects };
  }

  /** The HTTP status a document-socket upgrade is refused with. */
  function refusedStatus(client: ApiClient, recommendationId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const url = `${server().url.replace(/^http/, "ws")}/collab/${recommendationId}`;
      const socket = new WebSocket(url, { headers: { cookie: client.cookie ?? "" } });
      socket.on("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        socket.terminate();
      });
      socket.on("error", () => {});
      socket.on("open", () => reject(new Error("the upgrade was accepted")));
    });
  }

  return { openDocument, openEvents, refusedStatus };
}

/** Another session of the same user, as a second browser would hold. */
async function loginAgain(server: TestServer, user: ApiClient, password = PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const res = await client.post("/api/auth/login", { email: user.user!.email, password });
  expect(res.status).toBe(200);
  client.user = user.user;
  return client;
}

async function storedBody(server: TestServer, recommendationId: string): Promise<string> {
  const doc = await server.server.collab.readDocument(recommendationId);
  try {
    return doc.getXmlFragment(BODY_FRAGMENT).toString();
  } finally {
    doc.destroy();
  }
}

/** A lead, an editor in the lead's brief, one recommendation. */
async function team(server: TestServer) {
  const lead = await buildUser(server.url, "Lena Lead");
  const editor = await buildUser(server.url, "Ed Editor");
  const brief = await buildBrief(lead);
  await addMember(lead, editor, brief.id, "editor");
  const sector = await buildSector(lead, brief.id);
  const rec = await buildRecommendation(lead, brief.id, sector.id);
  return { lead, editor, brief, sector, rec };
}

describe("sessions end everywhere", () => {
  const server = useServer({ loginRateLimit: 1000 });
  const { openDocument, openEvents, refusedStatus } = useSockets(server);

  it("[R8] logout closes the session's document socket with AccessRevoked, and an edit sent after it is not stored", async () => {
    const { editor, rec } = await team(server());
    const doc = await openDocument(editor, rec.id);
    // An edit before logout is stored: the frame below would be too, were the socket still open.
    doc.socket.send(paragraphUpdate("Before logout."));
    await eventually(async () =>
      expect(await storedBody(server(), rec.id)).toBe("<paragraph>Before logout.</paragraph>"),
    );

    // Stop reading the socket, so that the client does not see the server's close frame before
    // it sends the late edit: the frame leaves while the client still believes it is open.
    const tcp = (doc.socket as unknown as { _socket: NetSocket })._socket;
    tcp.pause();
    expect((await editor.post("/api/auth/logout")).status).toBe(204);
    expect(doc.socket.readyState).toBe(WebSocket.OPEN);
    const sent = new Promise<Error | null>((resolve) =>
      doc.socket.send(paragraphUpdate("After logout."), (error) => resolve(error ?? null)),
    );
    expect(await sent).toBeNull();
    tcp.resume();

    expect(await doc.closed).toEqual({ code: CloseCode.AccessRevoked, reason: SESSION_ENDED_CLOSE_REASONS.logout });
    await server().server.collab.flush();
    expect(await storedBody(server(), rec.id)).toBe("<paragraph>Before logout.</paragraph>");
    // The old cookie opens nothing any more.
    expect(await refusedStatus(editor, rec.id)).toBe(401);
  });

  it("logout tells the session's socket.io socket and disconnects it; it cannot connect or join again", async () => {
    const { editor, brief } = await team(server());
    const events = await openEvents(editor);
    expect(await emitWithAck(events.socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });

    expect((await editor.post("/api/auth/logout")).status).toBe(204);
    await eventually(() => expect(events.disconnects).toEqual(["io server disconnect"]));
    expect(events.ended).toEqual([{ type: "session.ended", reason: "logout" }]);
    // Reconnecting with the ended session's cookie is refused at the handshake.
    const again = new Promise<Error>((resolve) => events.socket.once("connect_error", resolve));
    events.socket.connect();
    expect((await again).message).toBe("unauthenticated");
  });

  it("a socket.io socket whose session ended behind its back can join nothing (the session is checked on every join)", async () => {
    const { editor, rec } = await team(server());
    const events = await openEvents(editor);
    // Deleted in the store directly: nothing told the socket, so only the join's own check can refuse.
    await server().store.deleteSession(sessionHashOf(editor));
    const refused = { error: { code: "unauthenticated", message: "Your session has ended. Log in again." } };
    const join = emitWithAck(events.socket, ClientEvent.RecommendationJoin, { recommendationId: rec.id }).catch(
      (error: Error) => error,
    );
    await eventually(() => expect(events.disconnects).toEqual(["io server disconnect"]));
    expect(events.ended).toEqual([{ type: "session.ended", reason: "logout" }]);
    // The acknowledgement may not arrive before the disconnect; either way the socket is in no room.
    const ack = await join;
    if (!(ack instanceof Error)) expect(ack).toEqual(refused);
    const ownRoom = formatRoomName({ kind: "user", userId: editor.user!.id });
    expect(await server().server.events.io.in(ownRoom).fetchSockets()).toEqual([]);
  });

  it("log out everywhere closes the sockets of both of the user's sessions, and not another user's", async () => {
    const { lead, editor, rec } = await team(server());
    const second = await loginAgain(server(), editor);
    const firstDoc = await openDocument(editor, rec.id);
    const secondDoc = await openDocument(second, rec.id);
    const leadDoc = await openDocument(lead, rec.id);
    const firstEvents = await openEvents(editor);
    const secondEvents = await openEvents(second);
    const leadEvents = await openEvents(lead);

    const firstCookie = editor.cookie!;
    const res = await editor.post("/api/auth/logout-everywhere");
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/^accord_session=; /);
    expect((await firstDoc.closed).code).toBe(CloseCode.AccessRevoked);
    expect((await secondDoc.closed).code).toBe(CloseCode.AccessRevoked);
    await eventually(() => {
      expect(firstEvents.ended).toEqual([{ type: "session.ended", reason: "logout" }]);
      expect(secondEvents.ended).toEqual([{ type: "session.ended", reason: "logout" }]);
      expect(firstEvents.disconnects).toEqual(["io server disconnect"]);
      expect(secondEvents.disconnects).toEqual(["io server disconnect"]);
    });
    expect((await second.get("/api/me")).status).toBe(401);
    expect(
      (await new ApiClient(server().url).request("GET", "/api/me", undefined, { cookie: firstCookie })).status,
    ).toBe(401);
    // The lead's sockets were left alone.
    expect(leadDoc.socket.readyState).toBe(WebSocket.OPEN);
    expect(leadEvents.socket.connected).toBe(true);
    expect(leadEvents.ended).toEqual([]);
    expect((await lead.get("/api/me")).status).toBe(200);
  });

  it("a password change keeps the session that made it and ends the others, closing their sockets", async () => {
    const { editor, rec } = await team(server());
    const other = await loginAgain(server(), editor);
    const keptDoc = await openDocument(editor, rec.id);
    const keptEvents = await openEvents(editor);
    const otherDoc = await openDocument(other, rec.id);
    const otherEvents = await openEvents(other);
    const NEW_PASSWORD = "plum orbit canyon whistle";

    const wrong = await editor.post("/api/auth/password", {
      currentPassword: "not the password",
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({
      code: "invalid",
      message: "That is not your current password.",
      field: "currentPassword",
    });
    const weak = await editor.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "          " });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toEqual({
      code: "invalid",
      message: "The new password needs at least 10 characters, not counting spaces at either end.",
      field: "newPassword",
    });
    const common = await editor.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: "password1234" });
    expect(common.body.error.field).toBe("newPassword");
    // Refusals changed nothing: both sessions live, the old password still works.
    expect(otherDoc.socket.readyState).toBe(WebSocket.OPEN);
    expect((await other.get("/api/me")).status).toBe(200);

    expect(
      (await editor.post("/api/auth/password", { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status,
    ).toBe(204);
    expect(await otherDoc.closed).toEqual({
      code: CloseCode.AccessRevoked,
      reason: SESSION_ENDED_CLOSE_REASONS["password-changed"],
    });
    await eventually(() => {
      expect(otherEvents.ended).toEqual([{ type: "session.ended", reason: "password-changed" }]);
      expect(otherEvents.disconnects).toEqual(["io server disconnect"]);
    });
    expect((await other.get("/api/me")).status).toBe(401);
    // The session that changed it carries on, sockets included.
    expect((await editor.get("/api/me")).status).toBe(200);
    expect(keptDoc.socket.readyState).toBe(WebSocket.OPEN);
    expect(keptEvents.socket.connected).toBe(true);
    expect(keptEvents.ended).toEqual([]);
    // Only the new password logs in now.
    const email = editor.user!.email;
    expect((await new ApiClient(server().url).post("/api/auth/login", { email, password: PASSWORD })).status).toBe(401);
    expect((await new ApiClient(server().url).post("/api/auth/login", { email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });

  it("removal from a brief closes the member's document sockets of that brief with AccessRevoked (final), not those of their other briefs", async () => {
    const { lead, editor, brief, rec } = await team(server());
    const ownBrief = await buildBrief(editor, "Editor's own brief");
    const ownSector = await buildSector(editor, ownBrief.id);
    const ownRec = await buildRecommendation(editor, ownBrief.id, ownSector.id);
    const inBrief = await openDocument(editor, rec.id);
    const elsewhere = await openDocument(editor, ownRec.id);
    const leadDoc = await openDocument(lead, rec.id);

    expect((await lead.delete(`/api/briefs/${brief.id}/members/${editor.user!.id}`)).status).toBe(204);
    expect((await inBrief.closed).code).toBe(CloseCode.AccessRevoked);
    expect(await refusedStatus(editor, rec.id)).toBe(403);
    expect(elsewhere.socket.readyState).toBe(WebSocket.OPEN);
    expect(leadDoc.socket.readyState).toBe(WebSocket.OPEN);
  });

  it("a role change closes the member's document sockets of that brief with PermissionsChanged (reconnect and be checked again)", async () => {
    const { lead, editor, brief, rec } = await team(server());
    const ownBrief = await buildBrief(editor, "Editor's own brief");
    const ownSector = await buildSector(editor, ownBrief.id);
    const ownRec = await buildRecommendation(editor, ownBrief.id, ownSector.id);
    const inBrief = await openDocument(editor, rec.id);
    const elsewhere = await openDocument(editor, ownRec.id);

    expect((await lead.patch(`/api/briefs/${brief.id}/members/${editor.user!.id}`, { role: "viewer" })).status).toBe(
      200,
    );
    expect((await inBrief.closed).code).toBe(CloseCode.PermissionsChanged);
    expect(elsewhere.socket.readyState).toBe(WebSocket.OPEN);
    // Reconnecting is allowed (now read-only).
    const again = await openDocument(editor, rec.id);
    expect(again.socket.readyState).toBe(WebSocket.OPEN);
  });
});

describe("an expired session closes its sockets by itself", () => {
  // SESSION_TTL_HOURS takes fractions: 4 seconds, checked every 100 ms.
  const parsed = parseConfig({ SESSION_TTL_HOURS: String(4 / 3600), SESSION_SWEEP_MS: "100" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = useServer({ sessionTtlMs: parsed.config.sessionTtlMs, sessionSweepMs: parsed.config.sessionSweepMs });
  const { openDocument, openEvents } = useSockets(server);

  it("reads fractional hours and the sweep period from the environment", () => {
    expect(parsed.ok && parsed.config.sessionTtlMs).toBe(4_000);
    expect(parsed.ok && parsed.config.sessionSweepMs).toBe(100);
  });

  it("[R8] the document socket closes with AccessRevoked and the socket.io socket is told 'expired' and disconnected", async () => {
    const { editor, rec } = await team(server());
    // A fresh session, so the sockets open well within its 4 seconds whatever the setup took.
    const fresh = await loginAgain(server(), editor);
    const opened = Date.now();
    const doc = await openDocument(fresh, rec.id);
    const events = await openEvents(fresh);

    expect(await doc.closed).toEqual({ code: CloseCode.AccessRevoked, reason: SESSION_ENDED_CLOSE_REASONS.expired });
    await eventually(() => {
      expect(events.ended).toEqual([{ type: "session.ended", reason: "expired" }]);
      expect(events.disconnects).toEqual(["io server disconnect"]);
    });
    // Not before the session's end (minus the setup before `opened`), and within a few sweeps after.
    const elapsed = Date.now() - opened;
    expect(elapsed).toBeGreaterThan(2_500);
    expect(elapsed).toBeLessThan(8_000);
    expect((await fresh.get("/api/me")).status).toBe(401);
  });
});

describe("login limits: by address and account", () => {
  const server = useServer({ loginRateLimit: 3, loginAccountRateLimit: 5, loginAddressRateLimit: 12 });

  /**
   * A login from `from`, a real source address: all of 127.0.0.0/8 is loopback on Linux, so
   * each test client connects from its own address to the server on 127.0.0.1.
   */
  function attempt(from: string, email: string, password: string): Promise<number> {
    const body = JSON.stringify({ email, password });
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${server().url}/api/auth/login`,
        {
          method: "POST",
          localAddress: from,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("one account hammered from one address locks that pair only; the neighbour behind the same address logs in", async () => {
    const victim = (await buildUser(server().url, "Vera Victim")).user!.email;
    const neighbour = (await buildUser(server().url, "Ned Neighbour")).user!.email;
    const office = "127.0.0.7";

    expect([
      await attempt(office, victim, "guess one"),
      await attempt(office, victim, "guess two"),
      await attempt(office, victim, "guess three"),
    ]).toEqual([401, 401, 401]);
    // The pair is locked: even the right password waits.
    expect(await attempt(office, victim, PASSWORD)).toBe(429);
    expect(await attempt(office, victim, "guess four")).toBe(429);
    // The neighbour, behind the same address, logs in; after failing once, too.
    expect(await attempt(office, neighbour, PASSWORD)).toBe(200);
    expect(await attempt(office, neighbour, "a typo")).toBe(401);
    expect(await attempt(office, neighbour, PASSWORD)).toBe(200);
    // The victim from home logs in.
    expect(await attempt("127.0.0.20", victim, PASSWORD)).toBe(200);

    // Guessing from many addresses: the account's own limit (5 failures, all addresses) stops it.
    // Three failures so far (the refusals at the office never reached it); two more pass...
    expect(await attempt("127.0.0.30", victim, "guess five")).toBe(401);
    expect(await attempt("127.0.0.31", victim, "guess six")).toBe(401);
    // ...then every address waits, right password or not.
    expect(await attempt("127.0.0.32", victim, PASSWORD)).toBe(429);
    expect(await attempt("127.0.0.33", victim, "guess seven")).toBe(429);
    // ...and the neighbour is still not affected, from any of those addresses.
    expect(await attempt("127.0.0.31", neighbour, PASSWORD)).toBe(200);
  });

  it("one address spraying many accounts is stopped by its own generous limit; another address is not", async () => {
    const neighbour = (await buildUser(server().url, "Nia Neighbour")).user!.email;
    const sprayer = "127.0.0.99";
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await attempt(sprayer, `nobody.${i}@example.org`, "guess"));
    expect(statuses).toEqual(Array(12).fill(401));
    expect(await attempt(sprayer, neighbour, PASSWORD)).toBe(429);
    // Another address is not affected.
    expect(await attempt("127.0.0.100", neighbour, PASSWORD)).toBe(200);
  });

  it("hammering one locked pair does not use up the address's limit", async () => {
    const victim = (await buildUser(server().url, "Val Victim")).user!.email;
    const neighbour = (await buildUser(server().url, "Nat Neighbour")).user!.email;
    const office = "127.0.0.50";
    for (let i = 0; i < 3; i++) expect(await attempt(office, victim, `guess ${i}`)).toBe(401);
    // Far more refused attempts than the address's limit of 12.
    for (let i = 0; i < 15; i++) expect(await attempt(office, victim, `more ${i}`)).toBe(429);
    expect(await attempt(office, neighbour, PASSWORD)).toBe(200);
  });
});
