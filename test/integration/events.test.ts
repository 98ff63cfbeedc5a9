import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "@accord/protocol";
import { addMember, ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { useServer } from "../helpers/startServer.js";

describe("events: socket.io notifications by permission", () => {
  const server = useServer();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  async function open(client: ApiClient) {
    const socket = await connectEvents(client);
    sockets.push(socket);
    return socket;
  }

  it("refuses a connection without a session", async () => {
    await expect(connectEvents(new ApiClient(server().url))).rejects.toThrow("unauthenticated");
  });

  it("tells members of a brief what changed, and a non-member nothing", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const outsider = await buildUser(server().url, "Oscar Outsider");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const sector = await buildSector(lead, brief.id);

    const editorSocket = await open(editor);
    const outsiderSocket = await open(outsider);
    expect(await emitWithAck(editorSocket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    expect(await emitWithAck(outsiderSocket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({
      error: { code: "not_found", message: "No such brief." },
    });
    expect(await emitWithAck(outsiderSocket, ClientEvent.BriefJoin, { briefId: "../../etc" })).toEqual({
      error: {
        code: "invalid",
        message: "The brief in this link is not one Accord knows: open it from your list of briefs.",
      },
    });

    const seenByEditor: unknown[] = [];
    const seenByOutsider: Array<[string, unknown]> = [];
    editorSocket.on(ServerEvent.RecommendationCreated, (event) => seenByEditor.push(event));
    outsiderSocket.onAny((name, event) => seenByOutsider.push([name, event]));

    const rec = await buildRecommendation(lead, brief.id, sector.id, "Grid links");
    await eventually(() =>
      expect(seenByEditor).toEqual([
        {
          type: "recommendation.created",
          briefId: brief.id,
          id: rec.id,
          sectorId: sector.id,
          status: "draft",
          updatedAt: expect.any(String),
        },
      ]),
    );
    // The outsider's socket gets nothing about this brief. A later event to the outsider's own
    // brief proves its socket was listening the whole time.
    const ownBrief = await buildBrief(outsider, "Own brief");
    await emitWithAck(outsiderSocket, ClientEvent.BriefJoin, { briefId: ownBrief.id });
    await buildSector(outsider, ownBrief.id, "Own sector");
    await eventually(() => expect(seenByOutsider.some(([name]) => name === ServerEvent.SectorsUpdated)).toBe(true));
    expect(JSON.stringify(seenByOutsider)).not.toContain(brief.id);
  });

  it("announces role changes with member.updated, and a removed member stops hearing about the brief", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const viewer = await buildUser(server().url, "Vic Viewer");
    const brief = await buildBrief(lead);
    await addMember(lead, viewer, brief.id, "viewer");
    const leadSocket = await open(lead);
    const viewerSocket = await open(viewer);
    await emitWithAck(leadSocket, ClientEvent.BriefJoin, { briefId: brief.id });
    await emitWithAck(viewerSocket, ClientEvent.BriefJoin, { briefId: brief.id });
    const leadSaw: unknown[] = [];
    const viewerSaw: string[] = [];
    leadSocket.on(ServerEvent.MemberUpdated, (event) => leadSaw.push(event));
    viewerSocket.onAny((name: string) => viewerSaw.push(name));

    await lead.patch(`/api/briefs/${brief.id}/members/${viewer.user!.id}`, { role: "reviewer" });
    await eventually(() =>
      expect(leadSaw).toEqual([
        { type: "member.updated", briefId: brief.id, userId: viewer.user!.id, role: "reviewer" },
      ]),
    );
    await lead.delete(`/api/briefs/${brief.id}/members/${viewer.user!.id}`);
    await eventually(() => expect(leadSaw).toHaveLength(2));
    expect(leadSaw[1]).toEqual({ type: "member.updated", briefId: brief.id, userId: viewer.user!.id, role: null });
    const countAfterRemoval = viewerSaw.length;
    await buildSector(lead, brief.id, "After removal");
    await lead.patch(`/api/briefs/${brief.id}`, { title: "Renamed after removal" });
    // The lead hears about both; by then the removed member would have too.
    const leadBriefUpdates: unknown[] = [];
    leadSocket.on(ServerEvent.BriefUpdated, (e) => leadBriefUpdates.push(e));
    await lead.patch(`/api/briefs/${brief.id}`, { title: "Renamed twice" });
    await eventually(() => expect(leadBriefUpdates).toHaveLength(1));
    expect(viewerSaw.slice(countAfterRemoval).filter((n) => n !== ServerEvent.PresenceUpdated)).toEqual([]);
  });

  it("serves socket.io's long-polling transport as well as WebSocket", async () => {
    const lead = await buildUser(server().url, "Polly Polling");
    const brief = await buildBrief(lead);
    const socket = await connectEvents(lead, ["polling"]);
    sockets.push(socket);
    expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    const seen: unknown[] = [];
    socket.on(ServerEvent.SectorsUpdated, (event) => seen.push(event));
    await buildSector(lead, brief.id, "Polled");
    await eventually(() => expect(seen).toEqual([{ type: "sectors.updated", briefId: brief.id }]));
    expect((await lead.get("/api/health")).status).toBe(200);
  });

  it("shows who is in the brief with presence.updated", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const leadSocket = await open(lead);
    const presence: Array<{ users: Array<{ name: string }> }> = [];
    leadSocket.on(ServerEvent.PresenceUpdated, (event) => presence.push(event));
    await emitWithAck(leadSocket, ClientEvent.BriefJoin, { briefId: brief.id });
    const editorSocket = await open(editor);
    await emitWithAck(editorSocket, ClientEvent.BriefJoin, { briefId: brief.id });
    await eventually(() =>
      expect(
        presence
          .at(-1)!
          .users.map((u) => u.name)
          .sort(),
      ).toEqual(["Ed Editor", "Lena Lead"]),
    );
    editorSocket.disconnect();
    await eventually(() => expect(presence.at(-1)!.users.map((u) => u.name)).toEqual(["Lena Lead"]));
  });

  it("announces bibliography sources and citation changes to the brief's members, and to no one else", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const viewer = await buildUser(server().url, "Vic Viewer");
    const outsider = await buildUser(server().url, "Oscar Outsider");
    const brief = await buildBrief(lead);
    await addMember(lead, viewer, brief.id, "viewer");
    const viewerSocket = await open(viewer);
    const outsiderSocket = await open(outsider);
    expect(await emitWithAck(viewerSocket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    const seen: Array<[string, unknown]> = [];
    const seenByOutsider: string[] = [];
    viewerSocket.onAny((name: string, event: unknown) => {
      if (name === ServerEvent.SourceUpdated || name === ServerEvent.CitationUpdated) seen.push([name, event]);
    });
    outsiderSocket.onAny((name: string) => seenByOutsider.push(name));

    const added = await lead.post(`/api/briefs/${brief.id}/sources`, {
      csl: { type: "book", title: "Harbours of the North" },
    });
    expect(added.status).toBe(201);
    const sourceId = added.body.sources[0].id as string;
    const cited = await lead.post(`/api/briefs/${brief.id}/citations`, { sourceId, locator: "p. 4" });
    expect(cited.status).toBe(201);
    const changed = await lead.patch(`/api/briefs/${brief.id}/citations/${cited.body.citation.id}`, {
      locator: "p. 5",
    });
    expect(changed.status).toBe(200);
    await eventually(() =>
      expect(seen).toEqual([
        [
          ServerEvent.SourceUpdated,
          { type: "source.updated", briefId: brief.id, sourceIds: [sourceId], change: "created" },
        ],
        [
          ServerEvent.CitationUpdated,
          {
            type: "citation.updated",
            briefId: brief.id,
            citationId: cited.body.citation.id,
            updatedAt: expect.any(String),
          },
        ],
        [
          ServerEvent.CitationUpdated,
          {
            type: "citation.updated",
            briefId: brief.id,
            citationId: cited.body.citation.id,
            updatedAt: changed.body.citation.updatedAt,
          },
        ],
      ]),
    );
    expect(seenByOutsider).toEqual([]);
  });
});
