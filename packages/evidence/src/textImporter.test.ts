import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importText } from "./textImporter.js";
import { expectFigureOffsetsHold } from "./testing/reportAssertions.js";

const fixture = path.resolve(import.meta.dirname, "../../../test/fixtures/reports/coral-strait-brief.txt");

describe("importText on a sample with the real report's quirks", () => {
  const report = importText(readFileSync(fixture, "utf8"), "Coral Strait brief");

  it("finds the headings, with capitalised ones as sectors", () => {
    expect(report.sections).toEqual([
      { title: "Overview", position: 0, level: 1, sectorLike: false, sectorName: null },
      { title: "Changes Under the Protocol", position: 1, level: 1, sectorLike: false, sectorName: null },
      { title: "Sectors of Opportunity", position: 2, level: 1, sectorLike: false, sectorName: null },
      { title: "FISHERIES", position: 3, level: 1, sectorLike: true, sectorName: "Fisheries" },
      { title: "RENEWABLE ENERGY", position: 4, level: 1, sectorLike: true, sectorName: "Renewable Energy" },
      { title: "PORTS AND LOGISTICS", position: 5, level: 1, sectorLike: true, sectorName: "Ports and Logistics" },
      { title: "Outlook", position: 6, level: 1, sectorLike: false, sectorName: null },
    ]);
  });

  it("splits pages after each URL block and keeps every URL line, duplicates included", () => {
    expect(report.pageCount).toBe(3);
    expect(report.footnotes.map((note) => [note.number, note.page, note.url])).toEqual([
      [1, 1, "https://example.org/cspa/text"],
      [2, 1, "https://example.org/cspa/text"],
      [3, 1, "https://example.org/stats/2022"],
      [4, 2, "https://example.org/fisheries/landings"],
      [5, 2, "https://example.org/fisheries/quotas"],
      [6, 2, "https://example.org/protocol-2024"],
      [7, 3, "https://example.org/energy/offshore-wind"],
      [8, 3, "https://example.org/energy/grid-link"],
      [9, 3, "https://example.org/energy/grid-link"],
      [10, 3, "https://example.org/ports/traffic"],
    ]);
    expect(report.footnotes.every((note) => note.text === note.url)).toBe(true);
  });

  it("gives each passage its section, start page and the notes of every page it spans", () => {
    expect(report.passages.map((p) => [p.position, p.kind, p.section, p.page, p.footnotes])).toEqual([
      [0, "paragraph", 0, 1, [1, 2, 3]],
      [1, "paragraph", 0, 1, [1, 2, 3, 4, 5, 6]],
      [2, "paragraph", 1, 2, [4, 5, 6]],
      [3, "list_item", 1, 2, [4, 5, 6]],
      [4, "list_item", 1, 2, [4, 5, 6]],
      [5, "list_item", 1, 2, [4, 5, 6]],
      [6, "list_item", 1, 2, [4, 5, 6]],
      [7, "paragraph", 3, 2, [4, 5, 6]],
      [8, "paragraph", 4, 3, [7, 8, 9, 10]],
      [9, "paragraph", 5, 3, [7, 8, 9, 10]],
      [10, "paragraph", 6, 3, [7, 8, 9, 10]],
    ]);
  });

  it("continues a paragraph over a page break and its URL block", () => {
    const text = report.passages[1]!.text;
    expect(text).toMatch(/has never needed a second hearing\. The trade-related annex/);
  });

  it("joins broken words and keeps real hyphens", () => {
    const all = report.passages.map((p) => p.text).join("\n");
    expect(all).toContain("most popular topic");
    expect(all).toContain("describe the CSPA as");
    expect(all).toContain("Norland-Suvania commission reviews trade-related disputes");
    expect(all).toContain("a U.N.-backed observer panel");
    expect(all).toContain("buy the surplus.");
    expect(all).toContain("30–35 percent");
  });

  it("drops the repeated pull-quote and strips bullets", () => {
    expect(report.passages).toHaveLength(11);
    expect(report.passages.filter((p) => p.text.includes("Its schedules are revised"))).toHaveLength(0);
    expect(report.passages[3]!.text).toBe("Lowering the tariff on processed fish to zero;");
  });

  it("extracts figures with offsets into the passage", () => {
    expect(report.passages[4]!.figures).toEqual([
      { kind: "percent", raw: "30–35 percent", value: 30, rangeEnd: 35, unit: "percent", start: 15 },
      { kind: "money", raw: "$18", value: 18, unit: "USD", start: 98 },
    ]);
    expect(report.passages[7]!.figures.map((f) => [f.kind, f.raw, f.value, f.unit])).toEqual([
      ["quantity", "3 million tonnes", 3_000_000, "tonnes"],
      ["percent", "48 percent", 48, "percent"],
      ["year", "1998", 1998, "year"],
      ["year", "2015", 2015, "year"],
    ]);
    expect(report.passages[8]!.figures.map((f) => [f.kind, f.raw, f.value, f.unit])).toEqual([
      ["quantity", "4 gigawatts", 4, "gigawatts"],
      ["year", "2030", 2030, "year"],
      ["money", "$2.1 billion", 2_100_000_000, "USD"],
    ]);
    expectFigureOffsetsHold(report);
  });
});
