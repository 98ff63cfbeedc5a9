import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/startServer.js";
import { citationTeam } from "./citations14Support.js";

/** A note style written for this test: author, title in italics, year. */
const HOUSE_STYLE = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info>
    <title>Grid Desk house notes</title>
    <id>http://example.org/styles/grid-desk-house-notes</id>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
  <citation>
    <layout suffix=".">
      <group delimiter=", ">
        <names variable="author"><name/></names>
        <text variable="title" font-style="italic"/>
        <date variable="issued"><date-part name="year"/></date>
      </group>
    </layout>
  </citation>
  <bibliography>
    <layout>
      <group delimiter=". ">
        <names variable="author"><name name-as-sort-order="first"/></names>
        <text variable="title"/>
      </group>
    </layout>
  </bibliography>
</style>
`;

/** The brief's citation style: packages/export/CITATIONS.md §5. */
describe("citation style (issue 14)", () => {
  const server = useServer();

  it("lists the bundled styles with Chicago full note as the default, which a new brief uses", async () => {
    const { viewer, brief } = await citationTeam(server());
    const res = await viewer.get("/api/citation-styles");
    expect(res.status).toBe(200);
    expect(res.body.default).toBe("chicago-fullnote-bibliography");
    const ids = res.body.styles.map((s: { id: string }) => s.id);
    for (const id of [
      "chicago-fullnote-bibliography",
      "chicago-author-date",
      "apa",
      "modern-language-association",
      "ieee",
    ])
      expect(ids).toContain(id);
    for (const style of res.body.styles) expect(style).toEqual({ id: expect.any(String), title: expect.any(String) });
    expect((await viewer.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe(
      "chicago-fullnote-bibliography",
    );
  });

  it("the lead sets a bundled style; an unknown id, or custom before any upload, answers 400 citationStyle", async () => {
    const { lead, brief } = await citationTeam(server());
    const apa = await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "apa" });
    expect([apa.status, apa.body.brief.citationStyle]).toEqual([200, "apa"]);
    for (const citationStyle of ["harvard-made-up", "custom", ""]) {
      const res = await lead.patch(`/api/briefs/${brief.id}`, { citationStyle });
      expect([citationStyle, res.status, res.body.error.field]).toEqual([citationStyle, 400, "citationStyle"]);
    }
    expect((await lead.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe("apa");
  });

  it("the lead uploads a custom CSL style: checked, stored, and chosen; choosing a bundled style and back keeps it", async () => {
    const { lead, editor, brief } = await citationTeam(server());
    const res = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml: HOUSE_STYLE });
    expect(res.status).toBe(200);
    expect(res.body.style).toEqual({ id: "custom", title: "Grid Desk house notes", class: "note" });
    expect((await editor.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe("custom");
    expect(await server().store.getCustomCitationStyle(brief.id)).toEqual({
      title: "Grid Desk house notes",
      xml: HOUSE_STYLE,
    });
    expect((await editor.get(`/api/briefs/${brief.id}/citation-style`)).body).toEqual({
      style: { id: "custom", title: "Grid Desk house notes" },
      custom: { id: "custom", title: "Grid Desk house notes" },
    });

    expect(
      (await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "chicago-author-date" })).body.brief.citationStyle,
    ).toBe("chicago-author-date");
    expect((await lead.patch(`/api/briefs/${brief.id}`, { citationStyle: "custom" })).body.brief.citationStyle).toBe(
      "custom",
    );
  });

  it("a broken CSL file answers 400 xml, an oversized one 413 xml, and nothing changes", async () => {
    const { lead, brief } = await citationTeam(server());
    const cases = [
      HOUSE_STYLE.replace("</citation>", ""), // not well-formed
      HOUSE_STYLE.replace(/<citation>[\s\S]*<\/citation>/, ""), // no citation layout
      "<html><body>not a style</body></html>",
      " ",
    ];
    for (const xml of cases) {
      const res = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml });
      expect([res.status, res.body.error.field]).toEqual([400, "xml"]);
    }
    const padded = HOUSE_STYLE.replace("</style>", `<!-- ${"x".repeat(600 * 1024)} --></style>`);
    const tooLarge = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml: padded });
    expect([tooLarge.status, tooLarge.body.error.field]).toEqual([413, "xml"]);
    const huge = await lead.request("PUT", `/api/briefs/${brief.id}/citation-style`, {
      xml: "y".repeat(3 * 1024 * 1024),
    });
    expect([huge.status, huge.body.error.field]).toEqual([413, "xml"]);

    expect(await server().store.getCustomCitationStyle(brief.id)).toBeNull();
    expect((await lead.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe("chicago-fullnote-bibliography");
  });

  it("only the lead chooses or uploads a style (403 for editors, reviewers and viewers)", async () => {
    const { editor, reviewer, viewer, brief } = await citationTeam(server());
    for (const member of [editor, reviewer, viewer]) {
      expect((await member.patch(`/api/briefs/${brief.id}`, { citationStyle: "apa" })).status).toBe(403);
      expect((await member.request("PUT", `/api/briefs/${brief.id}/citation-style`, { xml: HOUSE_STYLE })).status).toBe(
        403,
      );
    }
    expect(await server().store.getCustomCitationStyle(brief.id)).toBeNull();
    expect((await editor.get(`/api/briefs/${brief.id}`)).body.brief.citationStyle).toBe(
      "chicago-fullnote-bibliography",
    );
  });
});
