import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { expectMarkerOffsetsHold } from "./testing/markerAssertions.js";

/**
 * The ten real CRS reports live beside the clone, in shared/reports/crs (they must not be copied
 * into the project), each also as a Markdown rendering of its web page, with `truth.json`: its
 * contents-list headings and its footnote count. CI has them; a fresh clone elsewhere may not,
 * and then this suite skips — loudly, with the path in its title and on the console.
 */
const CRS = path.resolve(import.meta.dirname, "../../../../shared/reports/crs");
const TRUTH = path.join(CRS, "truth.json");
const MISSING = existsSync(TRUTH)
  ? null
  : `SKIPPED: the real CRS reports are missing at ${TRUTH} (shared/reports/crs beside the repository)`;
if (MISSING !== null) console.warn(MISSING);

interface Truth {
  report: string;
  headings: string[];
  footnotes: number;
}

describe.skipIf(MISSING !== null)(`the real CRS reports as Markdown${MISSING === null ? "" : ` — ${MISSING}`}`, () => {
  const truths: Truth[] = MISSING === null ? JSON.parse(readFileSync(TRUTH, "utf8")) : [];

  it("find the contents lists' headings among their sections (98 % in all) and exactly their footnotes", async () => {
    let found = 0;
    let total = 0;
    const counts: Array<[string, number]> = [];
    for (const truth of truths) {
      const file = path.join(CRS, `${truth.report}.md`);
      const report = await importReport({ filename: `${truth.report}.md`, bytes: readFileSync(file) });
      const titles = new Set(report.sections.map((section) => section.title));
      found += truth.headings.filter((heading) => titles.has(heading)).length;
      total += truth.headings.length;
      counts.push([truth.report, report.footnotes.length]);
      // Numbered 1…n, each with its citation's text.
      expect(report.footnotes.map((note) => note.number)).toEqual(
        Array.from({ length: truth.footnotes }, (_, i) => i + 1),
      );
      expect(report.footnotes.filter((note) => note.text === "")).toEqual([]);
      // Their web renderings lost the markers: every passage is page-sourced, with none.
      expect(expectMarkerOffsetsHold(report)).toBe(0);
      // The contents list is no passage.
      expect(report.passages.filter((passage) => passage.text === truth.headings[0])).toEqual([]);
    }
    expect(counts).toEqual(truths.map((truth) => [truth.report, truth.footnotes]));
    expect(total).toBe(131);
    expect(found / total).toBeGreaterThanOrEqual(0.98);
  });
});
