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

describe("citations, sources, citation styles and passage markers (migration 7)", () => {
  it("a brief, recommendation and passage stored before read with the default style, no citation ids and no markers", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "accord-citations-"));
    dirs.push(dir);
    const file = path.join(dir, "accord.db");
    const at = "2026-01-01T00:00:00.000Z";

    // Schema 6, as the release before left it.
    const raw = new Database(file);
    migrate(raw, 6);
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
      .prepare("INSERT INTO memberships (brief_id, user_id, role, joined_at) VALUES ('brief', 'lead', 'lead', ?)")
      .run(at);
    raw
      .prepare(
        "INSERT INTO sectors (id, brief_id, name, description, position) VALUES ('sector', 'brief', 'Energy', '', 0)",
      )
      .run();
    raw
      .prepare(
        `INSERT INTO recommendations (id, brief_id, sector_id, title, status, owner_id, position, cited_evidence_ids, created_at, updated_at)
         VALUES ('rec', 'brief', 'sector', 'Old rec', 'draft', 'lead', 0, '["passage"]', ?, ?)`,
      )
      .run(at, at);
    raw
      .prepare(
        `INSERT INTO reports (id, brief_id, title, format, created_by, created_at, section_count, page_count, passage_count, footnote_count)
         VALUES ('report', 'brief', 'Old report', 'text', 'lead', ?, 0, 1, 1, 0)`,
      )
      .run(at);
    raw
      .prepare(
        `INSERT INTO passages (id, report_id, brief_id, section_index, section_title, page, kind, position, text, figures, footnotes, sources_from)
         VALUES ('passage', 'report', 'brief', NULL, NULL, 1, 'paragraph', 0, 'Grid links grew.', '[]', '[]', 'markers')`,
      )
      .run();
    raw.close();

    const store = openSqliteStore({ file });
    try {
      expect(await store.getBrief("brief")).toEqual({
        id: "brief",
        title: "Old brief",
        description: "",
        createdBy: "lead",
        createdAt: at,
        updatedAt: at,
        citationStyle: "chicago-fullnote-bibliography",
        // Migration 10: a brief from before suggesting mode suggests edits in review.
        suggestEditsInReview: true,
      });
      expect(await store.getRecommendation("rec")).toMatchObject({ citedEvidenceIds: ["passage"], citationIds: [] });
      expect((await store.getReport("report"))!.passages[0]).toMatchObject({
        id: "passage",
        sourcesFrom: "markers",
        markers: [],
      });
      expect(await store.listCitations("brief")).toEqual([]);
      expect(await store.listSources("brief")).toEqual([]);
      expect(await store.getCustomCitationStyle("brief")).toBeNull();
      // The new tables work on the migrated file.
      const [source] = await store.createSources("brief", [{ type: "book", title: "Grids" }], "lead");
      const citation = await store.createCitation({
        briefId: "brief",
        evidenceId: null,
        reportId: null,
        quote: null,
        notes: [],
        sourceIds: [],
        sourcesChosen: true,
        sourceId: source!.id,
        locator: null,
        createdBy: "lead",
      });
      expect(await store.getCitations("brief", [citation.id])).toEqual([citation]);
    } finally {
      await store.close();
    }
  });
});
