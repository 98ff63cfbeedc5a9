import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { PARAGRAPH_END, expectFigureOffsetsHold } from "./testing/reportAssertions.js";
import type { ImportedReport } from "./types.js";

/**
 * The real source report lives beside the clone, in shared/ (it must not be copied into the
 * project). CI has it; a fresh clone elsewhere may not, and must still pass `npm test`, so the
 * suite then skips — loudly, with the path in its title and on the console.
 */
const REPORT_PATH = path.resolve(import.meta.dirname, "../../../../shared/reports/usmca-brief.txt");
const MISSING = existsSync(REPORT_PATH)
  ? null
  : `SKIPPED: the real report is missing at ${REPORT_PATH} (shared/reports/ beside the repository)`;
if (MISSING !== null) console.warn(MISSING);

async function loadRealReport(): Promise<ImportedReport> {
  return importReport({ filename: "usmca-brief.txt", bytes: readFileSync(REPORT_PATH) });
}

describe.skipIf(MISSING !== null)(
  `the real report (usmca-brief.txt)${MISSING === null ? "" : ` — ${MISSING}`}`,
  async () => {
    // A skipped suite's body still runs to collect its tests: read nothing then.
    const report = MISSING === null ? await loadRealReport() : (undefined as unknown as ImportedReport);

    it("has the eleven headings in order, the capitalised six as sectors", () => {
      expect(report.sections.map((s) => s.title)).toEqual([
        "Introduction",
        "NAFTA and the USMCA",
        "Changes to USMCA That Allow Regionalization",
        "Sectors for Potential Collaboration",
        "ENERGY",
        "MANUFACTURING",
        "PHARMACEUTICALS",
        "AGRICULTURE",
        "TOURISM",
        "RARE EARTH ELEMENTS",
        "Looking Ahead",
      ]);
      expect(report.sections.filter((s) => s.sectorLike).map((s) => s.sectorName)).toEqual([
        "Energy",
        "Manufacturing",
        "Pharmaceuticals",
        "Agriculture",
        "Tourism",
        "Rare Earth Elements",
      ]);
      expect(report.passages.filter((p) => p.section === 3)).toEqual([]);
    });

    it("keeps all 93 URL lines as footnotes, on 8 pages", () => {
      expect(report.format).toBe("text");
      expect(report.title).toBe("usmca-brief");
      expect(report.pageCount).toBe(8);
      expect(report.footnotes).toHaveLength(93);
      expect(report.footnotes.map((n) => n.number)).toEqual(Array.from({ length: 93 }, (_, i) => i + 1));
      const perPage = [1, 2, 3, 4, 5, 6, 7, 8].map((page) => report.footnotes.filter((n) => n.page === page).length);
      expect(perPage).toEqual([5, 9, 4, 17, 17, 19, 15, 7]);
      expect(report.footnotes.every((n) => n.url !== null && n.url === n.text && /^https?:\/\//.test(n.url))).toBe(
        true,
      );
    });

    it("has 39 passages, 8 of them bullets, none duplicated (the pull-quote is dropped)", () => {
      expect(report.passages).toHaveLength(39);
      // Its markers were lost in extraction: every passage's sources are its pages' notes, and say so.
      expect(new Set(report.passages.map((p) => p.sourcesFrom))).toEqual(new Set(["page"]));
      expect(report.passages.filter((p) => p.kind === "list_item")).toHaveLength(8);
      expect(report.passages.some((p) => p.text.startsWith("▪"))).toBe(false);
      const words = report.passages.map(
        (p) =>
          ` ${p.text
            .toLowerCase()
            .replace(/[^\p{L}\p{N}]+/gu, " ")
            .trim()} `,
      );
      words.forEach((text, i) => {
        words.forEach((other, j) => {
          if (i !== j) expect(other.includes(text), `passage ${i} repeats passage ${j}`).toBe(false);
        });
      });
    });

    it("never ends a paragraph mid-sentence at a page break or footnote block", () => {
      for (const passage of report.passages.filter((p) => p.kind === "paragraph")) {
        expect(passage.text, `passage ${passage.position}`).toMatch(PARAGRAPH_END);
      }
      expect(
        report.passages.filter((p) => p.footnotes.some((n) => report.footnotes[n - 1]!.page !== p.page)),
      ).toHaveLength(3);
    });

    it("joins words hyphenated at line ends and keeps real hyphens and dashes", () => {
      const all = report.passages.map((p) => p.text).join("\n");
      expect(all).toContain("popular");
      expect(all).not.toMatch(/pop-\s?ular/);
      expect(all).toContain("USMCA");
      expect(all).not.toMatch(/USM-\s?CA/);
      expect(all).not.toMatch(/\p{L}- /u);
      expect(all).toContain("U.S.-Mexico");
      expect(all).toContain("40–45 percent");
    });

    it("states the $614.5 billion figure in a passage starting on page 1 that runs onto page 2", () => {
      const passage = report.passages.find((p) => p.text.includes("$614.5 billion"))!;
      expect(passage).toMatchObject({ section: 0, page: 1, kind: "paragraph" });
      expect(passage.footnotes).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
      const figure = passage.figures.find((f) => f.raw === "$614.5 billion");
      expect(figure).toEqual({
        kind: "money",
        raw: "$614.5 billion",
        value: 614_500_000_000,
        unit: "USD",
        start: passage.text.indexOf("$614.5 billion"),
      });
      expect(passage.figures.map((f) => f.raw)).toEqual([
        "1994",
        "$261 billion",
        "1990",
        "$1.27 trillion",
        "2020",
        "1990",
        "$38.3 billion",
        "2019",
        "$614.5 billion",
      ]);
    });

    it("extracts the figures recommendations cite", () => {
      const figure = (raw: string) => report.passages.flatMap((p) => p.figures).find((f) => f.raw === raw);
      expect(figure("62 percent")).toMatchObject({ kind: "percent", value: 62, unit: "percent" });
      expect(figure("26 million")).toMatchObject({ kind: "count", value: 26_000_000, unit: "" });
      expect(figure("7 gigawatts")).toMatchObject({ kind: "quantity", value: 7, unit: "gigawatts" });
      expect(figure("$1.27 trillion")).toMatchObject({ kind: "money", value: 1_270_000_000_000, unit: "USD" });
      expect(figure("40–45 percent")).toMatchObject({ kind: "percent", value: 40, rangeEnd: 45 });
      expect(report.passages.find((p) => p.text.includes("7 gigawatts"))).toMatchObject({ section: 4, page: 4 });
      expectFigureOffsetsHold(report);
    });
  },
);
