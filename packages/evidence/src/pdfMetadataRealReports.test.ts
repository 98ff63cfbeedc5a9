import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importPdf } from "./pdfImporter.js";

/**
 * The ten real CRS reports live beside the clone, in shared/reports/crs (they must not be copied
 * into the project). A fresh clone elsewhere must still pass `npm test`, so the suite then skips,
 * loudly, with the missing path in its title and on the console.
 */
const CRS = path.resolve(import.meta.dirname, "../../../../shared/reports/crs");
const TRUTH = path.join(CRS, "truth.json");
const MISSING = existsSync(TRUTH)
  ? null
  : `SKIPPED: the real CRS reports are missing at ${TRUTH} (shared/reports/crs beside the repository)`;
if (MISSING !== null) console.warn(MISSING);

interface Truth {
  file: string;
  report: string;
}

describe.skipIf(MISSING !== null)(
  `the metadata of the real CRS reports${MISSING === null ? "" : ` — ${MISSING}`}`,
  () => {
    const truths: Truth[] = MISSING === null ? (JSON.parse(readFileSync(TRUTH, "utf8")) as Truth[]) : [];

    it.each(truths.map((truth) => [truth.report, truth] as const))(
      "%s: its title, its number, an author and a date",
      async (_, truth) => {
        const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
        const bytes = new Uint8Array(readFileSync(path.join(CRS, truth.file)));
        const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
        const { info } = (await document.getMetadata()) as { info: { Title?: string } };
        await document.destroy();
        // The title the PDF declares, else the one the report prints (the Markdown edition's heading).
        const markdown = readFileSync(path.join(CRS, `${truth.report}.md`), "utf8");
        const printed = markdown.slice(2, markdown.indexOf("\n")).trim();
        const report = await importPdf(bytes, truth.file);
        // Whitespace collapsed: a declared title may hold no-break spaces, which the importer makes plain.
        const declared = info.Title?.replace(/\s+/g, " ").trim();
        expect(report.metadata.title).toBe(declared || printed);
        expect(report.title).toBe(report.metadata.title);
        expect(report.metadata.reportNumber).toBe(truth.report);
        expect(report.metadata.authors.length).toBeGreaterThanOrEqual(1);
        expect(report.metadata.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(report.metadata.publisher).toBe("Congressional Research Service");
      },
    );
  },
);
