import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "./SqliteStore.js";
import { migrate } from "./schema.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("report metadata, levels, note URLs and sources' origin (migration 6)", () => {
  it("a report stored before reads with its title as its only metadata, level 1, its one URL and page sources", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "accord-reports-"));
    dirs.push(dir);
    const file = path.join(dir, "accord.db");
    const at = "2026-01-01T00:00:00.000Z";
    const url = "https://example.org/old-source";

    // Schema 5, as the release before left it: one report with a section, two notes and a passage.
    const raw = new Database(file);
    migrate(raw, 5);
    raw
      .prepare(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('lead', 'lead@example.org', 'Lead', 'x', ?)",
      )
      .run(at);
    raw
      .prepare(
        "INSERT INTO briefs (id, title, description, created_by, created_at, updated_at) VALUES ('brief', 'Old brief', '', 'lead', ?, ?)",
      )
      .run(at, at);
    raw
      .prepare(
        `INSERT INTO reports (id, brief_id, title, format, created_by, created_at, section_count, page_count, passage_count, footnote_count)
         VALUES ('report', 'brief', 'old-upload', 'pdf', 'lead', ?, 1, 1, 1, 2)`,
      )
      .run(at);
    raw
      .prepare(
        "INSERT INTO report_sections (report_id, section_index, title, sector_like, sector_name) VALUES ('report', 0, 'ENERGY', 1, 'Energy')",
      )
      .run();
    raw.prepare("INSERT INTO report_pages (report_id, number) VALUES ('report', 1)").run();
    const note = raw.prepare(
      "INSERT INTO report_footnotes (report_id, number, page, url, text) VALUES ('report', ?, 1, ?, ?)",
    );
    note.run(1, url, url);
    note.run(2, null, "A talk with an engineer.");
    raw
      .prepare(
        `INSERT INTO passages (id, report_id, brief_id, section_index, section_title, page, kind, position, text, figures, footnotes)
         VALUES ('passage', 'report', 'brief', 0, 'ENERGY', 1, 'paragraph', 0, 'Grid links grew.', '[]', '[1,2]')`,
      )
      .run();
    raw.close();

    const store = openSqliteStore({ file });
    try {
      const summary = {
        id: "report",
        briefId: "brief",
        title: "old-upload",
        metadata: { title: "old-upload", authors: [], publisher: null, date: null, reportNumber: null },
        contentHash: null,
        format: "pdf",
        createdBy: "lead",
        createdAt: at,
        counts: { sections: 1, pages: 1, passages: 1, footnotes: 2 },
      };
      expect(await store.listReports("brief")).toEqual([summary]);
      const report = await store.getReport("report");
      expect(report!.sections).toEqual([
        { index: 0, title: "ENERGY", level: 1, sectorLike: true, sectorName: "Energy" },
      ]);
      expect(report!.footnotes).toEqual([
        { reportId: "report", number: 1, page: 1, url, urls: [url], text: url },
        { reportId: "report", number: 2, page: 1, url: null, urls: [], text: "A talk with an engineer." },
      ]);
      expect(await store.getEvidence("brief", ["passage"])).toEqual([
        {
          id: "passage",
          reportId: "report",
          briefId: "brief",
          sectionIndex: 0,
          sectionTitle: "ENERGY",
          page: 1,
          kind: "paragraph",
          position: 0,
          text: "Grid links grew.",
          figures: [],
          footnotes: [1, 2],
          sourcesFrom: "page",
          markers: [],
          reportTitle: "old-upload",
          sources: [url],
          notes: [
            { number: 1, text: url, urls: [url] },
            { number: 2, text: "A talk with an engineer.", urls: [] },
          ],
          highlights: [],
        },
      ]);
      // Still searchable, editable and deletable.
      expect((await store.searchEvidence("brief", { q: "grid", limit: 5 })).map((e) => e.id)).toEqual(["passage"]);
      expect((await store.updateReportMetadata("brief", "report", { title: "Grid Review" }))!.metadata.title).toBe(
        "Grid Review",
      );
      expect(await store.deleteReport("brief", "report")).toEqual({ kind: "deleted" });
      expect(await store.searchEvidence("brief", { q: "grid", limit: 5 })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
