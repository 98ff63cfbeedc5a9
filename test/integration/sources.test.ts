import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/startServer.js";
import { citationTeam } from "./citations14Support.js";

/** Written for these tests: two BibTeX entries, one RIS record. */
const BIBTEX = `@article{okafor2021,
  author = {Okafor, Ngozi and Lindqvist, Per},
  title = {Power flows across borders},
  journal = {Journal of Grid Studies},
  year = {2021},
  volume = {14},
  pages = {33--51},
  doi = {10.1000/grid.2021.14}
}

@book{harbour2019,
  author = {{Grid Study Group}},
  title = {Storage at scale},
  publisher = {Harbour Press},
  address = {Lisbon},
  year = {2019}
}`;

const RIS = `TY  - RPRT
AU  - Moreau, Claire
TI  - Interconnector capacity review
PB  - Example Energy Office
PY  - 2022
UR  - https://example.org/interconnectors
ER  - 
`;

/** The brief's bibliography beyond its reports: packages/export/CITATIONS.md §4. */
describe("bibliography sources (issue 14)", () => {
  const server = useServer();

  it("adds a CSL item, checked (other fields dropped), lists it, and replaces it", async () => {
    const { editor, viewer, brief } = await citationTeam(server());
    const csl = {
      type: "webpage",
      title: "Mineral  processing capacity",
      URL: "https://example.org/minerals",
      accessed: { "date-parts": [[2024, 6, 2]] },
      note: "dropped",
    };
    const created = await editor.post(`/api/briefs/${brief.id}/sources`, { csl });
    expect(created.status).toBe(201);
    expect(created.body.sources).toEqual([
      {
        id: expect.any(String),
        briefId: brief.id,
        csl: {
          type: "webpage",
          title: "Mineral processing capacity",
          URL: "https://example.org/minerals",
          accessed: { "date-parts": [[2024, 6, 2]] },
        },
        createdBy: editor.user!.id,
        createdAt: expect.any(String),
        updatedAt: created.body.sources[0].createdAt,
      },
    ]);
    expect((await viewer.get(`/api/briefs/${brief.id}/sources`)).body).toEqual({ sources: created.body.sources });

    const id = created.body.sources[0].id as string;
    const patched = await editor.patch(`/api/briefs/${brief.id}/sources/${id}`, {
      csl: { type: "book", title: "Minerals, second edition", edition: 2 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.source).toMatchObject({
      id,
      csl: { type: "book", title: "Minerals, second edition", edition: "2" },
    });

    const bad = await editor.patch(`/api/briefs/${brief.id}/sources/${id}`, { csl: { type: "book" } });
    expect([bad.status, bad.body.error.field]).toEqual([400, "csl.title"]);
    const badUrl = await editor.post(`/api/briefs/${brief.id}/sources`, {
      csl: { type: "webpage", title: "x", URL: "javascript:alert(1)" },
    });
    expect([badUrl.status, badUrl.body.error.field]).toEqual([400, "csl.URL"]);
    expect((await editor.get(`/api/briefs/${brief.id}/sources`)).body.sources).toEqual([patched.body.source]);
  });

  it("adds every entry of a BibTeX paste, in order, and a RIS paste", async () => {
    const { editor, brief } = await citationTeam(server());
    const bib = await editor.post(`/api/briefs/${brief.id}/sources`, { bibtex: BIBTEX });
    expect(bib.status).toBe(201);
    expect(bib.body.sources.map((s: { csl: unknown }) => s.csl)).toEqual([
      {
        type: "article-journal",
        title: "Power flows across borders",
        author: [
          { family: "Okafor", given: "Ngozi" },
          { family: "Lindqvist", given: "Per" },
        ],
        issued: { "date-parts": [[2021]] },
        DOI: "10.1000/grid.2021.14",
        "container-title": "Journal of Grid Studies",
        volume: "14",
        page: "33-51",
      },
      {
        type: "book",
        title: "Storage at scale",
        author: [{ family: "Grid Study Group" }],
        issued: { "date-parts": [[2019]] },
        publisher: "Harbour Press",
        "publisher-place": "Lisbon",
      },
    ]);
    const ris = await editor.post(`/api/briefs/${brief.id}/sources`, { ris: RIS });
    expect(ris.status).toBe(201);
    expect(ris.body.sources.map((s: { csl: unknown }) => s.csl)).toEqual([
      {
        type: "report",
        title: "Interconnector capacity review",
        author: [{ family: "Moreau", given: "Claire" }],
        issued: { "date-parts": [[2022]] },
        URL: "https://example.org/interconnectors",
        publisher: "Example Energy Office",
      },
    ]);
    const listed = await editor.get(`/api/briefs/${brief.id}/sources`);
    expect(listed.body.sources.map((s: { csl: { title: string } }) => s.csl.title)).toEqual([
      "Power flows across borders",
      "Storage at scale",
      "Interconnector capacity review",
    ]);
  });

  it("refuses a malformed paste whole (400 naming bibtex or ris), an empty one, and a 5 MB one (413 naming bibtex); nothing is stored", async () => {
    const { editor, brief } = await citationTeam(server());
    const malformed = await editor.post(`/api/briefs/${brief.id}/sources`, {
      bibtex: `${BIBTEX}\n\n@article{broken, title = {Unclosed`,
    });
    expect([malformed.status, malformed.body.error.field]).toEqual([400, "bibtex"]);
    expect(malformed.body.error.message).toContain("broken");
    const empty = await editor.post(`/api/briefs/${brief.id}/sources`, { ris: "   " });
    expect([empty.status, empty.body.error.field]).toEqual([400, "ris"]);
    const both = await editor.post(`/api/briefs/${brief.id}/sources`, { bibtex: BIBTEX, ris: RIS });
    expect(both.status).toBe(400);

    const huge = `${BIBTEX}\n`.repeat(Math.ceil((5 * 1024 * 1024) / BIBTEX.length));
    const tooLarge = await editor.post(`/api/briefs/${brief.id}/sources`, { bibtex: huge });
    expect([tooLarge.status, tooLarge.body.error.code, tooLarge.body.error.field]).toEqual([
      413,
      "too_large",
      "bibtex",
    ]);
    // Just over the paste's own limit (1 MiB of text, well within the body's): 413 too.
    const justOver = await editor.post(`/api/briefs/${brief.id}/sources`, { ris: "x".repeat(1024 * 1024 + 1) });
    expect([justOver.status, justOver.body.error.field]).toEqual([413, "ris"]);

    expect((await editor.get(`/api/briefs/${brief.id}/sources`)).body.sources).toEqual([]);
    // The server carries on.
    expect((await editor.post(`/api/briefs/${brief.id}/sources`, { ris: RIS })).status).toBe(201);
  });

  it("refuses to delete a source while a citation uses it (409 cited), then deletes it once none does", async () => {
    const { editor, brief, paged } = await citationTeam(server());
    const [book, page] = (await editor.post(`/api/briefs/${brief.id}/sources`, { bibtex: BIBTEX })).body.sources;
    const direct = (await editor.post(`/api/briefs/${brief.id}/citations`, { sourceId: book.id })).body.citation;
    const chosen = (
      await editor.post(`/api/briefs/${brief.id}/citations`, { evidenceId: paged.id, sourceIds: [page.id] })
    ).body.citation;

    const refused = await editor.delete(`/api/briefs/${brief.id}/sources/${book.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "cited", citationIds: [direct.id] });
    expect((await editor.delete(`/api/briefs/${brief.id}/sources/${page.id}`)).body.error).toMatchObject({
      code: "cited",
      citationIds: [chosen.id],
    });
    expect((await editor.get(`/api/briefs/${brief.id}/sources`)).body.sources.map((s: { id: string }) => s.id)).toEqual(
      [book.id, page.id],
    );

    expect((await editor.patch(`/api/briefs/${brief.id}/citations/${chosen.id}`, { sourceIds: [] })).status).toBe(200);
    expect((await editor.delete(`/api/briefs/${brief.id}/sources/${page.id}`)).status).toBe(204);
    expect((await editor.delete(`/api/briefs/${brief.id}/sources/${page.id}`)).status).toBe(404);
    expect((await editor.get(`/api/briefs/${brief.id}/sources`)).body.sources.map((s: { id: string }) => s.id)).toEqual(
      [book.id],
    );
  });

  it("roles: reviewers and viewers read the sources but may not add, change or delete them", async () => {
    const { editor, reviewer, viewer, brief } = await citationTeam(server());
    const [source] = (await editor.post(`/api/briefs/${brief.id}/sources`, { ris: RIS })).body.sources;
    for (const member of [reviewer, viewer]) {
      expect((await member.post(`/api/briefs/${brief.id}/sources`, { ris: RIS })).status).toBe(403);
      expect(
        (await member.patch(`/api/briefs/${brief.id}/sources/${source.id}`, { csl: { type: "book", title: "Mine" } }))
          .status,
      ).toBe(403);
      expect((await member.delete(`/api/briefs/${brief.id}/sources/${source.id}`)).status).toBe(403);
      expect((await member.get(`/api/briefs/${brief.id}/sources`)).body.sources).toEqual([source]);
    }
  });
});
