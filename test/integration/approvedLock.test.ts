import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";

/** Issue 15, defect 4: approved means locked, and every rename and move is in the activity log. */
describe("approved recommendations are locked, and the activity log is complete", () => {
  const server = useServer();

  async function transition(lead: ApiClient, briefId: string, recId: string, steps: string[]) {
    for (const to of steps) {
      const res = await lead.post(`/api/briefs/${briefId}/recommendations/${recId}/transitions`, { to });
      expect(res.status).toBe(200);
    }
  }

  /** The recommendations' titles as the Markdown export of the approved ones prints them. */
  async function exportedTitles(lead: ApiClient, briefId: string): Promise<string[]> {
    const res = await lead.get(`/api/briefs/${briefId}/export?format=md&statuses=approved`);
    expect(res.status).toBe(200);
    return String(res.body)
      .split("\n")
      .filter((line) => line.startsWith("### "))
      .map((line) => line.slice(4));
  }

  /** What a user reads of the log: kind, who, and exactly what changed, newest first. */
  async function log(client: ApiClient, briefId: string, query = "") {
    const res = await client.get(`/api/briefs/${briefId}/activity?limit=200${query}`);
    expect(res.status).toBe(200);
    return res.body.activity.map((a: any) => [a.type, a.actor.name, a.recommendationId, a.data]);
  }

  it("answers 409 naming the field to a rename or move of an approved recommendation, changes nothing, and allows both once a lead reopens it", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const energy = await buildSector(lead, brief.id, "Energy");
    const transport = await buildSector(lead, brief.id, "Transport");
    const grid = await buildRecommendation(editor, brief.id, energy.id, "Grid links");
    await buildRecommendation(editor, brief.id, energy.id, "Carbon price");
    await transition(lead, brief.id, grid.id, ["in_review", "approved"]);
    const path = `/api/briefs/${brief.id}/recommendations/${grid.id}`;

    // The same values again change nothing, so they are no conflict (a form that saves every field).
    const unchanged = await editor.patch(path, { title: "Grid links", sectorId: energy.id, position: 0 });
    expect(unchanged.status).toBe(200);
    const before = (await lead.get(path)).body.recommendation;
    expect(before).toMatchObject({ title: "Grid links", sectorId: energy.id, position: 0, status: "approved" });
    const logBefore = await log(lead, brief.id);

    const refusals: Array<[unknown, string, string]> = [
      [{ title: "Grid links, renamed" }, "title", "rename it"],
      [{ sectorId: transport.id }, "sectorId", "move it to another sector"],
      [{ position: 1 }, "position", "change its place in the sector"],
      // A rename hidden behind an allowed change is refused all the same.
      [{ ownerId: lead.user!.id, title: "Grid links, renamed" }, "title", "rename it"],
    ];
    for (const client of [editor, lead]) {
      for (const [patch, field, words] of refusals) {
        const res = await client.patch(path, patch);
        expect([res.status, res.body]).toEqual([
          409,
          {
            error: {
              code: "recommendation_approved",
              field,
              message: `This recommendation is approved: a lead must reopen it before anyone can ${words}.`,
            },
          },
        ]);
      }
    }
    // Permission comes before the lock: a reviewer may never rename.
    expect((await reviewer.patch(path, { title: "Grid links, renamed" })).status).toBe(403);

    expect((await lead.get(path)).body.recommendation).toEqual(before);
    expect(await log(lead, brief.id)).toEqual(logBefore);
    // The export prints the approved title: the refused rename left no trace in it.
    expect(await exportedTitles(lead, brief.id)).toEqual(["Grid links"]);

    // The lead reopens it: title, sector and order change again, each one logged.
    await transition(lead, brief.id, grid.id, ["draft"]);
    const renamed = await editor.patch(path, { title: "Cross-border grid links" });
    expect(renamed.status).toBe(200);
    const moved = await editor.patch(path, { sectorId: transport.id });
    expect(moved.body.recommendation).toMatchObject({
      title: "Cross-border grid links",
      sectorId: transport.id,
      position: 0,
    });
    const reordered = await lead.patch(path, { position: 2 });
    expect(reordered.body.recommendation).toMatchObject({ sectorId: transport.id, position: 2 });

    expect((await log(lead, brief.id, `&recommendationId=${grid.id}`)).slice(0, 4)).toEqual([
      [
        "recommendation.moved",
        "Lena Lead",
        grid.id,
        {
          from: { sectorId: transport.id, sectorName: "Transport", position: 0 },
          to: { sectorId: transport.id, sectorName: "Transport", position: 2 },
        },
      ],
      [
        "recommendation.moved",
        "Ed Editor",
        grid.id,
        {
          from: { sectorId: energy.id, sectorName: "Energy", position: 0 },
          to: { sectorId: transport.id, sectorName: "Transport", position: 0 },
        },
      ],
      ["recommendation.renamed", "Ed Editor", grid.id, { from: "Grid links", to: "Cross-border grid links" }],
      ["status.changed", "Lena Lead", grid.id, { from: "approved", to: "draft", note: null }],
    ]);

    // Approved again, the new title is the one exported.
    await transition(lead, brief.id, grid.id, ["in_review", "approved"]);
    expect((await editor.patch(path, { title: "Something else" })).status).toBe(409);
    expect(await exportedTitles(lead, brief.id)).toEqual(["Cross-border grid links"]);
  });

  it("logs report imports, sector changes and membership changes for the whole brief", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const member = await buildUser(server().url, "Mo Member");
    const brief = await buildBrief(lead);
    const energy = await buildSector(lead, brief.id, "Energy");
    const transport = await buildSector(lead, brief.id, "Transport");
    const tourism = await buildSector(lead, brief.id, "Tourism");
    const sectors = `/api/briefs/${brief.id}/sectors`;
    expect((await lead.patch(`${sectors}/${energy.id}`, { name: "Energy and grids" })).status).toBe(200);
    // Moving Transport up swaps two places: each sector's move is its own entry.
    expect((await lead.patch(`${sectors}/${transport.id}`, { position: 0 })).status).toBe(200);
    expect((await lead.patch(`${sectors}/${energy.id}`, { position: 1 })).status).toBe(200);
    // A new description alone is not a rename or a move.
    expect((await lead.patch(`${sectors}/${energy.id}`, { description: "Power and pipelines" })).status).toBe(200);
    expect((await lead.delete(`${sectors}/${tourism.id}`)).status).toBe(204);
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Grid study",
      format: "text",
      content: "Introduction\n\nCross-border links cut prices by a fifth.",
    });
    expect(imported.status).toBe(201);
    await addMember(lead, member, brief.id, "editor");
    // A sector still holding a recommendation is not deleted, and nothing is logged for it.
    await buildRecommendation(member, brief.id, transport.id, "Rail freight");
    expect((await lead.delete(`${sectors}/${transport.id}`)).status).toBe(409);
    const members = `/api/briefs/${brief.id}/members/${member.user!.id}`;
    expect((await lead.patch(members, { role: "reviewer" })).status).toBe(200);
    // The same role again is no change.
    expect((await lead.patch(members, { role: "reviewer" })).status).toBe(200);
    expect((await lead.delete(members)).status).toBe(204);

    const briefLog = (await log(lead, brief.id)).filter(([type]: [string]) => type !== "recommendation.created");
    expect(briefLog).toEqual([
      ["member.removed", "Lena Lead", null, { userId: member.user!.id, name: "Mo Member", role: "reviewer" }],
      [
        "member.role_changed",
        "Lena Lead",
        null,
        { userId: member.user!.id, name: "Mo Member", from: "editor", to: "reviewer" },
      ],
      ["member.joined", "Mo Member", null, { userId: member.user!.id, name: "Mo Member", role: "editor" }],
      ["report.imported", "Lena Lead", null, { reportId: imported.body.report.id, title: "Grid study" }],
      ["sector.deleted", "Lena Lead", null, { sectorId: tourism.id, name: "Tourism" }],
      ["sector.moved", "Lena Lead", null, { sectorId: energy.id, name: "Energy and grids", from: 0, to: 1 }],
      ["sector.moved", "Lena Lead", null, { sectorId: transport.id, name: "Transport", from: 1, to: 0 }],
      ["sector.renamed", "Lena Lead", null, { sectorId: energy.id, from: "Energy", to: "Energy and grids" }],
      ["sector.created", "Lena Lead", null, { sectorId: tourism.id, name: "Tourism" }],
      ["sector.created", "Lena Lead", null, { sectorId: transport.id, name: "Transport" }],
      ["sector.created", "Lena Lead", null, { sectorId: energy.id, name: "Energy" }],
    ]);
    // Only the members of the brief read it: the removed member no longer does.
    expect((await member.get(`/api/briefs/${brief.id}/activity`)).status).toBe(404);
  });
});
