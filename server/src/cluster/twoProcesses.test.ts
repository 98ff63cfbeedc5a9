import { skippedUnless } from "../../../test/helpers/skipped.js";
import http from "node:http";
import { ClientEvent, CloseCode, formatRoomName, ServerEvent } from "@accord/protocol";
import type { Socket } from "socket.io-client";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ApiClient,
  addMember,
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  PASSWORD,
} from "../../../test/helpers/api.js";
import { eventually } from "../../../test/helpers/eventually.js";
import { connectEvents, emitWithAck } from "../../../test/helpers/events.js";
import { openRawDocumentSocket } from "../../../test/helpers/rawDocumentSocket.js";
import { redisServerMissing, type TestRedis } from "../../../test/helpers/redisServer.js";
import type { TestServer } from "../../../test/helpers/startServer.js";
import { useTwoProcesses } from "../../../test/helpers/twoProcesses.js";
import { createLogger } from "../logger.js";
import { leaseName, RedisLeases } from "./Leases.js";
import { connectRedis } from "./redis.js";

/**
 * Two Accord servers in one test process, as two processes would run: each with its own store
 * connection to ONE data directory's SQLite file and its own Redis link. What one of them
 * decides about access reaches sockets the other holds (ControlChannel X1–X3), socket.io events
 * cross (the Redis adapter), and the login limits count on both.
 */

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED server/src/cluster/twoProcesses.test.ts: ${missing}`);

type Node = TestServer;

describe.skipIf(missing !== null)(skippedUnless("two processes, one Redis, one SQLite file", missing), () => {
  const { started, cleanups } = useTwoProcesses("accord-two-processes-", {
    loginRateLimit: 3,
    // Every presence list these tests see is one a change caused (the settle has its own test).
    presenceSettleMs: 0,
  });
  let redis: TestRedis;
  let one: Node;
  let two: Node;
  beforeAll(() => {
    ({ redis, one, two } = started());
  });

  /** The same person's session used against the other server (the cookie is the session). */
  function on(node: Node, client: ApiClient): ApiClient {
    const other = new ApiClient(node.url);
    other.cookie = client.cookie;
    other.user = client.user;
    return other;
  }

  async function team() {
    const lead = await buildUser(one.url, "Lena Lead");
    const editor = await buildUser(one.url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    return { lead, editor, brief, rec };
  }

  function openDocument(node: Node, client: ApiClient, recommendationId: string) {
    const base = `${node.url.replace(/^http/, "ws")}/collab`;
    return openRawDocumentSocket(base, recommendationId, client.cookie, (cleanup) => cleanups.push(cleanup));
  }

  async function openEvents(node: Node, client: ApiClient): Promise<Socket> {
    const socket = await connectEvents(on(node, client));
    cleanups.push(() => socket.disconnect());
    return socket;
  }

  it("a member removed on server 1 loses the document socket open on server 2 (AccessRevoked)", async () => {
    const { lead, editor, brief, rec } = await team();
    const leadsDocument = await openDocument(two, lead, rec.id);
    const editorsDocument = await openDocument(two, editor, rec.id);
    expect((await lead.delete(`/api/briefs/${brief.id}/members/${editor.user!.id}`)).status).toBe(204);
    expect((await editorsDocument.closed).code).toBe(CloseCode.AccessRevoked);
    expect(leadsDocument.socket.readyState).toBe(leadsDocument.socket.OPEN);
  });

  it("a role changed to reviewer on server 1 closes the document socket on server 2 with PermissionsChanged", async () => {
    const { lead, editor, brief, rec } = await team();
    const editorsDocument = await openDocument(two, editor, rec.id);
    const changed = await lead.patch(`/api/briefs/${brief.id}/members/${editor.user!.id}`, { role: "reviewer" });
    expect(changed.status).toBe(200);
    expect((await editorsDocument.closed).code).toBe(CloseCode.PermissionsChanged);
  });

  it("an approval on server 1 closes the editor's document socket on server 2 with PermissionsChanged", async () => {
    const { lead, editor, brief, rec } = await team();
    const editorsDocument = await openDocument(two, editor, rec.id);
    const transitions = `/api/briefs/${brief.id}/recommendations/${rec.id}/transitions`;
    expect((await lead.post(transitions, { to: "in_review" })).status).toBe(200);
    expect(editorsDocument.socket.readyState).toBe(editorsDocument.socket.OPEN);
    expect((await lead.post(transitions, { to: "approved" })).status).toBe(200);
    expect((await editorsDocument.closed).code).toBe(CloseCode.PermissionsChanged);
  });

  it("a logout on server 1 closes that session's sockets on server 2, and only those", async () => {
    const { lead, editor, rec } = await team();
    const leadsDocument = await openDocument(two, lead, rec.id);
    const editorsDocument = await openDocument(two, editor, rec.id);
    const editorsEvents = await openEvents(two, editor);
    const ended: unknown[] = [];
    editorsEvents.on(ServerEvent.SessionEnded, (event) => ended.push(event));
    expect((await editor.post("/api/auth/logout")).status).toBe(204);
    expect((await editorsDocument.closed).code).toBe(CloseCode.AccessRevoked);
    await eventually(() => expect(ended).toEqual([{ type: ServerEvent.SessionEnded, reason: "logout" }]));
    await eventually(() => expect(editorsEvents.connected).toBe(false));
    expect(leadsDocument.socket.readyState).toBe(leadsDocument.socket.OPEN);
  });

  it("socket.io events reach a client connected to the other server, and a member removed there stops hearing them", async () => {
    const { lead, editor, brief } = await team();
    const leadsEvents = await openEvents(one, lead);
    const editorsEvents = await openEvents(two, editor);
    expect(await emitWithAck(leadsEvents, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    expect(await emitWithAck(editorsEvents, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    const editorSaw: Array<[string, unknown]> = [];
    editorsEvents.onAny((name: string, event: unknown) => editorSaw.push([name, event]));
    const leadSaw: unknown[] = [];
    leadsEvents.on(ServerEvent.BriefUpdated, (event) => leadSaw.push(event));

    // An event from server 1 reaches the editor on server 2.
    expect((await lead.patch(`/api/briefs/${brief.id}`, { title: "Renamed on one" })).status).toBe(200);
    await eventually(() =>
      expect(editorSaw.filter(([name]) => name === ServerEvent.BriefUpdated).map(([, event]) => event)).toEqual([
        { type: ServerEvent.BriefUpdated, briefId: brief.id, updatedAt: expect.any(String) },
      ]),
    );
    // Presence spans both servers: each sees both people.
    const presence: Array<{ users: Array<{ name: string }> }> = [];
    leadsEvents.on(ServerEvent.PresenceUpdated, (event) => presence.push(event));
    await emitWithAck(leadsEvents, ClientEvent.BriefJoin, { briefId: brief.id });
    await eventually(() =>
      expect(
        presence
          .at(-1)
          ?.users.map((user) => user.name)
          .sort(),
      ).toEqual(["Ed Editor", "Lena Lead"]),
    );

    // Server 1 reads the room across both; no session token travels with the sockets it is sent.
    const inRoom = await one.server.events.io.in(formatRoomName({ kind: "brief", briefId: brief.id })).fetchSockets();
    expect(inRoom.map((socket) => socket.data.user.name).sort()).toEqual(["Ed Editor", "Lena Lead"]);
    expect(inRoom.map((socket) => socket.handshake.headers.cookie)).toEqual([undefined, undefined]);

    // Removed on server 1: the editor's socket on server 2 leaves the brief's rooms.
    const heardBefore = editorSaw.length;
    expect((await lead.delete(`/api/briefs/${brief.id}/members/${editor.user!.id}`)).status).toBe(204);
    await eventually(() => expect(presence.at(-1)?.users.map((user) => user.name)).toEqual(["Lena Lead"]));
    expect((await on(two, lead).patch(`/api/briefs/${brief.id}`, { title: "Renamed on two" })).status).toBe(200);
    expect((await lead.patch(`/api/briefs/${brief.id}`, { title: "Renamed on one again" })).status).toBe(200);
    await eventually(() => expect(leadSaw).toHaveLength(3));
    // Nothing about the brief from the removal on: not the removal, nor its activity. Presence is
    // read again presenceSettleMs after a join; a reading taken before the removal lists the
    // editor (sent while still a member) and may arrive through Redis after heardBefore was taken.
    const sentWhileMember = ([name, event]: [string, unknown]) =>
      name === ServerEvent.PresenceUpdated &&
      (event as { users: Array<{ name: string }> }).users.some((user) => user.name === "Ed Editor");
    expect(editorSaw.slice(heardBefore).filter((heard) => !sentWhileMember(heard))).toEqual([]);
  });

  it("a report import in progress on another process refuses a second one into the brief (409 import_in_progress)", async () => {
    const { lead, brief } = await team();
    const logger = createLogger("silent");
    const link = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    try {
      // A third process holds the brief's import claim while the test keeps its import running.
      let finish!: () => void;
      const running = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let claimed!: () => void;
      const hasClaim = new Promise<void>((resolve) => {
        claimed = resolve;
      });
      const elsewhere = new RedisLeases({ redis: link.command, logger }).run(
        leaseName.reportImport(brief.id),
        async () => {
          claimed();
          await running;
        },
      );
      await hasClaim;
      const report = { title: "Field notes", format: "text", content: "Grid links across the border." };
      for (const node of [one, two]) {
        const refused = await on(node, lead).post(`/api/briefs/${brief.id}/reports`, report);
        expect([refused.status, refused.body.error.code]).toEqual([409, "import_in_progress"]);
      }
      finish();
      expect(await elsewhere).toEqual({ ran: true, value: undefined });
      expect((await on(two, lead).post(`/api/briefs/${brief.id}/reports`, report)).status).toBe(201);
      expect((await lead.get(`/api/briefs/${brief.id}/reports`)).body.reports).toHaveLength(1);
    } finally {
      await link.close();
    }
  });

  it("failed logins on server 1 count on server 2: the limit is exact across both", async () => {
    const victim = await buildUser(one.url, "Vera Victim");
    const email = victim.user!.email;
    const attempt = async (node: Node, password: string) =>
      (await new ApiClient(node.url).post("/api/auth/login", { email, password })).status;
    // loginRateLimit 3 per address and account: two failures on one, one on two, then both refuse.
    expect([
      await attempt(one, "guess one"),
      await attempt(one, "guess two"),
      await attempt(two, "guess three"),
    ]).toEqual([401, 401, 401]);
    expect(await attempt(two, "guess four")).toBe(429);
    expect(await attempt(one, PASSWORD)).toBe(429);
    expect(await attempt(two, PASSWORD)).toBe(429);
  });

  it("failed signups count across both servers too (per address: this one from its own)", async () => {
    /** A signup from `from`: all of 127.0.0.0/8 is loopback, so this address is this test's alone. */
    const signup = (node: Node, from: string, email: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email, name: "Sam Signup", password: PASSWORD });
        const req = http.request(
          `${node.url}/api/auth/signup`,
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
    const from = "127.0.0.9";
    // Not an address: refused (400), and counted. loginRateLimit (3) bounds failed signups.
    expect([
      await signup(one, from, "not-an-address"),
      await signup(two, from, "still-not-one"),
      await signup(one, from, "nor-this"),
    ]).toEqual([400, 400, 400]);
    expect(await signup(two, from, "sam.signup@example.org")).toBe(429);
    // Another address is not affected.
    expect(await signup(two, "127.0.0.10", "sam.signup@example.org")).toBe(201);
  });
});
