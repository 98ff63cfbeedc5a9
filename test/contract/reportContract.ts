import { describe, expect, it } from "vitest";
import type { ImportedReport } from "@accord/evidence";
import type { Store } from "../../server/src/store/Store.js";
import {
  buildBrief,
  buildRecommendation,
  buildSector,
  buildUser,
  ID_PATTERN,
  ISO_PATTERN,
  type ContractHarness,
} from "./harness.js";

const URL_A = "https://example.org/grid-statistics";
const URL_B = "https://example.org/minerals-survey";
const URL_C = "https://example.org/outlook";
const URL_D = "https://example.org/minerals-survey/annex";
const HASH = "a".repeat(64);
const NOTE_3 = `Minerals Office, Minerals survey (2020), ${URL_B} and its annex ${URL_D}.`;

/** Written for these tests (never text from a real report). Phrase and term cases are deliberate. */
const PHRASE_PASSAGE =
  "Over many years of careful planning and steady public investment, the border power trade grew into a pillar of regional cooperation between both governments.";
const TERMS_PASSAGE = "Power at the border and more power at the border.";

/** Note 1 after "40 percent", note 2 after the full stop (CITATIONS.md §1). */
export const PASSAGE_1_MARKERS = [
  { number: 1, at: 35 },
  { number: 2, at: 44 },
];

/** A given `title` is the metadata's title too, as the importer makes them. */
export function sampleReport(overrides: Partial<ImportedReport> = {}): ImportedReport {
  const title = overrides.title ?? "Grid and minerals outlook";
  return {
    title,
    metadata: {
      title,
      authors: ["Ana Ruiz", "Tom Berg"],
      publisher: "Example Institute",
      date: "2024-05",
      reportNumber: "EX-12",
    },
    format: "text",
    pageCount: 3,
    sections: [
      { title: "Introduction", position: 0, level: 1, sectorLike: false, sectorName: null },
      { title: "ENERGY", position: 1, level: 1, sectorLike: true, sectorName: "Energy" },
      { title: "RARE EARTH ELEMENTS", position: 2, level: 2, sectorLike: true, sectorName: "Rare Earth Elements" },
    ],
    passages: [
      {
        position: 0,
        kind: "paragraph",
        section: null,
        page: 1,
        text: "A preface without a heading.",
        figures: [],
        footnotes: [],
        sourcesFrom: "markers",
        markers: [],
      },
      {
        position: 1,
        kind: "paragraph",
        section: 0,
        page: 1,
        text: "Electricity exports rose 40 percent in 2019.",
        figures: [
          { kind: "percent", raw: "40 percent", value: 40, unit: "percent", start: 25 },
          { kind: "year", raw: "2019", value: 2019, unit: "year", start: 39 },
        ],
        footnotes: [1, 2],
        sourcesFrom: "markers",
        markers: PASSAGE_1_MARKERS,
      },
      {
        position: 2,
        kind: "paragraph",
        section: 1,
        page: 1,
        text: PHRASE_PASSAGE,
        figures: [],
        footnotes: [2],
        sourcesFrom: "markers",
        markers: [],
      },
      {
        position: 3,
        kind: "list_item",
        section: 1,
        page: 2,
        text: TERMS_PASSAGE,
        figures: [],
        footnotes: [3, 4],
        sourcesFrom: "markers",
        markers: [],
      },
      {
        position: 4,
        kind: "paragraph",
        section: 2,
        page: 2,
        text: "Processing minerals needs water and a skilled workforce.",
        figures: [],
        footnotes: [3],
        sourcesFrom: "markers",
        markers: [],
      },
      {
        position: 5,
        kind: "caption",
        section: 2,
        page: 3,
        text: "Mineral exporters plan new refineries.",
        figures: [],
        footnotes: [5],
        sourcesFrom: "page",
        markers: [],
      },
    ],
    footnotes: [
      { number: 1, page: 1, url: URL_A, urls: [URL_A], text: URL_A },
      { number: 2, page: 1, url: URL_A, urls: [URL_A], text: URL_A },
      { number: 3, page: 2, url: URL_B, urls: [URL_B, URL_D], text: NOTE_3 },
      { number: 4, page: 2, url: null, urls: [], text: "Interview with a grid operator." },
      { number: 5, page: 3, url: URL_C, urls: [URL_C], text: URL_C },
    ],
    ...overrides,
  };
}

async function world(store: Store) {
  const lead = await buildUser(store, { name: "Lena" });
  const brief = await buildBrief(store, lead.id);
  const report = await store.createReport(brief.id, sampleReport(), lead.id, { contentHash: HASH });
  return { lead, brief, report };
}

const texts = (evidence: Array<{ text: string }>) => evidence.map((e) => e.text);

/** Reports, their parts, evidence search and lookup. */
export function defineReportContract(harness: ContractHarness): void {
  describe("reports", () => {
    it("stores a report with its sections, pages, passages and footnotes, and lists it", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      expect(report).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        briefId: brief.id,
        title: "Grid and minerals outlook",
        metadata: {
          title: "Grid and minerals outlook",
          authors: ["Ana Ruiz", "Tom Berg"],
          publisher: "Example Institute",
          date: "2024-05",
          reportNumber: "EX-12",
        },
        contentHash: HASH,
        format: "text",
        createdBy: lead.id,
        createdAt: expect.stringMatching(ISO_PATTERN),
        counts: { sections: 3, pages: 3, passages: 6, footnotes: 5 },
      });
      expect(await store.listReports(brief.id)).toEqual([report]);

      const stored = await store.getReport(report.id);
      expect(stored).toMatchObject(report);
      expect(stored!.sections).toEqual([
        { index: 0, title: "Introduction", level: 1, sectorLike: false, sectorName: null },
        { index: 1, title: "ENERGY", level: 1, sectorLike: true, sectorName: "Energy" },
        { index: 2, title: "RARE EARTH ELEMENTS", level: 2, sectorLike: true, sectorName: "Rare Earth Elements" },
      ]);
      expect(stored!.pages).toEqual([1, 2, 3]);
      expect(stored!.footnotes).toEqual(sampleReport().footnotes.map((note) => ({ reportId: report.id, ...note })));
      expect(stored!.passages.map((p) => [p.position, p.sectionIndex, p.sectionTitle, p.page, p.kind])).toEqual([
        [0, null, null, 1, "paragraph"],
        [1, 0, "Introduction", 1, "paragraph"],
        [2, 1, "ENERGY", 1, "paragraph"],
        [3, 1, "ENERGY", 2, "list_item"],
        [4, 2, "RARE EARTH ELEMENTS", 2, "paragraph"],
        [5, 2, "RARE EARTH ELEMENTS", 3, "caption"],
      ]);
      expect(stored!.passages.map((p) => p.sourcesFrom)).toEqual([
        "markers",
        "markers",
        "markers",
        "markers",
        "markers",
        "page",
      ]);
      const second = stored!.passages[1]!;
      expect(second).toEqual({
        id: expect.stringMatching(ID_PATTERN),
        reportId: report.id,
        briefId: brief.id,
        sectionIndex: 0,
        sectionTitle: "Introduction",
        page: 1,
        kind: "paragraph",
        position: 1,
        text: "Electricity exports rose 40 percent in 2019.",
        figures: sampleReport().passages[1]!.figures,
        footnotes: [1, 2],
        sourcesFrom: "markers",
        markers: PASSAGE_1_MARKERS,
      });
      expect(stored!.passages.map((p) => p.markers.length)).toEqual([0, 2, 0, 0, 0, 0]);
      expect(new Set(stored!.passages.map((p) => p.id)).size).toBe(6);
    });

    it("keeps briefs apart and answers null for an unknown report", async () => {
      const store = await harness.open();
      const { lead, report } = await world(store);
      const other = await buildBrief(store, lead.id, "Other");
      expect(await store.listReports(other.id)).toEqual([]);
      expect(await store.searchEvidence(other.id, { limit: 50 })).toEqual([]);
      expect(await store.searchEvidence(other.id, { q: "power", limit: 50 })).toEqual([]);
      expect(await store.getEvidence(other.id, [(await store.getReport(report.id))!.passages[0]!.id])).toEqual([]);
      expect(await store.getReport("no-such-report")).toBeNull();
    });

    it("stores all or nothing: a report that fails part-way leaves no report, passage or footnote", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const broken = sampleReport({
        title: "Broken",
        // Two footnotes with one number: the write fails after the report and some parts went in.
        footnotes: [...sampleReport().footnotes, { number: 5, page: 3, url: URL_C, urls: [URL_C], text: URL_C }],
        passages: sampleReport().passages.map((p) => ({ ...p, text: `${p.text} zebra` })),
      });
      await expect(store.createReport(brief.id, broken, lead.id)).rejects.toThrow();
      expect(await store.listReports(brief.id)).toEqual([report]);
      expect(await store.searchEvidence(brief.id, { q: "zebra", limit: 50 })).toEqual([]);
      expect(await store.searchEvidence(brief.id, { limit: 100 })).toHaveLength(6);
    });

    it("keeps reports and their search index across close and reopen", async () => {
      const first = await harness.open();
      const { brief, report } = await world(first);
      await first.close();
      const second = await harness.open();
      expect(await second.listReports(brief.id)).toEqual([report]);
      expect(texts(await second.searchEvidence(brief.id, { q: "refineries", limit: 5 }))).toEqual([
        "Mineral exporters plan new refineries.",
      ]);
    });
  });

  describe("managing reports", () => {
    it("finds the brief's oldest report with the same content hash, and only in that brief", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      await store.createReport(brief.id, sampleReport({ title: "Copy" }), lead.id, { contentHash: HASH });
      const other = await buildBrief(store, lead.id, "Other");
      expect(await store.findReportByContentHash(brief.id, HASH)).toEqual(report);
      expect(await store.findReportByContentHash(brief.id, "b".repeat(64))).toBeNull();
      expect(await store.findReportByContentHash(other.id, HASH)).toBeNull();
      const unhashed = await store.createReport(other.id, sampleReport(), lead.id);
      expect(unhashed.contentHash).toBeNull();
    });

    it("keeps an import's metadata within the limits a lead's edit has: long texts cut, blanks and other date forms dropped", async () => {
      const store = await harness.open();
      const { lead, brief } = await world(store);
      const authors = [" Ana Ruiz ", "  ", "b".repeat(250), ...Array.from({ length: 60 }, (_, i) => `Author ${i}`)];
      const imported = sampleReport({
        title: "fallback-file-name",
        metadata: {
          title: `  ${"T".repeat(400)}`,
          authors,
          publisher: "   ",
          date: "May 2024",
          reportNumber: ` ${"N".repeat(250)}`,
        },
      });
      const report = await store.createReport(brief.id, imported, lead.id);
      expect(report.title).toBe("T".repeat(300));
      expect(report.metadata).toEqual({
        title: "T".repeat(300),
        authors: ["Ana Ruiz", "b".repeat(200), ...Array.from({ length: 48 }, (_, i) => `Author ${i}`)],
        publisher: null,
        date: null,
        reportNumber: "N".repeat(200),
      });
      // A blank metadata title falls back to the importer's title.
      const blank = await store.createReport(
        brief.id,
        sampleReport({
          title: "fallback-file-name",
          metadata: { ...imported.metadata, title: " ", date: "2024-02-29" },
        }),
        lead.id,
      );
      expect([blank.title, blank.metadata.title, blank.metadata.date]).toEqual([
        "fallback-file-name",
        "fallback-file-name",
        "2024-02-29",
      ]);
    });

    it("changes only the metadata fields given; the title is the report's title everywhere", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const updated = await store.updateReportMetadata(brief.id, report.id, {
        title: "Renamed outlook",
        publisher: null,
        authors: ["Ana Ruiz"],
      });
      const metadata = {
        title: "Renamed outlook",
        authors: ["Ana Ruiz"],
        publisher: null,
        date: "2024-05",
        reportNumber: "EX-12",
      };
      expect(updated).toEqual({ ...report, title: "Renamed outlook", metadata });
      expect(await store.listReports(brief.id)).toEqual([updated]);
      expect((await store.getReport(report.id))!.metadata).toEqual(metadata);
      expect((await store.searchEvidence(brief.id, { q: "refineries", limit: 5 }))[0]!.reportTitle).toBe(
        "Renamed outlook",
      );
      expect(await store.updateReportMetadata(brief.id, report.id, { date: "2025" })).toEqual({
        ...updated,
        metadata: { ...metadata, date: "2025" },
      });
      const other = await buildBrief(store, lead.id, "Other");
      expect(await store.updateReportMetadata(other.id, report.id, { title: "Stolen" })).toBeNull();
      expect(await store.updateReportMetadata(brief.id, "no-such-report", { title: "Nothing" })).toBeNull();
      expect((await store.getReport(report.id))!.title).toBe("Renamed outlook");
    });

    it("refuses to delete a report a recommendation cites, naming the recommendations, and changes nothing", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const sector = await buildSector(store, brief.id, "Energy");
      const passages = (await store.getReport(report.id))!.passages;
      const citing = await buildRecommendation(store, sector, lead.id, "Build grid links");
      const alsoCiting = await buildRecommendation(store, sector, lead.id, "Refine at home");
      await buildRecommendation(store, sector, lead.id, "Cites nothing");
      await store.updateRecommendation(citing.id, { citedEvidenceIds: [passages[1]!.id] });
      await store.updateRecommendation(alsoCiting.id, { citedEvidenceIds: ["some-other-id", passages[5]!.id] });

      expect(await store.deleteReport(brief.id, report.id)).toEqual({
        kind: "cited",
        citedBy: [
          { recommendationId: citing.id, title: "Build grid links", sectorId: sector.id },
          { recommendationId: alsoCiting.id, title: "Refine at home", sectorId: sector.id },
        ],
      });
      expect(await store.listReports(brief.id)).toEqual([report]);
      expect(await store.searchEvidence(brief.id, { limit: 100 })).toHaveLength(6);

      await store.updateRecommendation(citing.id, { citedEvidenceIds: [] });
      await store.updateRecommendation(alsoCiting.id, { citedEvidenceIds: ["some-other-id"] });
      expect(await store.deleteReport(brief.id, report.id)).toEqual({ kind: "deleted" });
    });

    it("deletes a report with its sections, pages, passages and footnotes, and only in its brief", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const kept = await store.createReport(brief.id, sampleReport({ title: "Kept" }), lead.id);
      const other = await buildBrief(store, lead.id, "Other");
      const passageIds = (await store.getReport(report.id))!.passages.map((p) => p.id);

      expect(await store.deleteReport(other.id, report.id)).toEqual({ kind: "not_found" });
      expect(await store.deleteReport(brief.id, "no-such-report")).toEqual({ kind: "not_found" });
      expect(await store.deleteReport(brief.id, report.id)).toEqual({ kind: "deleted" });

      expect(await store.getReport(report.id)).toBeNull();
      expect(await store.listReports(brief.id)).toEqual([kept]);
      expect(await store.getEvidence(brief.id, passageIds)).toEqual([]);
      expect((await store.searchEvidence(brief.id, { q: "refineries", limit: 10 })).map((e) => e.reportId)).toEqual([
        kept.id,
      ]);
      expect(await store.searchEvidence(brief.id, { limit: 100 })).toHaveLength(6);
      expect(await store.findReportByContentHash(brief.id, HASH)).toBeNull();
      expect(await store.deleteReport(brief.id, report.id)).toEqual({ kind: "not_found" });
      // The kept report's parts are whole.
      expect((await store.getReport(kept.id))!.footnotes).toHaveLength(5);
    });
  });

  describe("evidence search", () => {
    it("without a query lists passages in reading order, reports oldest first, up to the limit", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const later = await store.createReport(brief.id, sampleReport({ title: "Later" }), lead.id);
      const all = await store.searchEvidence(brief.id, { limit: 100 });
      expect(all.map((e) => [e.reportTitle, e.position])).toEqual([
        ...[0, 1, 2, 3, 4, 5].map((p) => ["Grid and minerals outlook", p]),
        ...[0, 1, 2, 3, 4, 5].map((p) => ["Later", p]),
      ]);
      expect(all.every((e) => e.highlights.length === 0)).toBe(true);
      expect((await store.searchEvidence(brief.id, { limit: 2 })).map((e) => e.position)).toEqual([0, 1]);
      expect((await store.searchEvidence(brief.id, { reportId: later.id, limit: 100 })).map((e) => e.reportId)).toEqual(
        Array(6).fill(later.id),
      );
      expect(
        (await store.searchEvidence(brief.id, { reportId: report.id, section: "energy", limit: 100 })).map(
          (e) => e.position,
        ),
      ).toEqual([2, 3]);
    });

    it("answers evidence with its report title and de-duplicated source URLs", async () => {
      const store = await harness.open();
      const { report, brief } = await world(store);
      const [evidence] = await store.searchEvidence(brief.id, { q: "electricity", limit: 5 });
      expect(evidence).toMatchObject({
        reportId: report.id,
        reportTitle: "Grid and minerals outlook",
        sectionTitle: "Introduction",
        footnotes: [1, 2],
        sources: [URL_A],
      });
      const terms = (await store.searchEvidence(brief.id, { q: "more power", limit: 5 }))[0]!;
      // Footnote 4 has no URL: it is a footnote but not a source. Note 3's two URLs are both sources.
      expect(terms).toMatchObject({ footnotes: [3, 4], sources: [URL_B, URL_D] });
      expect(terms.notes).toEqual([
        { number: 3, text: NOTE_3, urls: [URL_B, URL_D] },
        { number: 4, text: "Interview with a grid operator.", urls: [] },
      ]);
      expect(evidence!.notes).toEqual([
        { number: 1, text: URL_A, urls: [URL_A] },
        { number: 2, text: URL_A, urls: [URL_A] },
      ]);
    });

    it("needs every word, stems them, and ranks a passage holding the whole query as a phrase first", async () => {
      const store = await harness.open();
      const { brief } = await world(store);
      // Both passages hold both words; the short one holds them twice, but only the long one as a phrase.
      const results = await store.searchEvidence(brief.id, { q: "border power", limit: 10 });
      expect(texts(results)).toEqual([PHRASE_PASSAGE, TERMS_PASSAGE]);
      expect(texts(await store.searchEvidence(brief.id, { q: "power water", limit: 10 }))).toEqual([]);
      // Stemmed: "refinery" finds "refineries".
      expect(texts(await store.searchEvidence(brief.id, { q: "refinery", limit: 10 }))).toEqual([
        "Mineral exporters plan new refineries.",
      ]);
      expect(texts(await store.searchEvidence(brief.id, { q: "ELECTRICITY exports", limit: 10 }))).toEqual([
        "Electricity exports rose 40 percent in 2019.",
      ]);
    });

    it("answers highlights as [start, end) ranges of the matched words, a phrase as one range", async () => {
      const store = await harness.open();
      const { brief } = await world(store);
      const [first, second] = await store.searchEvidence(brief.id, { q: "border power", limit: 10 });
      const at = PHRASE_PASSAGE.indexOf("border power");
      expect(first!.highlights).toEqual([[at, at + "border power".length]]);
      expect(second!.highlights.map(([start, end]) => TERMS_PASSAGE.slice(start, end))).toEqual([
        "Power",
        "border",
        "power",
        "border",
      ]);
    });

    it("treats quotes as a phrase and everything else in the query as plain words", async () => {
      const store = await harness.open();
      const { brief } = await world(store);
      expect(texts(await store.searchEvidence(brief.id, { q: '"power at the border"', limit: 10 }))).toEqual([
        TERMS_PASSAGE,
      ]);
      expect(texts(await store.searchEvidence(brief.id, { q: '"border at power"', limit: 10 }))).toEqual([]);
      for (const hostile of [
        'power" OR "water',
        "NEAR(power border)",
        "power*",
        "-border",
        "border:power",
        "^power",
        "'; DROP TABLE passages; --",
        '"""',
      ]) {
        await expect(store.searchEvidence(brief.id, { q: hostile, limit: 10 })).resolves.toBeInstanceOf(Array);
      }
      expect(await store.searchEvidence(brief.id, { q: "?!", limit: 10 })).toEqual([]);
      expect(await store.searchEvidence(brief.id, { limit: 100 })).toHaveLength(6);
    });

    it("filters a search by report, section and ids", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const later = await store.createReport(brief.id, sampleReport({ title: "Later" }), lead.id);
      const both = await store.searchEvidence(brief.id, { q: "processing minerals", limit: 10 });
      expect(both.map((e) => e.reportTitle)).toEqual(["Grid and minerals outlook", "Later"]);
      expect(
        (await store.searchEvidence(brief.id, { q: "processing minerals", reportId: later.id, limit: 10 })).map(
          (e) => e.reportId,
        ),
      ).toEqual([later.id]);
      expect(await store.searchEvidence(brief.id, { q: "minerals", section: "energy", limit: 10 })).toEqual([]);
      expect(
        texts(
          await store.searchEvidence(brief.id, {
            q: "minerals",
            section: "Rare Earth Elements",
            reportId: report.id,
            limit: 10,
          }),
        ).sort(),
      ).toEqual(["Mineral exporters plan new refineries.", "Processing minerals needs water and a skilled workforce."]);
      const ids = both.map((e) => e.id);
      expect((await store.searchEvidence(brief.id, { ids: [ids[1]!], limit: 10 })).map((e) => e.id)).toEqual([ids[1]]);
      expect(await store.searchEvidence(brief.id, { q: "power", ids, limit: 10 })).toEqual([]);
    });

    it("looks evidence up by id in the order asked, leaving out unknown and other briefs' ids", async () => {
      const store = await harness.open();
      const { lead, brief, report } = await world(store);
      const other = await buildBrief(store, lead.id, "Other");
      const foreign = (await store.createReport(other.id, sampleReport(), lead.id)).id;
      const passages = (await store.getReport(report.id))!.passages;
      const foreignPassage = (await store.getReport(foreign))!.passages[0]!;
      const found = await store.getEvidence(brief.id, [
        passages[4]!.id,
        "forged-id",
        foreignPassage.id,
        passages[1]!.id,
        passages[4]!.id,
      ]);
      expect(found.map((e) => e.id)).toEqual([passages[4]!.id, passages[1]!.id]);
      expect(found[1]).toEqual({
        ...passages[1],
        reportTitle: "Grid and minerals outlook",
        sources: [URL_A],
        notes: [
          { number: 1, text: URL_A, urls: [URL_A] },
          { number: 2, text: URL_A, urls: [URL_A] },
        ],
        highlights: [],
      });
      expect(await store.getEvidence(brief.id, [])).toEqual([]);
    });
  });
}
