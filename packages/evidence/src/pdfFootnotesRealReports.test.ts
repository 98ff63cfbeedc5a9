import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";

/**
 * The ten real CRS PDFs (shared/reports/crs, beside the clone), imported as an upload: each
 * report's numbered notes, against truth.json's count and the notes of the report's own
 * Markdown rendering. Absent folder: the suite skips, loudly, naming the path.
 */
const CRS = path.resolve(import.meta.dirname, "../../../../shared/reports/crs");
const TRUTH = path.join(CRS, "truth.json");
const MISSING = existsSync(TRUTH) ? null : `SKIPPED: the real CRS reports are missing at ${TRUTH} (shared/reports/crs beside the repository)`;
if (MISSING !== null) console.warn(MISSING);

interface Truth {
  file: string;
  report: string;
  footnotes: number;
}

/** The Markdown rendering's notes by number, from its `# Footnotes` table (`| 3. | text |`). */
function markdownNotes(markdown: string): Map<number, string> {
  const notes = new Map<number, string>();
  const start = markdown.indexOf("# Footnotes");
  if (start < 0) return notes;
  for (const row of markdown.slice(start).split("\n")) {
    const cells = row.split("|").map((cell) => cell.trim());
    const number = /^\d{1,4}\.$/.test(cells[1] ?? "") ? Number(cells[1]!.slice(0, -1)) : NaN;
    if (Number.isInteger(number)) notes.set(number, cells.slice(2).join(" "));
  }
  return notes;
}

/** Words of three letters or more: two renderings of one citation share most of them (PDFs break words in URLs). */
const words = (text: string): Set<string> => new Set(text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

describe.skipIf(MISSING !== null)(`numbered footnotes of the real CRS PDFs${MISSING === null ? "" : ` — ${MISSING}`}`, () => {
  const truths: Truth[] = MISSING === null ? JSON.parse(readFileSync(TRUTH, "utf8")) : [];

  it("are numbered exactly 1..N in each report, and each note's text is the report's own citation (80 % of its words)", async () => {
    let agreeing = 0;
    let compared = 0;
    const numbers: Array<[string, boolean]> = [];
    for (const truth of truths) {
      const report = await importReport({ filename: truth.file, bytes: new Uint8Array(readFileSync(path.join(CRS, truth.file))) });
      const expected = Array.from({ length: truth.footnotes }, (_, index) => index + 1);
      numbers.push([truth.report, truth.footnotes === 0 || JSON.stringify(report.footnotes.map((note) => note.number)) === JSON.stringify(expected)]);
      const own = markdownNotes(readFileSync(path.join(CRS, `${truth.report}.md`), "utf8"));
      for (const note of report.footnotes) {
        const wanted = words(own.get(note.number) ?? "");
        // A note the Markdown rendering left empty (a table or figure only) has nothing to compare.
        if (wanted.size === 0 || truth.footnotes === 0) continue;
        const have = words(note.text);
        let shared = 0;
        for (const word of wanted) if (have.has(word)) shared++;
        compared++;
        if (shared / wanted.size >= 0.8) agreeing++;
      }
    }
    expect(numbers).toEqual(truths.map((truth) => [truth.report, true]));
    console.log(`[pdf notes] ${agreeing}/${compared} notes share at least 80 % of their words with the report's own`);
    expect(agreeing).toBe(compared);
  });
});
