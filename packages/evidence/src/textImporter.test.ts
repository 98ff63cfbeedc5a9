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

describe("importText on pdftotext output with numbered footnotes", () => {
  // Three pages split by form feeds; a running footer and page numbers; markers glued to words
  // and after punctuation; a URL broken over two lines; two notes on one line; a note that runs
  // on to the next page's foot; years, decimals and `FY2012` that are no markers.
  const text = [
    "Harbour Trade Review",
    "",
    "Imports of grain rose sharply in 2019 as ports reopened,1 and the",
    "ministry said the rise would last.2 Exporters agreed, and 3.5 percent of 1,200 firms grew.",
    "",
    "1 Ministry of Ports, “Annual Bulletin,” Port Press, March 2020, https://ports.example/bulletin/",
    "2020-annual.pdf.",
    "2 Lena Ortiz, “Grain Outlook,” Trade Weekly, May 1, 2021, https://weekly.example/grain. 3 Ibid., p. 4.",
    "",
    "Harbour Institute",
    "1",
    "\fFisheries",
    "",
    "Catches fell in FY2012 and again in 2019.4 The board blamed",
    "quotas.5",
    "",
    "4 Ibid.",
    "5 Fisheries Board, “Quota Notice,” Board Press, 2019, see",
    "https://fish.example/quota",
    "",
    "Harbour Institute",
    "2",
    "\fThe port law,6 as amended, stands.",
    "",
    "notice 2019-4, https://fish.example/notice.",
    "6 Port Act, section 12.",
    "",
    "Harbour Institute",
    "3",
    "",
  ].join("\n");
  const report = importText(text, "Harbour Trade Review");

  it("keeps each note's number, whole text and whole URLs, on the page it starts", () => {
    expect(report.pageCount).toBe(3);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://ports.example/bulletin/2020-annual.pdf",
        urls: ["https://ports.example/bulletin/2020-annual.pdf"],
        text: "Ministry of Ports, “Annual Bulletin,” Port Press, March 2020, https://ports.example/bulletin/2020-annual.pdf.",
      },
      {
        number: 2,
        page: 1,
        url: "https://weekly.example/grain",
        urls: ["https://weekly.example/grain"],
        text: "Lena Ortiz, “Grain Outlook,” Trade Weekly, May 1, 2021, https://weekly.example/grain.",
      },
      { number: 3, page: 1, url: null, urls: [], text: "Ibid., p. 4." },
      { number: 4, page: 2, url: null, urls: [], text: "Ibid." },
      {
        number: 5,
        page: 2,
        url: "https://fish.example/quota",
        urls: ["https://fish.example/quota", "https://fish.example/notice"],
        text: "Fisheries Board, “Quota Notice,” Board Press, 2019, see https://fish.example/quota notice 2019-4, https://fish.example/notice.",
      },
      { number: 6, page: 3, url: null, urls: [], text: "Port Act, section 12." },
    ]);
  });

  it("cites from each passage exactly the notes its markers point to, the markers gone from its text", () => {
    expect(report.sections.map((s) => s.title)).toEqual(["Harbour Trade Review", "Fisheries"]);
    expect(report.passages.map((p) => [p.section, p.page, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [
        0,
        1,
        "Imports of grain rose sharply in 2019 as ports reopened, and the ministry said the rise would last. Exporters agreed, and 3.5 percent of 1,200 firms grew.",
        [1, 2],
        "markers",
      ],
      [1, 2, "Catches fell in FY2012 and again in 2019. The board blamed quotas.", [4, 5], "markers"],
      [1, 3, "The port law, as amended, stands.", [6], "markers"],
    ]);
  });

  it("drops a contents page's lines (wrapped titles too) and makes the titles it lists headings or captions; a marker after a year and a comma counts, a thousands group does not", () => {
    const text = [
      "Contents",
      "",
      "Grain routes ........................ 2",
      "Port costs and the Dues Charged at the",
      "Southern Harbours ....................",
      "",
      "Figures",
      "Figure 1. Dues by Port …… 2",
      "\f2019 was calm",
      "",
      "Grain routes",
      "",
      "Shipments rose in 2020,1 and 1,200 ships came.",
      "",
      "Port costs and the Dues Charged at the",
      "Southern Harbours",
      "Dues held.2",
      "",
      "Figure 1. Dues by Port",
      "",
      "1 Grain Office, 2021.",
      "2 Port Board, 2021.",
      "\f",
    ].join("\n");
    const report = importText(text, "t");
    expect(report.pageCount).toBe(2);
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Grain routes", 1],
      ["Port costs and the Dues Charged at the Southern Harbours", 1],
    ]);
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.text, p.footnotes])).toEqual([
      ["paragraph", null, 2, "2019 was calm", []],
      ["paragraph", 0, 2, "Shipments rose in 2020, and 1,200 ships came.", [1]],
      ["paragraph", 1, 2, "Dues held.", [2]],
      ["caption", 1, 2, "Figure 1. Dues by Port", []],
    ]);
  });

  it("with form feeds but no numbered notes, pages are the form feeds' and notes the bare URL lines at a page's foot", () => {
    const report = importText(
      "Ports grew.\n\nhttps://a.example/ports\n\fTrade fell.\nhttps://b.example/mid is text here\n\f",
      "t",
    );
    expect(report.pageCount).toBe(2);
    expect(report.footnotes.map((n) => [n.number, n.page, n.text])).toEqual([[1, 1, "https://a.example/ports"]]);
    expect(report.passages.map((p) => [p.page, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [1, "Ports grew.", [1], "page"],
      [2, "Trade fell. https://b.example/mid is text here", [], "page"],
    ]);
  });

  it("finds notes out of the order of their markers: one whose marker is not above it, right above one whose marker is", () => {
    const text =
      "Ports grew.1\n\n1 Port Office, 2020.\n\fTrade fell, and fell again\nas dues rose.3\n2 Dues Board, “Tariff,” 2021,\nhttps://dues.example/t.\n3 Trade Office, 2021.\n\f";
    const report = importText(text, "t");
    expect(report.footnotes.map((n) => [n.number, n.page, n.text])).toEqual([
      [1, 1, "Port Office, 2020."],
      [2, 2, "Dues Board, “Tariff,” 2021, https://dues.example/t."],
      [3, 2, "Trade Office, 2021."],
    ]);
    expect(report.passages.map((p) => [p.text, p.footnotes])).toEqual([
      ["Ports grew.", [1]],
      ["Trade fell, and fell again as dues rose.", [3]],
    ]);
  });

  it("reads a number as a marker only when a note of that number is on its page or the next", () => {
    const lone = importText("Sales grew in 2019,7 and again.1\n\n1 Sales Office, 2020.\n\f", "t");
    expect(lone.passages.map((p) => [p.text, p.footnotes])).toEqual([["Sales grew in 2019,7 and again.", [1]]]);
    expect(lone.footnotes.map((n) => [n.number, n.text])).toEqual([[1, "Sales Office, 2020."]]);
  });
});
