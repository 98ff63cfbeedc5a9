import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { anchorOn, openEditor, paragraphText, writeBody } from "./reviewSupport.js";

const NO_CLAIMS = { mismatch: 0, unsupported: 0, notFound: 0, inconsistent: 0 };

describe("the brief's dashboard", () => {
  const server = useServer({ citationDebounceMs: 20 });

  async function move(lead: ApiClient, briefId: string, recId: string, steps: string[]) {
    for (const to of steps) {
      const res = await lead.post(`/api/briefs/${briefId}/recommendations/${recId}/transitions`, { to });
      expect(res.status).toBe(200);
    }
  }

  it("counts recommendations by status, open threads and uncited recommendations per sector and in total", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    const energy = await buildSector(lead, brief.id, "Energy");
    const manufacturing = await buildSector(lead, brief.id, "Manufacturing");
    const tourism = await buildSector(lead, brief.id, "Tourism");
    const report = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Notes",
      format: "text",
      content: "Introduction\n\nCross-border grid links cut prices by a fifth.",
    });
    expect(report.status).toBe(201);
    const evidence = (await lead.get(`/api/briefs/${brief.id}/evidence?q=grid`)).body.evidence;
    expect(evidence).toHaveLength(1);

    const grid = await buildRecommendation(lead, brief.id, energy.id, "Grid links");
    const carbon = await buildRecommendation(lead, brief.id, energy.id, "Carbon price");
    const hydrogen = await buildRecommendation(lead, brief.id, energy.id, "Hydrogen");
    const steel = await buildRecommendation(lead, brief.id, manufacturing.id, "Steel");
    await buildRecommendation(lead, brief.id, manufacturing.id, "Cement");
    await move(lead, brief.id, carbon.id, ["in_review"]);
    await move(lead, brief.id, hydrogen.id, ["in_review", "approved"]);
    await move(lead, brief.id, steel.id, ["in_review", "changes_requested"]);

    // "Grid links" cites the evidence; the others cite nothing.
    const gridEditor = await openEditor(server(), lead, grid.id);
    const citation = new Y.XmlElement("citation");
    citation.setAttribute("evidenceId", evidence[0].id);
    const cited = new Y.XmlElement("paragraph");
    cited.insert(0, [new Y.XmlText("Link the grids now "), citation]);
    gridEditor.body.insert(0, [cited]);
    await eventually(async () => {
      const rec = await lead.get(`/api/briefs/${brief.id}/recommendations/${grid.id}`);
      expect(rec.body.recommendation.citedEvidenceIds).toEqual([evidence[0].id]);
    });

    // Two open threads and a resolved one on "Grid links", one open thread on "Steel".
    const onGrid = (start: number, end: number, quote: string) =>
      lead.post(`/api/briefs/${brief.id}/recommendations/${grid.id}/threads`, {
        anchor: anchorOn(paragraphText(gridEditor), start, end),
        quote,
        body: "Check this.",
      });
    expect((await onGrid(0, 4, "Link")).status).toBe(201);
    expect((await onGrid(9, 14, "grids")).status).toBe(201);
    const resolved = await onGrid(15, 18, "now");
    const steelEditor = await writeBody(server(), lead, steel.id, "Green steel quotas");
    const onSteel = await lead.post(`/api/briefs/${brief.id}/recommendations/${steel.id}/threads`, {
      anchor: anchorOn(paragraphText(steelEditor), 0, 5),
      quote: "Green",
      body: "Which?",
    });
    expect(onSteel.status).toBe(201);
    const resolving = await lead.patch(
      `/api/briefs/${brief.id}/recommendations/${grid.id}/threads/${resolved.body.thread.id}`,
      { status: "resolved" },
    );
    expect(resolving.status).toBe(200);

    const dashboard = await lead.get(`/api/briefs/${brief.id}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.sectors).toEqual([
      {
        sectorId: energy.id,
        name: "Energy",
        counts: { draft: 1, in_review: 1, changes_requested: 0, approved: 1 },
        openThreads: 2,
        withoutCitations: 2,
        claims: NO_CLAIMS,
      },
      {
        sectorId: manufacturing.id,
        name: "Manufacturing",
        counts: { draft: 1, in_review: 0, changes_requested: 1, approved: 0 },
        openThreads: 1,
        withoutCitations: 2,
        claims: NO_CLAIMS,
      },
      {
        sectorId: tourism.id,
        name: "Tourism",
        counts: { draft: 0, in_review: 0, changes_requested: 0, approved: 0 },
        openThreads: 0,
        withoutCitations: 0,
        claims: NO_CLAIMS,
      },
    ]);
    expect(dashboard.body.totals).toEqual({
      counts: { draft: 2, in_review: 1, changes_requested: 1, approved: 1 },
      openThreads: 3,
      withoutCitations: 4,
      claims: NO_CLAIMS,
    });
    // Issue 19: each recommendation's open figure findings (these bodies state no figures).
    expect(dashboard.body.recommendations).toHaveLength(5);
    for (const entry of dashboard.body.recommendations) expect(entry.claims).toEqual(NO_CLAIMS);
    // 5 created, 5 status changes, 4 threads, 1 resolved: the 10 newest, newest first.
    expect(dashboard.body.recentActivity.map((a: any) => [a.type, a.recommendationTitle])).toEqual([
      ["thread.resolved", "Grid links"],
      ["thread.created", "Steel"],
      ["thread.created", "Grid links"],
      ["thread.created", "Grid links"],
      ["thread.created", "Grid links"],
      ["status.changed", "Steel"],
      ["status.changed", "Steel"],
      ["status.changed", "Hydrogen"],
      ["status.changed", "Hydrogen"],
      ["status.changed", "Carbon price"],
    ]);
    expect(dashboard.body.recentActivity[0]).toEqual({
      id: expect.any(String),
      type: "thread.resolved",
      recommendationId: grid.id,
      recommendationTitle: "Grid links",
      actor: { userId: lead.user!.id, name: "Lena Lead" },
      data: { threadId: resolved.body.thread.id, quote: "now" },
      createdAt: expect.any(String),
    });
  });

  it("validates the activity query and answers 400 naming the field", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=lots", "limit"],
      ["limit=201", "limit"],
      ["recommendationId=../x", "recommendationId"],
    ]) {
      const res = await lead.get(`/api/briefs/${brief.id}/activity?${query}`);
      expect([query, res.status, res.body.error.field]).toEqual([query, 400, field]);
    }
    expect((await lead.get(`/api/briefs/${brief.id}/activity?limit=1`)).body.activity).toEqual([]);
  });
});
