import { describe, expect, it } from "vitest";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { useServer } from "../helpers/startServer.js";

/** Issue 16: where a recommendation moved to another sector goes is one rule, in commands/recommendations.ts. */
describe("a recommendation moved to another sector without a position", () => {
  const server = useServer();

  it("goes after the highest position there, even past a gap a deletion left, and two moves in a row keep distinct positions", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    const energy = await buildSector(lead, brief.id, "Energy");
    const farming = await buildSector(lead, brief.id, "Farming");
    await buildRecommendation(editor, brief.id, farming.id, "Soil survey");
    const doomed = await buildRecommendation(editor, brief.id, farming.id, "Doomed");
    await buildRecommendation(editor, brief.id, farming.id, "Water rights");
    const grid = await buildRecommendation(editor, brief.id, energy.id, "Grid links");
    const storage = await buildRecommendation(editor, brief.id, energy.id, "Gas storage");
    const placesIn = async (sectorId: string) =>
      (await lead.get(`/api/briefs/${brief.id}/recommendations?sectorId=${sectorId}`)).body.recommendations.map(
        (r: { title: string; position: number }) => [r.title, r.position],
      );
    expect(await placesIn(farming.id)).toEqual([
      ["Soil survey", 0],
      ["Doomed", 1],
      ["Water rights", 2],
    ]);

    // Farming keeps positions 0 and 2: two recommendations, so the count (2) is a position already taken.
    expect((await lead.delete(`/api/briefs/${brief.id}/recommendations/${doomed.id}`)).status).toBe(204);

    const movedGrid = await editor.patch(`/api/briefs/${brief.id}/recommendations/${grid.id}`, {
      sectorId: farming.id,
    });
    expect(movedGrid.status).toBe(200);
    expect(movedGrid.body.recommendation).toMatchObject({ sectorId: farming.id, position: 3 });
    const movedStorage = await editor.patch(`/api/briefs/${brief.id}/recommendations/${storage.id}`, {
      sectorId: farming.id,
    });
    expect(movedStorage.status).toBe(200);
    expect(movedStorage.body.recommendation).toMatchObject({ sectorId: farming.id, position: 4 });

    expect(await placesIn(farming.id)).toEqual([
      ["Soil survey", 0],
      ["Water rights", 2],
      ["Grid links", 3],
      ["Gas storage", 4],
    ]);
  });

  it("goes to position 0 in an empty sector, and to the position it is given when one is given", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    const energy = await buildSector(lead, brief.id, "Energy");
    const empty = await buildSector(lead, brief.id, "Transport");
    const farming = await buildSector(lead, brief.id, "Farming");
    await buildRecommendation(lead, brief.id, energy.id, "Grid links");
    const rec = await buildRecommendation(lead, brief.id, energy.id, "Rail freight");
    await buildRecommendation(lead, brief.id, farming.id, "Soil survey");

    const intoEmpty = await lead.patch(`/api/briefs/${brief.id}/recommendations/${rec.id}`, { sectorId: empty.id });
    expect(intoEmpty.body.recommendation).toMatchObject({ sectorId: empty.id, position: 0 });
    const placed = await lead.patch(`/api/briefs/${brief.id}/recommendations/${rec.id}`, {
      sectorId: farming.id,
      position: 7,
    });
    expect(placed.body.recommendation).toMatchObject({ sectorId: farming.id, position: 7 });
  });
});
