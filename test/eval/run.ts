import fs from "node:fs";
import path from "node:path";
import { DEFAULT_IMPORT_LIMITS, type ImportedReport } from "@accord/evidence";
import { ImportPool } from "../../server/src/imports/ImportPool.js";
import { createLogger } from "../../server/src/logger.js";
import {
  notesOfMarkdown,
  ratios,
  scoreImport,
  TARGETS,
  totalScore,
  type ImportScore,
  type ReportTruth,
} from "../../packages/evidence/src/testing/importScore.js";

/**
 * `npm run eval:import`: imports every report in ../shared/reports/crs/ and the seed through
 * the server's import workers (the path an upload takes) and prints issue 13's four measures
 * per report and in total, against truth.json. `-- --only=R48903,R44243` scores a few;
 * `--show=R48903` also prints that report's sections and notes. Exits 1 when a total misses
 * its target, so it can gate a change.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = arg("only")?.split(",");
const show = arg("show")?.split(",") ?? [];

const REPORTS = path.resolve(import.meta.dirname, "../../../shared/reports");
const CRS = path.join(REPORTS, "crs");
if (!fs.existsSync(path.join(CRS, "truth.json"))) {
  console.error(`eval:import needs the real reports at ${CRS} (truth.json and the PDFs); they are not there.`);
  process.exit(2);
}
const truths = (JSON.parse(fs.readFileSync(path.join(CRS, "truth.json"), "utf8")) as ReportTruth[]).filter(
  (truth) => only === undefined || only.includes(truth.report),
);

const pool = new ImportPool({
  size: 1,
  timeoutMs: 120_000,
  maxHeapMb: 1_024,
  maxQueued: 100,
  limits: DEFAULT_IMPORT_LIMITS,
  logger: createLogger("warn"),
});

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const pad = (text: string | number, width: number) => String(text).padStart(width);

async function timed(filename: string, bytes: Uint8Array): Promise<{ report: ImportedReport; ms: number }> {
  const started = performance.now();
  const report = await pool.read({ kind: "file", filename, bytes });
  return { report, ms: performance.now() - started };
}

function printDetails(report: ImportedReport): void {
  console.log(`  metadata: ${JSON.stringify(report.metadata)}`);
  for (const section of report.sections) console.log(`  ${"  ".repeat(section.level - 1)}§ ${section.title}`);
  for (const note of report.footnotes)
    console.log(
      `  [${note.number}] p${note.page} ${note.text.slice(0, 160)}${note.urls.length > 0 ? ` ⟨${note.urls.join(" ")}⟩` : ""}`,
    );
  const unmarked = report.passages.filter((passage) => passage.footnotes.length === 0).length;
  console.log(
    `  passages: ${report.passages.length} (${unmarked} citing nothing), captions: ${report.passages.filter((p) => p.kind === "caption").length}`,
  );
}

try {
  // Warm the worker (pdf.js loads once per worker), so the first report's time is its own.
  await timed("warm.md", new TextEncoder().encode("# Warm\n\nText."));
  console.log("report      pages  headings found   real sections   footnotes found   extra   cited   agree   ms/page");
  const scores: ImportScore[] = [];
  let totalMs = 0;
  let totalPages = 0;
  for (const truth of truths) {
    const { report, ms } = await timed(truth.file, new Uint8Array(fs.readFileSync(path.join(CRS, truth.file))));
    const markdown = path.join(CRS, `${truth.report}.md`);
    const truthNotes = fs.existsSync(markdown)
      ? notesOfMarkdown(fs.readFileSync(markdown, "utf8"))
      : new Map<number, string>();
    const score = scoreImport(report, truth, truthNotes);
    scores.push(score);
    totalMs += ms;
    totalPages += report.pageCount;
    const r = ratios(score);
    console.log(
      `${truth.report.padEnd(10)} ${pad(score.pagesExact ? "exact" : `${report.pageCount}≠${truth.pages}`, 6)}` +
        `  ${pad(`${score.headingsFound}/${score.headingsTotal}`, 7)} ${pad(percent(r.headingsFound), 7)}` +
        `  ${pad(`${score.realSections}/${score.sections}`, 7)} ${pad(percent(r.realSections), 7)}` +
        `  ${pad(`${score.footnotesFound}/${score.footnotesTotal}`, 7)} ${pad(percent(r.footnotesFound), 7)}` +
        `  ${pad(score.footnotesExtra, 5)}  ${pad(percent(r.footnotesCited), 6)}  ${pad(percent(r.footnotesAgreeing), 6)}  ${pad((ms / report.pageCount).toFixed(1), 7)}`,
    );
    if (show.includes(truth.report)) printDetails(report);
  }
  const total = totalScore(scores);
  const r = ratios(total);
  console.log(
    `\nTOTAL      pages ${total.pagesExact ? "all exact" : "NOT all exact"}; headings found ${percent(r.headingsFound)} (target ≥ ${percent(TARGETS.headingsFound)}); ` +
      `real sections ${percent(r.realSections)} (≥ ${percent(TARGETS.realSections)}); footnotes found ${percent(r.footnotesFound)} (≥ ${percent(TARGETS.footnotesFound)}), ` +
      `extra ${percent(r.footnotesExtra)} (≤ ${percent(TARGETS.footnotesExtra)}); cited by a marker ${percent(r.footnotesCited)}; text agrees ${percent(r.footnotesAgreeing)}; ${(totalMs / Math.max(1, totalPages)).toFixed(1)} ms a page`,
  );

  const seedFile = path.join(REPORTS, "usmca-brief.txt");
  if (only === undefined || only.includes("seed")) {
    const { report } = await timed("usmca-brief.txt", new Uint8Array(fs.readFileSync(seedFile)));
    const sectors = report.sections.filter((section) => section.sectorLike).map((section) => section.sectorName);
    console.log(
      `SEED       ${report.sections.length} headings (want 11), ${report.footnotes.length} footnotes (want 93), sectors: ${sectors.join(", ")} (want 6), ` +
        `${report.passages.length} passages, sources from ${report.passages[0]?.sourcesFrom ?? "-"}`,
    );
    if (show.includes("seed")) printDetails(report);
  }
  const missed =
    !total.pagesExact ||
    r.headingsFound < TARGETS.headingsFound ||
    r.realSections < TARGETS.realSections ||
    r.footnotesFound < TARGETS.footnotesFound ||
    r.footnotesExtra > TARGETS.footnotesExtra;
  process.exitCode = missed && only === undefined ? 1 : 0;
} finally {
  await pool.close();
}
