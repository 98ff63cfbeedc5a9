import { describe, expect, it } from "vitest";
import { buildBrief, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { citationNode, paragraph } from "../helpers/bodyNodes.js";
import { citationTeam, DEMAND, GIGAWATTS, MARKED_TEXT, NOTES, openBody, PAGE_TEXT } from "./citations14Support.js";

/** Citations as server entities: packages/export/CITATIONS.md §2 (and §1's markers on evidence, §3's body nodes). */
describe("citations (issue 14)", () => {
  const server = useServer({ citationDebounceMs: 20 });
  const note = (n: number) => ({ number: n, text: NOTES[n - 1]!.text, urls: NOTES[n - 1]!.urls });

  it("the evidence API answers each passage's markers and where its sources come from", async () => {
    const { editor, brief, marked, paged } = await citationTeam(server());
    const res = await editor.get(`/api/briefs/${brief.id}/evidence?ids=${marked.id},${paged.id}`);
    expect(res.status).toBe(200);
    expect(
      res.body.evidence.map((e: { id: string; sourcesFrom: string; markers: unknown }) => [
        e.id,
        e.sourcesFrom,
        e.markers,
      ]),
    ).toEqual([
      [
        marked.id,
        "markers",
        [
          { number: 1, at: GIGAWATTS.end + 1 },
          { number: 2, at: MARKED_TEXT.length },
        ],
      ],
      [paged.id, "page", []],
    ]);
  });

  it("creates a quoted citation: the range and words stored, its notes the markers inside the quote", async () => {
    const { editor, brief, report, marked } = await citationTeam(server());
    const res = await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id, quote: GIGAWATTS });
    expect(res.status).toBe(201);
    expect(res.body.citation).toEqual({
      id: expect.any(String),
      briefId: brief.id,
      evidenceId: marked.id,
      reportId: report.id,
      quote: GIGAWATTS,
      notes: [1],
      sourceIds: [],
      sourcesChosen: true,
      sourceId: null,
      locator: null,
      createdBy: editor.user!.id,
      createdAt: expect.any(String),
      updatedAt: res.body.citation.createdAt,
    });
    expect(await server().store.getCitations(brief.id, [res.body.citation.id])).toEqual([res.body.citation]);

    // No marker after "Demand rose" (a word follows), and no quote at all: the passage's own notes.
    const noMarker = await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id, quote: DEMAND });
    expect(noMarker.body.citation).toMatchObject({ quote: DEMAND, notes: [1, 2], sourcesChosen: true });
    const whole = await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id });
    expect(whole.body.citation).toMatchObject({ quote: null, notes: [1, 2], sourcesChosen: true });
    // Notes given are kept as given (and are the choice).
    const given = await editor.post(`/api/briefs/${brief.id}/citations`, {
      evidenceId: marked.id,
      quote: GIGAWATTS,
      notes: [2],
    });
    expect(given.body.citation).toMatchObject({ notes: [2], sourcesChosen: true });

    const looked = await editor.get(
      `/api/briefs/${brief.id}/citations?ids=${res.body.citation.id},${whole.body.citation.id}`,
    );
    expect(looked.status).toBe(200);
    expect(looked.body.citations).toEqual([
      {
        ...res.body.citation,
        recommendationId: null,
        passage: {
          text: MARKED_TEXT,
          page: 1,
          section: "Trade",
          reportTitle: "Regional grid outlook",
          sourcesFrom: "markers",
          footnotes: [note(1), note(2)],
        },
        source: null,
      },
      expect.objectContaining({ id: whole.body.citation.id, notes: [1, 2] }),
    ]);
  });

  it("a page-sourced passage's citation starts with no sources chosen; choosing notes or sources marks them chosen", async () => {
    const { editor, brief, paged } = await citationTeam(server());
    const created = await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: paged.id });
    expect(created.status).toBe(201);
    expect(created.body.citation).toMatchObject({
      evidenceId: paged.id,
      notes: [],
      sourceIds: [],
      sourcesChosen: false,
    });
    const id = created.body.citation.id as string;

    const patched = await editor.patch(`/api/briefs/${brief.id}/citations/${id}`, { notes: [4] });
    expect(patched.status).toBe(200);
    expect(patched.body.citation).toMatchObject({ id, notes: [4], sourcesChosen: true });
    // A note of the report that is not the passage's own is a choice too, shown beside the passage's.
    const other = await editor.patch(`/api/briefs/${brief.id}/citations/${id}`, { notes: [3, 1] });
    expect(other.body.citation.notes).toEqual([3, 1]);
    const looked = await editor.get(`/api/briefs/${brief.id}/citations?ids=${id}`);
    expect(looked.body.citations[0].passage).toEqual({
      text: PAGE_TEXT,
      page: 2,
      section: "Trade",
      reportTitle: "Regional grid outlook",
      sourcesFrom: "page",
      footnotes: [note(3), note(4), note(1)],
    });

    const source = await editor.post(`/api/briefs/${brief.id}/sources`, {
      csl: { type: "webpage", title: "Storage map", URL: "https://example.org/map" },
    });
    expect(source.status).toBe(201);
    const fresh = await editor.post(`/api/briefs/${brief.id}/citations`, {
      evidenceId: paged.id,
      sourceIds: [source.body.sources[0].id],
    });
    expect(fresh.body.citation).toMatchObject({
      notes: [],
      sourceIds: [source.body.sources[0].id],
      sourcesChosen: true,
    });
  });

  it("cites a bibliography source directly with a locator, and changes the locator", async () => {
    const { editor, brief } = await citationTeam(server());
    const source = await editor.post(`/api/briefs/${brief.id}/sources`, {
      csl: { type: "book", title: "Grids across borders" },
    });
    const sourceId = source.body.sources[0].id as string;
    const created = await editor.post(`/api/briefs/${brief.id}/citations`, { sourceId, locator: "p. 12" });
    expect(created.status).toBe(201);
    expect(created.body.citation).toMatchObject({
      evidenceId: null,
      reportId: null,
      quote: null,
      sourceId,
      locator: "p. 12",
      sourcesChosen: true,
    });
    const patched = await editor.patch(`/api/briefs/${brief.id}/citations/${created.body.citation.id}`, {
      locator: "chap. 3",
    });
    expect(patched.body.citation.locator).toBe("chap. 3");
    const looked = await editor.get(`/api/briefs/${brief.id}/citations?ids=${created.body.citation.id}`);
    expect(looked.body.citations[0]).toMatchObject({
      passage: null,
      source: { id: sourceId, csl: { type: "book", title: "Grids across borders" } },
    });
  });

  it("answers every bad input with 400 naming the field, and stores nothing", async () => {
    const { lead, editor, brief, marked, paged } = await citationTeam(server());
    const elsewhere = await buildBrief(lead, "Elsewhere");
    const foreignReport = await server().store.createReport(
      elsewhere.id,
      (await import("./citations14Support.js")).citationsReport(),
      lead.user!.id,
    );
    const foreignPassage = (await server().store.getReport(foreignReport.id))!.passages[0]!.id;
    const foreignSource = (
      await lead.post(`/api/briefs/${elsewhere.id}/sources`, { csl: { type: "book", title: "Theirs" } })
    ).body.sources[0].id;
    const mine = (await editor.post(`/api/briefs/${brief.id}/sources`, { csl: { type: "book", title: "Ours" } })).body
      .sources[0].id;
    const quote = (text: string, start: number, end: number) => ({
      evidenceId: marked.id,
      quote: { text, start, end },
    });

    const cases: Array<[string, unknown, string]> = [
      ["words not at the range", quote("7 gigawatt", GIGAWATTS.start, GIGAWATTS.end), "quote"],
      ["range one character off", quote(GIGAWATTS.text, GIGAWATTS.start + 1, GIGAWATTS.end + 1), "quote"],
      ["empty", quote("", 5, 5), "quote"],
      ["reversed", quote("", GIGAWATTS.end, GIGAWATTS.start), "quote"],
      ["past the passage's end", quote("years.", MARKED_TEXT.length - 6, MARKED_TEXT.length + 1), "quote"],
      ["negative start", quote("C", -1, 1), "quote"],
      ["a range that is no number", { evidenceId: marked.id, quote: { text: "C", start: "0", end: 1 } }, "quote"],
      ["unknown passage", { evidenceId: "no-such-passage" }, "evidenceId"],
      ["another brief's passage", { evidenceId: foreignPassage }, "evidenceId"],
      ["a note the report does not have", { evidenceId: marked.id, notes: [1, 9] }, "notes"],
      ["a note that is no number", { evidenceId: marked.id, notes: ["1"] }, "notes.0"],
      ["an unknown source", { evidenceId: paged.id, sourceIds: ["no-such-source"] }, "sourceIds"],
      ["another brief's source", { evidenceId: paged.id, sourceIds: [foreignSource] }, "sourceIds"],
      ["direct: another brief's source", { sourceId: foreignSource }, "sourceId"],
      ["direct: locator too long", { sourceId: mine, locator: "p".repeat(101) }, "locator"],
    ];
    for (const [what, body, field] of cases) {
      const res = await editor.post(`/api/briefs/${brief.id}/citations`, body);
      expect([what, res.status, res.body.error?.field]).toEqual([what, 400, field]);
    }
    expect(await server().store.listCitations(brief.id)).toEqual([]);

    const citation = (
      await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id, quote: GIGAWATTS })
    ).body.citation;
    const patches: Array<[string, unknown, string]> = [
      ["a note the report does not have", { notes: [7] }, "notes"],
      ["another brief's source", { sourceIds: [foreignSource] }, "sourceIds"],
      ["a locator on a passage citation", { locator: "p. 4" }, "locator"],
      ["a locator too long", { locator: "x".repeat(101) }, "locator"],
    ];
    for (const [what, body, field] of patches) {
      const res = await editor.patch(`/api/briefs/${brief.id}/citations/${citation.id}`, body);
      expect([what, res.status, res.body.error?.field]).toEqual([what, 400, field]);
    }
    expect(await server().store.getCitations(brief.id, [citation.id])).toEqual([citation]);

    const tooMany = Array.from({ length: 501 }, (_, i) => `id${i}`).join(",");
    const listed = await editor.get(`/api/briefs/${brief.id}/citations?ids=${tooMany}`);
    expect([listed.status, listed.body.error.field]).toEqual([400, "ids"]);
    const both = await editor.get(`/api/briefs/${brief.id}/citations?ids=${citation.id}&sectorId=x`);
    expect(both.status).toBe(400);
  });

  it("refuses another brief's citations: not found to change, left out of lookups", async () => {
    const { lead, editor, brief, marked } = await citationTeam(server());
    const mine = (await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id })).body.citation;
    const elsewhere = await buildBrief(lead, "Elsewhere");
    expect((await lead.patch(`/api/briefs/${elsewhere.id}/citations/${mine.id}`, { notes: [1] })).status).toBe(404);
    expect((await lead.get(`/api/briefs/${elsewhere.id}/citations?ids=${mine.id}`)).body).toEqual({ citations: [] });
    expect(await server().store.getCitations(brief.id, [mine.id])).toEqual([mine]);
  });

  it("roles: reviewers and viewers read citations but may not create or change them; strangers see no brief", async () => {
    const { editor, reviewer, viewer, brief, marked } = await citationTeam(server());
    const citation = (await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id })).body.citation;
    for (const member of [reviewer, viewer]) {
      expect((await member.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id })).status).toBe(403);
      expect((await member.patch(`/api/briefs/${brief.id}/citations/${citation.id}`, { notes: [2] })).status).toBe(403);
      const read = await member.get(`/api/briefs/${brief.id}/citations?ids=${citation.id}`);
      expect([read.status, read.body.citations.map((c: { id: string }) => c.id)]).toEqual([200, [citation.id]]);
    }
    const stranger = await buildUser(server().url, "Sam Stranger");
    expect((await stranger.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id })).status).toBe(404);
    expect((await stranger.get(`/api/briefs/${brief.id}/citations?ids=${citation.id}`)).status).toBe(404);
    expect(await server().store.listCitations(brief.id)).toEqual([citation]);
  });

  it("lists what the stored body cites in body order: citations, legacy passage nodes with their defaults, direct sources; per recommendation and per sector", async () => {
    const { lead, editor, brief, sector, rec, marked, paged } = await citationTeam(server());
    const quoted = (await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: marked.id, quote: GIGAWATTS }))
      .body.citation;
    const sourceId = (
      await editor.post(`/api/briefs/${brief.id}/sources`, { csl: { type: "book", title: "Grids across borders" } })
    ).body.sources[0].id;
    const direct = (await editor.post(`/api/briefs/${brief.id}/citations`, { sourceId, locator: "p. 3" })).body
      .citation;
    const elsewhere = await buildBrief(lead, "Elsewhere");
    const foreignSource = (
      await lead.post(`/api/briefs/${elsewhere.id}/sources`, { csl: { type: "book", title: "Theirs" } })
    ).body.sources[0].id;
    const foreign = (await lead.post(`/api/briefs/${elsewhere.id}/citations`, { sourceId: foreignSource })).body
      .citation;

    const body = await openBody(server().url, editor, rec.id);
    body.insert(0, [
      paragraph(
        "Links carried ",
        citationNode({ citationId: quoted.id, evidenceId: marked.id }),
        " and storage doubled ",
        citationNode({ evidenceId: paged.id }),
        citationNode({ citationId: foreign.id }),
        citationNode({ citationId: direct.id }),
      ),
    ]);

    const expected = [
      expect.objectContaining({ id: quoted.id, recommendationId: rec.id, notes: [1], quote: GIGAWATTS }),
      expect.objectContaining({
        id: null,
        recommendationId: rec.id,
        evidenceId: paged.id,
        quote: null,
        notes: [],
        sourcesChosen: false,
        passage: expect.objectContaining({ text: PAGE_TEXT, sourcesFrom: "page" }),
      }),
      expect.objectContaining({
        id: direct.id,
        recommendationId: rec.id,
        source: expect.objectContaining({ id: sourceId }),
        passage: null,
      }),
    ];
    // The tracker derives the lists from the stored body (polled in the store: the route is rate-limited).
    await eventually(
      async () => {
        const stored = await server().store.getRecommendation(rec.id);
        expect([stored!.citationIds, stored!.citedEvidenceIds]).toEqual([
          [quoted.id, direct.id],
          [marked.id, paged.id],
        ]);
      },
      { timeoutMs: 10_000 },
    );
    const byRecommendation = await lead.get(`/api/briefs/${brief.id}/citations?recommendationId=${rec.id}`);
    expect(byRecommendation.body.citations).toEqual(expected);
    const bySector = await lead.get(`/api/briefs/${brief.id}/citations?sectorId=${sector.id}`);
    expect(bySector.body.citations).toEqual(expected);
    // A lookup by id names the recommendation citing it.
    const looked = await lead.get(`/api/briefs/${brief.id}/citations?ids=${direct.id}`);
    expect(looked.body.citations[0].recommendationId).toBe(rec.id);
    expect((await lead.get(`/api/briefs/${elsewhere.id}/citations?recommendationId=${rec.id}`)).status).toBe(404);
  });
});
