import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importMarkdown } from "./markdownImporter.js";
import { importReport } from "./importReport.js";
import { expectFigureOffsetsHold } from "./testing/reportAssertions.js";

const fixture = path.resolve(import.meta.dirname, "../../../test/fixtures/reports/coral-strait-notes.md");
const source = readFileSync(fixture, "utf8");

describe("importMarkdown", () => {
  const report = importMarkdown(source);

  it("takes the lone leading # heading as the title and the other headings as sections", () => {
    expect(report.title).toBe("Coral Strait Partnership: Field Notes");
    expect(report.sections.map((s) => [s.title, s.sectorName])).toEqual([
      ["Overview", null],
      ["Sectors", null],
      ["FISHERIES", "Fisheries"],
      ["RARE EARTH ELEMENTS", "Rare Earth Elements"],
      ["Outlook", null],
    ]);
  });

  it("makes paragraphs, list items and quotes passages, citing exactly the notes they reference", () => {
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.text, p.footnotes])).toEqual([
      ["paragraph", 0, 1, "The partnership lowered tariffs on 1,200 product lines in 2021. Officials expect trade to reach $15 billion by 2026, according to the joint outlook.", [1, 2]],
      ["paragraph", 0, 1, "The customs portal now clears 85 percent of shipments within a day.", [1, 3]],
      ["list_item", 2, 1, "Quotas were reset in 2019.", [4]],
      ["list_item", 2, 1, "Two new cold-storage hubs opened, each holding 40 thousand tonnes.", []],
      ["list_item", 2, 1, "Landings rose 12 percent.", []],
      ["list_item", 2, 1, "Survey the northern banks.", []],
      ["list_item", 2, 1, "Publish catch data monthly, as the https://example.org/catch portal does.", [5]],
      ["paragraph", 3, 1, "Suvania holds deposits estimated at 2 million tons of ore.", [6]],
      ["paragraph", 4, 2, "The review in 2027 will decide whether the zero-tariff schedule stays.", [7]],
    ]);
  });

  it("numbers [^n] definitions and links in order of first reference, unreferenced ones last", () => {
    expect(report.pageCount).toBe(2);
    expect(report.footnotes).toEqual([
      { number: 1, page: 1, url: "https://example.org/tariffs", urls: ["https://example.org/tariffs"], text: "Ministry of Trade, tariff schedule, 2021." },
      { number: 2, page: 1, url: "https://example.org/outlook", urls: ["https://example.org/outlook"], text: "joint outlook" },
      { number: 3, page: 1, url: "https://example.org/customs", urls: ["https://example.org/customs"], text: "Customs Agency annual report, https://example.org/customs." },
      { number: 4, page: 1, url: null, urls: [], text: "Fisheries Board notice." },
      { number: 5, page: 1, url: "https://example.org/catch", urls: ["https://example.org/catch"], text: "https://example.org/catch" },
      { number: 6, page: 1, url: "https://example.org/ore", urls: ["https://example.org/ore"], text: "Geological survey, https://example.org/ore" },
      { number: 7, page: 2, url: "https://example.org/review", urls: ["https://example.org/review"], text: "https://example.org/review" },
      { number: 8, page: 2, url: null, urls: [], text: "A note nobody cites." },
    ]);
  });

  it("extracts figures from the plain text", () => {
    expect(report.passages[3]!.figures).toEqual([
      { kind: "quantity", raw: "40 thousand tonnes", value: 40_000, unit: "tonnes", start: 47 },
    ]);
    expect(report.passages[7]!.figures.map((f) => [f.kind, f.value, f.unit])).toEqual([["quantity", 2_000_000, "tons"]]);
    expectFigureOffsetsHold(report);
  });

  it("is page 1 throughout without form feeds, and honours an explicit title", () => {
    const flat = importMarkdown(source.replace("\f", ""), "Notes");
    expect(flat.title).toBe("Notes");
    expect(flat.pageCount).toBe(1);
    expect(new Set(flat.passages.map((p) => p.page))).toEqual(new Set([1]));
  });

  it("keeps a level-1 heading as a section when there are several, and drops a repeated quote", () => {
    const text = [
      "# ENERGY",
      "",
      "Wind farms on the northern coast now supply a fifth of the grid in winter months.",
      "",
      "> Wind farms on the northern coast now supply a fifth of the grid",
      "",
      "# Outlook",
      "",
      "More to come.",
    ].join("\n");
    const multi = importMarkdown(text);
    expect(multi.title).toBe("Untitled report");
    expect(multi.sections.map((s) => [s.title, s.sectorLike])).toEqual([["ENERGY", true], ["Outlook", false]]);
    expect(multi.passages.map((p) => p.text)).toEqual([
      "Wind farms on the northern coast now supply a fifth of the grid in winter months.",
      "More to come.",
    ]);
  });

  it("is chosen for .md files, whose title defaults to the heading, then the file name", async () => {
    const fromFile = await importReport({ filename: "notes.md", bytes: new TextEncoder().encode(source) });
    expect(fromFile).toEqual({ ...report, format: "markdown" });
    const untitled = await importReport({ filename: "field-notes.markdown", bytes: new TextEncoder().encode("Just text.") });
    expect(untitled.title).toBe("field-notes");
  });
});
