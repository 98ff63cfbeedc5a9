import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { RecommendationEvent } from "@accord/protocol";
import { createLogger } from "../logger.js";
import { openSqliteStore } from "../store/sqlite/SqliteStore.js";
import type { Store } from "../store/Store.js";
import { CitationTracker } from "./CitationTracker.js";

/** The tracker over a real SQLite store; the "stored body" is a Y.Doc the test edits. */
async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-citations-"));
  const store: Store = openSqliteStore({ file: path.join(dir, "accord.db") });
  const user = await store.createUser({ email: "lena@example.org", name: "Lena", passwordHash: "x" });
  const brief = await store.createBrief({ title: "Trade", description: "", createdBy: user.id });
  const sector = await store.createSector({ briefId: brief.id, name: "Energy", description: "" });
  const rec = await store.createRecommendation({
    briefId: brief.id,
    sectorId: sector.id,
    title: "Grid links",
    ownerId: user.id,
  });
  const report = await store.createReport(
    brief.id,
    {
      title: "Notes",
      metadata: { title: "Notes", authors: [], publisher: null, date: null, reportNumber: null },
      format: "text",
      pageCount: 1,
      sections: [],
      passages: [
        {
          position: 0,
          kind: "paragraph",
          section: null,
          page: 1,
          text: "Our own words.",
          figures: [],
          footnotes: [],
          sourcesFrom: "markers",
          markers: [],
        },
      ],
      footnotes: [],
    },
    user.id,
  );
  const evidenceId = (await store.getReport(report.id))!.passages[0]!.id;
  const body = new Y.Doc();
  let reads = 0;
  const events: RecommendationEvent[] = [];
  const tracker = new CitationTracker({
    store,
    readStored: async (_docName, read) => {
      reads++;
      return read(body);
    },
    notify: { recommendation: (event) => void events.push(event) },
    logger: createLogger("silent"),
    debounceMs: 500,
  });
  const cite = (id: string) => citeWith({ evidenceId: id });
  const citeWith = (attributes: Record<string, string>) => {
    const element = new Y.XmlElement("citation");
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [element]);
    body.getXmlFragment("default").push([paragraph]);
  };
  const cleanup = async () => {
    await tracker.close();
    body.destroy();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { store, user, brief, report, rec, evidenceId, tracker, cite, citeWith, events, reads: () => reads, cleanup };
}

describe("CitationTracker", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("[C5] keeps citationIds: the body's citations of this brief in body order, leaving out another brief's and those whose evidenceId disagrees", async () => {
    const t = await setup();
    try {
      const base = {
        briefId: t.brief.id,
        quote: null,
        notes: [],
        sourceIds: [],
        sourcesChosen: true,
        sourceId: null,
        locator: null,
        createdBy: t.user.id,
      };
      const passage = await t.store.createCitation({ ...base, evidenceId: t.evidenceId, reportId: t.report.id });
      const [source] = await t.store.createSources(t.brief.id, [{ type: "book", title: "Grids" }], t.user.id);
      const direct = await t.store.createCitation({ ...base, evidenceId: null, reportId: null, sourceId: source!.id });
      const otherBrief = await t.store.createBrief({ title: "Other", description: "", createdBy: t.user.id });
      const foreign = await t.store.createCitation({
        ...base,
        briefId: otherBrief.id,
        evidenceId: null,
        reportId: null,
      });

      t.citeWith({ citationId: direct.id });
      t.citeWith({ citationId: foreign.id });
      t.citeWith({ citationId: passage.id, evidenceId: "another-passage" });
      t.citeWith({ citationId: passage.id, evidenceId: t.evidenceId });
      t.citeWith({ citationId: direct.id });
      t.tracker.schedule(t.rec.id);
      await t.tracker.flush();
      const stored = (await t.store.getRecommendation(t.rec.id))!;
      expect(stored.citationIds).toEqual([direct.id, passage.id]);
      expect(stored.citedEvidenceIds).toEqual([t.evidenceId]);
      expect(t.events.map((e) => e.type)).toEqual(["recommendation.updated"]);
    } finally {
      await t.cleanup();
    }
  });

  it("[C1] recomputes a burst of changes once, debounceMs after the last", async () => {
    vi.useFakeTimers();
    const t = await setup();
    try {
      t.cite(t.evidenceId);
      for (let i = 0; i < 5; i++) {
        t.tracker.schedule(t.rec.id);
        vi.advanceTimersByTime(400);
      }
      expect(t.reads()).toBe(0);
      vi.advanceTimersByTime(100);
      await t.tracker.flush();
      expect(t.reads()).toBe(1);
      expect((await t.store.getRecommendation(t.rec.id))!.citedEvidenceIds).toEqual([t.evidenceId]);
      expect(t.events.map((e) => [e.type, e.id])).toEqual([["recommendation.updated", t.rec.id]]);
    } finally {
      await t.cleanup();
    }
  });

  it("[C1] while changes keep coming without a pause, recomputes maxWaitMs after the first, then again for the next burst", async () => {
    vi.useFakeTimers();
    const t = await setup();
    try {
      t.cite(t.evidenceId);
      // Someone typing: a change every 300 ms, never the 500 ms pause, for 7.5 s.
      for (let elapsed = 0; elapsed < 7_500; elapsed += 300) {
        t.tracker.schedule(t.rec.id);
        await vi.advanceTimersByTimeAsync(300);
        if (elapsed + 300 < 5_000) expect(t.reads(), `at ${elapsed + 300} ms`).toBe(0);
      }
      // Once at 5 s (the maximum wait), and the changes since then start a new burst.
      expect(t.reads()).toBe(1);
      expect((await t.store.getRecommendation(t.rec.id))!.citedEvidenceIds).toEqual([t.evidenceId]);
      await vi.advanceTimersByTimeAsync(500);
      expect(t.reads()).toBe(2);
    } finally {
      await t.cleanup();
    }
  });

  it("[C3] announces nothing when the list did not change, and drops ids that are not the brief's evidence", async () => {
    const t = await setup();
    try {
      t.cite("forged");
      t.tracker.schedule(t.rec.id);
      await t.tracker.flush();
      expect((await t.store.getRecommendation(t.rec.id))!.citedEvidenceIds).toEqual([]);
      expect(t.events).toEqual([]);
    } finally {
      await t.cleanup();
    }
  });

  it("[C4] close runs what is pending and then accepts nothing more", async () => {
    const t = await setup();
    t.cite(t.evidenceId);
    t.tracker.schedule(t.rec.id);
    await t.tracker.close();
    expect((await t.store.getRecommendation(t.rec.id))!.citedEvidenceIds).toEqual([t.evidenceId]);
    t.tracker.schedule(t.rec.id);
    await t.tracker.flush();
    expect(t.reads()).toBe(1);
    await t.cleanup();
  });
});
