import { BodyReader } from "@accord/editor";
import { buildBriefExport, renderExport, type CitedPassage, type ExportFormat } from "@accord/export";
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
  /** Reading the Y.Docs with the editor's schema and building the model. */
  modelMs: number;
  formats: Array<{ format: ExportFormat; medianMs: number; runsMs: number[]; bytes: number }>;
}

const FORMATS: ExportFormat[] = ["docx", "pdf", "md", "html"];

/**
 * A large brief exported in-process through the server's own path: Y.Docs written with the
 * editor's schema → BodyReader → buildBriefExport → each renderer. No HTTP, no store: it
 * measures the export, not SQLite.
 */
export async function runExportBench(options: ExportBenchOptions): Promise<ExportBenchResult> {
  const reader = new BodyReader();
  const evidence = new Map<string, CitedPassage>();
  for (let i = 0; i < options.passages; i++) {
    evidence.set(`ev-${i}`, {
      text: `Passage ${i}: ${"Freight volumes through the northern corridor rose steadily as customs clearance times fell and rail links reopened. ".repeat(1 + (i % 4))}`,
      reportTitle: "Tidewater Grid Review",
      section: `Section ${1 + (i % 9)}`,
      page: 1 + (i % 40),
      sources: [`https://example.org/source/${i}`, `https://example.org/shared/${i % 7}`],
    });
  }

  const docs: Y.Doc[] = [];
  let citation = 0;
  const nextCite = () => ({ type: "citation", attrs: { evidenceId: `ev-${citation++ % options.passages}` } });
  for (let r = 0; r < options.recommendations; r++) {
    docs.push(prosemirrorJSONToYDoc(reader.schema, recommendationBody(r, options.citationsPerRecommendation, nextCite), "default"));
  }

  const started = performance.now();
  const perSector = Math.ceil(options.recommendations / options.sectors);
  const model = buildBriefExport({
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
    evidence,
  });
  const modelMs = performance.now() - started;
  for (const doc of docs) doc.destroy();
  const citations = model.sectors.flatMap((s) => s.recommendations).reduce((sum, r) => sum + r.footnotes.length, 0);

  const formats: ExportBenchResult["formats"] = [];
  for (const format of FORMATS) {
    const runsMs: number[] = [];
    let bytes = 0;
    for (let run = 0; run < options.runs; run++) {
      const t0 = performance.now();
      bytes = (await renderExport(model, format)).length;
      runsMs.push(performance.now() - t0);
    }
    formats.push({ format, medianMs: median(runsMs), runsMs, bytes });
  }
  return { options, citations, modelMs, formats };
}

function recommendationBody(index: number, citations: number, cite: () => object): object {
  const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
  const paragraph = (...content: object[]) => ({ type: "paragraph", content });
  const item = (...content: object[]) => ({ type: "listItem", content });
  // Spread the citations over paragraphs, a nested list and a quote, as real bodies do.
  const cites = Array.from({ length: citations }, cite);
  const take = () => cites.shift() ?? text("");
  const content: object[] = [
    paragraph(text(`Recommendation ${index + 1} asks the ministries to `), text("act within a year", [{ type: "bold" }]), text(", as the "), text("review", [{ type: "link", attrs: { href: "https://example.org/review" } }]), text(" found."), take()),
    { type: "heading", attrs: { level: 2 }, content: [text("Rationale")] },
    paragraph(text("Clearance times fell by a third where the portal was used, and costs fell with them."), take()),
    {
      type: "bulletList",
      content: [
        item(paragraph(text("Fund the first phase"), take()), { type: "orderedList", attrs: { start: 1 }, content: [item(paragraph(text("Survey"))), item(paragraph(text("Build"), take()))] }),
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
