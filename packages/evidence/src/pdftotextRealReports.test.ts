import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";

/**
 * The ten real CRS PDFs (shared/reports/crs, beside the clone) as pdftotext (poppler-utils)
 * extracts them, imported as a .txt upload. Both the folder and the pdftotext program may be
 * absent on a fresh machine: the suite then skips, loudly, naming what is missing.
 */
const CRS = path.resolve(import.meta.dirname, "../../../../shared/reports/crs");
const TRUTH = path.join(CRS, "truth.json");

function pdftotextVersion(): string | null {
  try {
    return execFileSync("pdftotext", ["-v"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) || "found";
  } catch (error) {
    // `pdftotext -v` prints to stderr, and some versions exit non-zero.
    return (error as { code?: string }).code === "ENOENT" ? null : "found";
  }
}

const MISSING = !existsSync(TRUTH)
  ? `SKIPPED: the real CRS reports are missing at ${TRUTH} (shared/reports/crs beside the repository)`
  : pdftotextVersion() === null
    ? "SKIPPED: pdftotext (poppler-utils) is not installed"
    : null;
if (MISSING !== null) console.warn(MISSING);

interface Truth {
  file: string;
  report: string;
  pages: number;
  headings: string[];
  footnotes: number;
}

/** Curly and straight apostrophes are the same letter here (the truth comes from the web page). */
const key = (text: string): string => text.replace(/’/g, "'");

describe.skipIf(MISSING !== null)(
  `the real CRS PDFs through pdftotext${MISSING === null ? "" : ` — ${MISSING}`}`,
  () => {
    const truths: Truth[] = MISSING === null ? JSON.parse(readFileSync(TRUTH, "utf8")) : [];

    it("have their exact pages, 97 % of their notes with at most 1 % extra, and 95 % of their contents headings", async () => {
      let notesFound = 0;
      let notesExtra = 0;
      let notesTotal = 0;
      let headingsFound = 0;
      let headingsTotal = 0;
      const pages: Array<[string, number]> = [];
      for (const truth of truths) {
        const text = execFileSync("pdftotext", [path.join(CRS, truth.file), "-"], { maxBuffer: 64 * 1024 * 1024 });
        const report = await importReport({ filename: `${truth.report}.txt`, bytes: new Uint8Array(text) });
        pages.push([truth.report, report.pageCount]);
        notesFound += Math.min(report.footnotes.length, truth.footnotes);
        notesExtra += Math.max(0, report.footnotes.length - truth.footnotes);
        notesTotal += truth.footnotes;
        const titles = new Set(report.sections.map((section) => key(section.title)));
        headingsFound += truth.headings.filter((heading) => titles.has(key(heading))).length;
        headingsTotal += truth.headings.length;
        // Notes keep the report's numbers, each once.
        const numbers = report.footnotes.map((note) => note.number);
        expect(new Set(numbers).size).toBe(numbers.length);
      }
      expect(pages).toEqual(truths.map((truth) => [truth.report, truth.pages]));
      console.log(
        `[pdftotext] notes ${notesFound}/${notesTotal} (+${notesExtra}), headings ${headingsFound}/${headingsTotal}`,
      );
      expect(notesFound / notesTotal).toBeGreaterThanOrEqual(0.97);
      expect(notesExtra / notesTotal).toBeLessThanOrEqual(0.01);
      expect(headingsFound / headingsTotal).toBeGreaterThanOrEqual(0.95);
    });
  },
);
