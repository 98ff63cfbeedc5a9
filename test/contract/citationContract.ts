import { describe, expect, it } from "vitest";
import type { CslItem } from "@accord/domain";
import type { NewCitation, Store } from "../../server/src/store/Store.js";
import {
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  ID_PATTERN,
  ISO_PATTERN,
  type ContractHarness,
} from "./harness.js";
import { sampleReport } from "./reportContract.js";

const BOOK: CslItem = {
  type: "book",
  title: "Grids across borders",
  author: [{ family: "Okafor", given: "Ngozi" }, { literal: "Grid Study Group" }],
  issued: { "date-parts": [[2021, 3]] },
  publisher: "Harbour Press",
  ISBN: "978-0-00-000000-2",
};
const PAGE: CslItem = {
  type: "webpage",
  title: "Mineral processing capacity by country",
  URL: "https://example.org/minerals/capacity",
  accessed: { "date-parts": [[2024, 6, 2]] },
};

async function world(store: Store) {
  const lead = await buildUser(store, { name: "Lena" });
  const brief = await buildBrief(store, lead.id);
  const report = await store.createReport(brief.id, sampleReport(), lead.id);
  const passages = (await store.getReport(report.id))!.passages;
  return { lead, brief, report, passages };
}

function passageCitation(briefId: string, createdBy: string, overrides: Partial<NewCitation> = {}): NewCitation {
  return {
    briefId,
    evidenceId: null,
    reportId: null,
    quote: null,
    notes: [],
    sourceIds: [],
    sourcesChosen: true,
    sourceId: null,
    locator: null,
    createdBy,
    ...overrides,
  };
}

/** Citations, bibliography sources and the brief's citation style (packages/export/CITATIONS.md). */
export function defineCitationContract(harness: ContractHarness): void {
  describe("citations", () => {
    it("stores a passage citation with its quote and notes, and answers it by id in the order asked, only in its brief", async () => {
      const store = await harness.open();
      const { lead, brief, report, passages } = await world(store);
      const passage = passages[1]!;
      const quoted = await store.createCitation(
        passageCitation(brief.id, lead.id, {
          evidenceId: passage.id,
          reportId: report.id,
          quote: { text: "40 percent", start: 25, end: 35 },
          notes: [1],
        }),
      );
      expect(quoted).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        evidenceId: passage.id,
        reportId: report.id,
        quote: { text: "40 percent", start: 25, end: 35 },
        notes: [1],
        sourceIds: [],
        sourcesChosen: true,
        sourceId: null,
        locator: null,
        createdBy: lead.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
        updatedAt: quoted.createdAt,
      });
      const whole = await store.createCitation(
        passageCitation(brief.id, lead.id, { evidenceId: passages[5]!.id, reportId: report.id, sourcesChosen: false }),
      );
      expect(whole.quote).toBeNull();
      expect(whole.sourcesChosen).toBe(false);

      const other = await buildBrief(store, lead.id, "Another brief");
      expect(await store.getCitations(brief.id, [whole.id, "no-such-citation", quoted.id, whole.id])).toEqual([
        whole,
        quoted,
      ]);
      expect(await store.getCitations(other.id, [whole.id, quoted.id])).toEqual([]);
      expect(await store.getCitations(brief.id, [])).toEqual([]);
      expect((await store.listCitations(brief.id)).map((c) => c.id).sort()).toEqual([quoted.id, whole.id].sort());
      expect(await store.listCitations(other.id)).toEqual([]);
    });

    it("changes only the fields given, bumps updatedAt, and never another brief's citation", async () => {
      const store = await harness.open();
      const { lead, brief, report, passages } = await world(store);
      const created = await store.createCitation(
        passageCitation(brief.id, lead.id, { evidenceId: passages[5]!.id, reportId: report.id, sourcesChosen: false }),
      );
      const other = await buildBrief(store, lead.id, "Another brief");
      expect(await store.updateCitation(other.id, created.id, { notes: [5] })).toBeNull();
      expect(await store.updateCitation(brief.id, "no-such-citation", { notes: [5] })).toBeNull();

      const updated = await store.updateCitation(brief.id, created.id, { notes: [5], sourcesChosen: true });
      expect(updated).toEqual({
        ...created,
        notes: [5],
        sourcesChosen: true,
        updatedAt: expect.stringMatching(ISO_PATTERN),
      });
      expect(updated!.updatedAt > created.updatedAt).toBe(true);
      const [source] = await store.createSources(brief.id, [BOOK], lead.id);
      const again = await store.updateCitation(brief.id, created.id, { sourceIds: [source!.id] });
      expect(again).toMatchObject({ notes: [5], sourceIds: [source!.id], sourcesChosen: true, locator: null });
      expect(await store.getCitations(brief.id, [created.id])).toEqual([again]);
    });

    it("refuses a citation whose passage or source is not the brief's (deleted meanwhile), storing nothing", async () => {
      const store = await harness.open();
      const { lead, brief, report, passages } = await world(store);
      const [book] = await store.createSources(brief.id, [BOOK], lead.id);
      expect(await store.deleteSource(brief.id, book!.id)).toEqual({ kind: "deleted" });
      await expect(
        store.createCitation(passageCitation(brief.id, lead.id, { sourceId: book!.id })),
      ).rejects.toMatchObject({ status: 409, field: "sourceId" });
      await expect(
        store.createCitation(
          passageCitation(brief.id, lead.id, {
            evidenceId: passages[1]!.id,
            reportId: report.id,
            sourceIds: [book!.id],
          }),
        ),
      ).rejects.toMatchObject({ status: 409, field: "sourceIds" });
      const other = await buildBrief(store, lead.id, "Another brief");
      await expect(
        store.createCitation(passageCitation(other.id, lead.id, { evidenceId: passages[1]!.id, reportId: report.id })),
      ).rejects.toMatchObject({ status: 409, field: "evidenceId" });
      expect(await store.listCitations(brief.id)).toEqual([]);
      expect(await store.listCitations(other.id)).toEqual([]);

      const citation = await store.createCitation(
        passageCitation(brief.id, lead.id, { evidenceId: passages[1]!.id, reportId: report.id }),
      );
      await expect(store.updateCitation(brief.id, citation.id, { sourceIds: [book!.id] })).rejects.toMatchObject({
        status: 409,
        field: "sourceIds",
      });
      expect(await store.getCitations(brief.id, [citation.id])).toEqual([citation]);
    });

    it("stores a direct source citation with its locator, and clears the locator with null", async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      const [book] = await store.createSources(brief.id, [BOOK], lead.id);
      const direct = await store.createCitation(
        passageCitation(brief.id, lead.id, { sourceId: book!.id, locator: "p. 12" }),
      );
      expect(direct).toMatchObject({
        evidenceId: null,
        reportId: null,
        quote: null,
        sourceId: book!.id,
        locator: "p. 12",
      });
      expect(await store.updateCitation(brief.id, direct.id, { locator: null })).toMatchObject({
        locator: null,
        sourceId: book!.id,
      });
    });

    it("answers a report's footnotes by number, in number order, leaving out unknown numbers", async () => {
      const store = await harness.open();
      const { report } = await world(store);
      const notes = await store.getFootnotes(report.id, [5, 1, 99]);
      expect(notes.map((note) => [note.number, note.text])).toEqual([
        [1, "https://example.org/grid-statistics"],
        [5, "https://example.org/outlook"],
      ]);
      expect(await store.getFootnotes(report.id, [])).toEqual([]);
      expect(await store.getFootnotes("no-such-report", [1])).toEqual([]);
    });

    it("deletes the citations of a deleted report's passages (no body cites them any more)", async () => {
      const store = await harness.open();
      const { lead, brief, report, passages } = await world(store);
      const citation = await store.createCitation(
        passageCitation(brief.id, lead.id, { evidenceId: passages[1]!.id, reportId: report.id, notes: [1, 2] }),
      );
      expect(await store.deleteReport(brief.id, report.id)).toEqual({ kind: "deleted" });
      expect(await store.getCitations(brief.id, [citation.id])).toEqual([]);
    });

    it("keeps a recommendation's citation ids in the order given", async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      const sector = await buildSector(store, brief.id, "Energy");
      const rec = await buildRecommendation(store, sector, lead.id, "Trade power across borders");
      expect(rec.citationIds).toEqual([]);
      const updated = await store.updateRecommendation(rec.id, { citationIds: ["c2", "c1"] });
      expect(updated!.citationIds).toEqual(["c2", "c1"]);
      expect(updated!.citedEvidenceIds).toEqual([]);
      expect((await store.getRecommendation(rec.id))!.citationIds).toEqual(["c2", "c1"]);
      expect((await store.listRecommendations(brief.id))[0]!.citationIds).toEqual(["c2", "c1"]);
      // Another field's update keeps them.
      expect((await store.updateRecommendation(rec.id, { title: "Trade more power" }))!.citationIds).toEqual([
        "c2",
        "c1",
      ]);
    });

    it("keeps citations, sources and the custom style across close and reopen", async () => {
      const first = await harness.open();
      const { lead, brief, report, passages } = await world(first);
      const citation = await first.createCitation(
        passageCitation(brief.id, lead.id, {
          evidenceId: passages[1]!.id,
          reportId: report.id,
          quote: { text: "Electricity", start: 0, end: 11 },
          notes: [1],
        }),
      );
      const sources = await first.createSources(brief.id, [BOOK, PAGE], lead.id);
      const styled = await first.setCustomCitationStyle(brief.id, { title: "House style", xml: "<style/>" });
      await first.close();

      const second = await harness.open();
      expect(await second.getCitations(brief.id, [citation.id])).toEqual([citation]);
      expect(await second.listSources(brief.id)).toEqual(sources);
      expect(await second.getCustomCitationStyle(brief.id)).toEqual({ title: "House style", xml: "<style/>" });
      expect(await second.getBrief(brief.id)).toEqual(styled);
    });
  });

  describe("bibliography sources", () => {
    it("adds a paste's sources in order, all stamped alike, and lists them in order of addition", async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      const pasted = await store.createSources(brief.id, [BOOK, PAGE], lead.id);
      expect(pasted).toEqual([
        {
          id: expect.stringMatching(ID_PATTERN),
          briefId: brief.id,
          csl: BOOK,
          createdBy: lead.id,
          createdAt: expect.stringMatching(ISO_PATTERN),
          updatedAt: pasted[0]!.createdAt,
        },
        {
          id: expect.stringMatching(ID_PATTERN),
          briefId: brief.id,
          csl: PAGE,
          createdBy: lead.id,
          createdAt: pasted[0]!.createdAt,
          updatedAt: pasted[0]!.createdAt,
        },
      ]);
      const [later] = await store.createSources(brief.id, [{ type: "report", title: "Later outlook" }], lead.id);
      expect(await store.listSources(brief.id)).toEqual([...pasted, later]);
      expect(await store.createSources(brief.id, [], lead.id)).toEqual([]);

      const other = await buildBrief(store, lead.id, "Another brief");
      expect(await store.listSources(other.id)).toEqual([]);
      expect(await store.getSources(brief.id, [later!.id, "no-such-source", pasted[0]!.id, later!.id])).toEqual([
        later,
        pasted[0],
      ]);
      expect(await store.getSources(other.id, [later!.id])).toEqual([]);
    });

    it("replaces a source's CSL item, only in its brief", async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      const [book] = await store.createSources(brief.id, [BOOK], lead.id);
      const other = await buildBrief(store, lead.id, "Another brief");
      const edited: CslItem = { ...BOOK, title: "Grids across borders, second edition", edition: "2" };
      expect(await store.updateSource(other.id, book!.id, edited)).toBeNull();
      const updated = await store.updateSource(brief.id, book!.id, edited);
      expect(updated).toEqual({ ...book, csl: edited, updatedAt: expect.stringMatching(ISO_PATTERN) });
      expect(await store.listSources(brief.id)).toEqual([updated]);
    });

    it("refuses to delete a source a citation uses (directly or as a chosen source), naming the citations, and changes nothing", async () => {
      const store = await harness.open();
      const { lead, brief, report, passages } = await world(store);
      const [book, page, unused] = await store.createSources(
        brief.id,
        [BOOK, PAGE, { type: "document", title: "Unused memo" }],
        lead.id,
      );
      const direct = await store.createCitation(passageCitation(brief.id, lead.id, { sourceId: book!.id }));
      const chosen = await store.createCitation(
        passageCitation(brief.id, lead.id, { evidenceId: passages[5]!.id, reportId: report.id, sourceIds: [page!.id] }),
      );
      expect(await store.deleteSource(brief.id, book!.id)).toEqual({ kind: "cited", citationIds: [direct.id] });
      expect(await store.deleteSource(brief.id, page!.id)).toEqual({ kind: "cited", citationIds: [chosen.id] });
      expect(await store.listSources(brief.id)).toEqual([book, page, unused]);

      const other = await buildBrief(store, lead.id, "Another brief");
      expect(await store.deleteSource(other.id, unused!.id)).toEqual({ kind: "not_found" });
      expect(await store.deleteSource(brief.id, unused!.id)).toEqual({ kind: "deleted" });
      expect(await store.deleteSource(brief.id, unused!.id)).toEqual({ kind: "not_found" });
      expect(await store.listSources(brief.id)).toEqual([book, page]);

      await store.updateCitation(brief.id, chosen.id, { sourceIds: [] });
      expect(await store.deleteSource(brief.id, page!.id)).toEqual({ kind: "deleted" });
    });
  });

  describe("citation style", () => {
    it('starts with Chicago full note, changes with updateBrief, and a custom style sets "custom"', async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      expect(brief.citationStyle).toBe("chicago-fullnote-bibliography");
      expect(await store.getCustomCitationStyle(brief.id)).toBeNull();

      const apa = await store.updateBrief(brief.id, { citationStyle: "apa" });
      expect(apa).toMatchObject({ citationStyle: "apa", title: brief.title });
      expect((await store.listBriefsForUser(lead.id))[0]!.citationStyle).toBe("apa");

      const custom = await store.setCustomCitationStyle(brief.id, { title: "House notes", xml: "<style>one</style>" });
      expect(custom).toEqual({ ...apa, citationStyle: "custom", updatedAt: expect.stringMatching(ISO_PATTERN) });
      expect(await store.getBrief(brief.id)).toEqual(custom);
      expect(await store.getCustomCitationStyle(brief.id)).toEqual({ title: "House notes", xml: "<style>one</style>" });

      // Uploading again replaces it; choosing a bundled style keeps the file for later.
      await store.setCustomCitationStyle(brief.id, { title: "House notes 2", xml: "<style>two</style>" });
      expect(await store.getCustomCitationStyle(brief.id)).toEqual({
        title: "House notes 2",
        xml: "<style>two</style>",
      });
      await store.updateBrief(brief.id, { citationStyle: "chicago-fullnote-bibliography" });
      expect(await store.getCustomCitationStyle(brief.id)).toEqual({
        title: "House notes 2",
        xml: "<style>two</style>",
      });

      const other = await buildBrief(store, lead.id, "Another brief");
      expect(await store.getCustomCitationStyle(other.id)).toBeNull();
      expect(await store.setCustomCitationStyle("no-such-brief", { title: "x", xml: "<style/>" })).toBeNull();
    });
  });
}
