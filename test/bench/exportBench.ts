import os from "node:os";
import { BodyReader } from "@accord/editor";
import {
  buildBriefExport,
  CslEngines,
  renderExport,
  type BriefExportInput,
  type CitedPassage,
  type ExportCitation,
  type ExportFormat,
  type ExportReport,
} from "@accord/export";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import type * as Y from "yjs";

export interface ExportBenchOptions {
  recommendations: number;
  citationsPerRecommendation: number;
  sectors: number;
  passages: number;
  runs: number;
}

export interface ExportBenchResult {
  options: ExportBenchOptions;
  citations: number;
  /**
   * Reading the Y.Docs with the editor's schema and building the model (the style's notes and
   * bibliography included): the median of `runs` builds, as the server's long-lived export
   * worker builds them, and the first build of the process (`modelColdMs`).
   */
  modelMs: number;
  modelColdMs: number;
  /** This process's CPU time for each build (`modelMs`'s runs, in order): the load of other processes inflates it much less than the wall time. */
  modelCpuMs: number[];
  /** The same, when the three reports carry the same notes word for word (sources that read alike: citeproc tries to tell them apart at every note). */
  alikeModelMs: number;
  /**
   * `cpuMs`: this process's CPU time for each run. On a shared machine the wall time grows
   * with everyone else's load; the CPU time much less (the renderers run on one thread).
   */
  formats: Array<{ format: ExportFormat; medianMs: number; runsMs: number[]; cpuMs: number[]; bytes: number }>;
}

const FORMATS: ExportFormat[] = process.env.BENCH_FORMATS
  ? (process.env.BENCH_FORMATS.split(",").filter(Boolean) as ExportFormat[])
  : ["docx", "pdf", "md", "html"];
/** Reports the passages come from, each with its own numbered notes. */
const REPORTS = 3;
const NOTES_PER_REPORT = 40;
/** The brief's own bibliography sources (web pages, books, articles). */
const SOURCES = 36;
/** Who wrote each report's notes. */
const AGENCIES = ["Port Authority of the North", "Inland Waterways Board", "Corridor Customs Office"];

type Input = Omit<BriefExportInput, "title" | "description" | "date" | "contributors" | "sectors">;

/**
 * A large brief exported in-process through the server's own path: Y.Docs written with the
 * editor's schema → BodyReader → buildBriefExport (citeproc renders every note in the brief's
 * style, and the bibliography) → each renderer. Every citation quotes part of its passage and
 * has chosen sources (the report's notes, and every third one a bibliography source too); one
 * in ten cites a bibliography source directly with a locator. No HTTP, no store: it measures
 * the export, not SQLite.
 */
export async function runExportBench(options: ExportBenchOptions): Promise<ExportBenchResult> {
  const reader = new BodyReader();

  const docs: Y.Doc[] = [];
  let citation = 0;
  const nextCite = () => ({ type: "citation", attrs: { citationId: `cit-${citation++}` } });
  for (let r = 0; r < options.recommendations; r++) {
    docs.push(
      prosemirrorJSONToYDoc(
        reader.schema,
        recommendationBody(r, options.citationsPerRecommendation, nextCite),
        "default",
      ),
    );
  }

  const perSector = Math.ceil(options.recommendations / options.sectors);
  // The worker keeps its built citeproc engines by style (server/src/export/exportWorker.ts):
  // so does the bench, so the first build makes the style's engine and the later ones reuse it.
  const engines = new CslEngines();
  const build = (input: Input) =>
    buildBriefExport(
      {
        title: "Benchmark brief",
        description: "A generated brief for measuring the export.",
        date: new Date().toISOString().slice(0, 10),
        contributors: ["Lena Lead", "Ed Editor", "Rita Reviewer"],
        sectors: Array.from({ length: options.sectors }, (_, s) => ({
          name: `Sector ${s + 1}`,
          recommendations: docs.slice(s * perSector, (s + 1) * perSector).map((doc, i) => ({
            id: `rec-${s}-${i}`,
            title: `Recommendation ${s * perSector + i + 1}: strengthen the corridor`,
            status: "approved" as const,
            body: reader.read(doc),
          })),
        })),
        ...input,
      },
      { engines },
    );
  const timed = (input: Input) => {
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const model = build(input);
    const cpu = process.cpuUsage(cpu0);
    return { model, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const input = citationWorld(options, { alikeNotes: false });
  const builds = Array.from({ length: options.runs }, () => timed(input));
  const model = builds[0]!.model;
  const modelMs = median(builds.map((b) => b.ms));
  const alike = citationWorld(options, { alikeNotes: true });
  const alikeBuilds = Array.from({ length: options.runs }, () => timed(alike));
  const alikeModelMs = median(alikeBuilds.map((b) => b.ms));
  for (const doc of docs) doc.destroy();
  const citations = model.sectors.flatMap((s) => s.recommendations).reduce((sum, r) => sum + r.footnotes.length, 0);
  const expected = options.recommendations * options.citationsPerRecommendation;
  if (citations !== expected)
    throw new Error(
      `the bench brief has ${citations} notes, not ${expected}: its citations no longer match the export's input`,
    );
  console.log(
    `model: wall ms ${builds.map((b) => b.ms.toFixed(0)).join(", ")}; CPU ms ${builds.map((b) => b.cpuMs.toFixed(0)).join(", ")}; with notes alike across reports: wall ms ${alikeBuilds.map((b) => b.ms.toFixed(0)).join(", ")}, CPU ms ${alikeBuilds.map((b) => b.cpuMs.toFixed(0)).join(", ")}; load average ${os.loadavg()[0]!.toFixed(2)}`,
  );

  const formats: ExportBenchResult["formats"] = [];
  for (const format of FORMATS) {
    const runsMs: number[] = [];
    const cpuMs: number[] = [];
    let bytes = 0;
    for (let run = 0; run < options.runs; run++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      bytes = (await renderExport(model, format)).length;
      runsMs.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuMs.push((cpu.user + cpu.system) / 1000);
    }
    formats.push({ format, medianMs: median(runsMs), runsMs, cpuMs, bytes });
    console.log(
      `${format}: wall ms ${runsMs.map((v) => v.toFixed(0)).join(", ")}; CPU ms ${cpuMs.map((v) => v.toFixed(0)).join(", ")}; load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
  }
  return {
    options,
    citations,
    modelMs,
    modelColdMs: builds[0]!.ms,
    modelCpuMs: builds.map((b) => b.cpuMs),
    alikeModelMs,
    formats,
  };
}

/**
 * The passages, reports, bibliography sources and stored citations the bodies cite. Each
 * report has its own notes; with `alikeNotes` the three reports' notes are the same words
 * (only their URLs differ), the worst case for citeproc's disambiguation.
 */
function citationWorld(options: ExportBenchOptions, { alikeNotes }: { alikeNotes: boolean }): Input {
  const reports = new Map<string, ExportReport>(
    Array.from({ length: REPORTS }, (_, r) => [
      `report-${r}`,
      {
        metadata: {
          title: `Tidewater Grid Review ${2023 + r}`,
          authors: ["Amara Okafor", "Jonas Lindqvist"],
          publisher: "Harbour Policy Institute",
          date: `${2023 + r}-0${3 + r}-15`,
          reportNumber: `HPI-${100 + r}`,
        },
        footnotes: new Map(
          Array.from({ length: NOTES_PER_REPORT }, (_, n) => [
            n + 1,
            {
              text: `${alikeNotes ? "Port Authority of the North" : AGENCIES[r]}, “Quarterly freight statistics, table ${n + 1},” Corridor Bulletin, March ${1 + (n % 28)}, ${2019 + (n % 5)}, https://example.org/bulletin/${r}/${n + 1}.`,
              urls: [`https://example.org/bulletin/${r}/${n + 1}`],
            },
          ]),
        ),
      },
    ]),
  );
  const evidence = new Map<string, CitedPassage>();
  for (let i = 0; i < options.passages; i++) {
    evidence.set(`ev-${i}`, {
      reportId: `report-${i % REPORTS}`,
      text: `Passage ${i}: ${"Freight volumes through the northern corridor rose steadily as customs clearance times fell and rail links reopened. ".repeat(1 + (i % 4))}`,
      section: `Section ${1 + (i % 9)}`,
      page: 1 + (i % 40),
      footnotes: [1 + (i % NOTES_PER_REPORT)],
      sourcesFrom: "markers",
    });
  }
  const kinds = ["webpage", "book", "article-journal", "report"] as const;
  const sources: Input["sources"] = new Map(
    Array.from({ length: SOURCES }, (_, s) => {
      const type = kinds[s % kinds.length]!;
      return [
        `src-${s}`,
        {
          type,
          title: `Rail and port capacity in the northern corridor, part ${s + 1}`,
          author: [
            {
              family: ["Moreau", "Tanaka", "Osei", "Brennan"][s % 4]!,
              given: ["Claire", "Hiro", "Kwame", "Niamh"][s % 4]!,
            },
          ],
          issued: { "date-parts": [[2015 + (s % 9), 1 + (s % 12)]] },
          ...(type === "article-journal"
            ? {
                "container-title": "Journal of Transport Policy",
                volume: String(10 + s),
                page: `${100 + s}-${120 + s}`,
              }
            : {}),
          ...(type === "book" || type === "report"
            ? { publisher: "Meridian Press", "publisher-place": "Rotterdam" }
            : {}),
          URL: `https://example.org/sources/${s}`,
        },
      ];
    }),
  );
  const total = options.recommendations * options.citationsPerRecommendation;
  const citations = new Map<string, ExportCitation>();
  for (let c = 0; c < total; c++) {
    const id = `cit-${c}`;
    if (c % 10 === 9) {
      citations.set(id, {
        id,
        evidenceId: null,
        reportId: null,
        quote: null,
        notes: [],
        sourceIds: [],
        sourcesChosen: true,
        sourceId: `src-${c % SOURCES}`,
        locator: `p. ${1 + (c % 300)}`,
      });
      continue;
    }
    const evidenceId = `ev-${c % options.passages}`;
    const passage = evidence.get(evidenceId)!;
    // A quote of a few words from inside the passage, as an editor selects it.
    const start = passage.text.indexOf("customs");
    const end = passage.text.indexOf("reopened") + "reopened".length;
    citations.set(id, {
      id,
      evidenceId,
      reportId: passage.reportId,
      quote: { text: passage.text.slice(start, end), start, end },
      notes: [1 + (c % NOTES_PER_REPORT), 1 + ((c * 7) % NOTES_PER_REPORT)],
      sourceIds: c % 3 === 0 ? [`src-${(c * 5) % SOURCES}`] : [],
      sourcesChosen: true,
      sourceId: null,
      locator: null,
    });
  }
  return { evidence, style: { id: "chicago-fullnote-bibliography", xml: null }, reports, citations, sources };
}

function recommendationBody(index: number, citations: number, cite: () => object): object {
  const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
  const paragraph = (...content: object[]) => ({ type: "paragraph", content });
  const item = (...content: object[]) => ({ type: "listItem", content });
  // Spread the citations over paragraphs, a nested list and a quote, as real bodies do.
  const cites = Array.from({ length: citations }, cite);
  const take = () => cites.shift() ?? text("");
  const content: object[] = [
    paragraph(
      text(`Recommendation ${index + 1} asks the ministries to `),
      text("act within a year", [{ type: "bold" }]),
      text(", as the "),
      text("review", [{ type: "link", attrs: { href: "https://example.org/review" } }]),
      text(" found."),
      take(),
    ),
    { type: "heading", attrs: { level: 2 }, content: [text("Rationale")] },
    paragraph(text("Clearance times fell by a third where the portal was used, and costs fell with them."), take()),
    {
      type: "bulletList",
      content: [
        item(paragraph(text("Fund the first phase"), take()), {
          type: "orderedList",
          attrs: { start: 1 },
          content: [item(paragraph(text("Survey"))), item(paragraph(text("Build"), take()))],
        }),
        item(paragraph(text("Report yearly"))),
      ],
    },
    { type: "blockquote", content: [paragraph(text("The corridor carries a fifth of all trade."), take())] },
  ];
  while (cites.length > 0) content.push(paragraph(text("Further evidence points the same way."), take()));
  return { type: "doc", content };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
