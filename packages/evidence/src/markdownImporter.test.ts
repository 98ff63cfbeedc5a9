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

  it("takes the lone leading # heading as the title, the others as sections leveled from the shallowest present, sectors from that level only", () => {
    expect(report.title).toBe("Coral Strait Partnership: Field Notes");
    expect(report.metadata).toEqual({
      title: "Coral Strait Partnership: Field Notes",
      authors: [],
      publisher: null,
      date: null,
      reportNumber: null,
    });
    // The capitalised headings sit one level below the top ("Sectors"), so they suggest no sector.
    expect(report.sections.map((s) => [s.title, s.level, s.sectorName])).toEqual([
      ["Overview", 1, null],
      ["Sectors", 1, null],
      ["FISHERIES", 2, null],
      ["RARE EARTH ELEMENTS", 2, null],
      ["Outlook", 1, null],
    ]);
  });

  it("makes paragraphs, list items and quotes passages, citing exactly the notes their markers point to, in order", () => {
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [
        "paragraph",
        0,
        1,
        "The partnership lowered tariffs on 1,200 product lines in 2021. Officials expect trade to reach $15 billion by 2026, according to the joint outlook.",
        [1],
        "markers",
      ],
      ["paragraph", 0, 1, "The customs portal now clears 85 percent of shipments within a day.", [2, 1], "markers"],
      ["list_item", 2, 1, "Quotas were reset in 2019.", [3], "markers"],
      ["list_item", 2, 1, "Two new cold-storage hubs opened, each holding 40 thousand tonnes.", [], "markers"],
      ["list_item", 2, 1, "Landings rose 12 percent.", [], "markers"],
      ["list_item", 2, 1, "Survey the northern banks.", [], "markers"],
      ["list_item", 2, 1, "Publish catch data monthly, as the https://example.org/catch portal does.", [], "markers"],
      ["paragraph", 3, 1, "Suvania holds deposits estimated at 2 million tons of ore.", [4], "markers"],
      ["paragraph", 4, 2, "The review in 2027 will decide whether the zero-tariff schedule stays.", [5], "markers"],
    ]);
  });

  it("numbers [^n] definitions in order of first reference, unreferenced ones last; inline links are text, not notes, beside numbered notes", () => {
    expect(report.pageCount).toBe(2);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://example.org/tariffs",
        urls: ["https://example.org/tariffs"],
        text: "Ministry of Trade, tariff schedule, 2021.",
      },
      {
        number: 2,
        page: 1,
        url: "https://example.org/customs",
        urls: ["https://example.org/customs"],
        text: "Customs Agency annual report, https://example.org/customs.",
      },
      { number: 3, page: 1, url: null, urls: [], text: "Fisheries Board notice." },
      {
        number: 4,
        page: 1,
        url: "https://example.org/ore",
        urls: ["https://example.org/ore"],
        text: "Geological survey, https://example.org/ore",
      },
      {
        number: 5,
        page: 2,
        url: "https://example.org/review",
        urls: ["https://example.org/review"],
        text: "https://example.org/review",
      },
      { number: 6, page: 2, url: null, urls: [], text: "A note nobody cites." },
    ]);
  });

  it("extracts figures from the plain text", () => {
    expect(report.passages[3]!.figures).toEqual([
      { kind: "quantity", raw: "40 thousand tonnes", value: 40_000, unit: "tonnes", start: 47 },
    ]);
    expect(report.passages[7]!.figures.map((f) => [f.kind, f.value, f.unit])).toEqual([
      ["quantity", 2_000_000, "tons"],
    ]);
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
    expect(multi.sections.map((s) => [s.title, s.sectorLike])).toEqual([
      ["ENERGY", true],
      ["Outlook", false],
    ]);
    expect(multi.passages.map((p) => p.text)).toEqual([
      "Wind farms on the northern coast now supply a fifth of the grid in winter months.",
      "More to come.",
    ]);
  });

  it("is chosen for .md files, whose title defaults to the heading, then the file name", async () => {
    const fromFile = await importReport({ filename: "notes.md", bytes: new TextEncoder().encode(source) });
    expect(fromFile).toEqual({ ...report, format: "markdown" });
    const untitled = await importReport({
      filename: "field-notes.markdown",
      bytes: new TextEncoder().encode("Just text."),
    });
    expect(untitled.title).toBe("field-notes");
  });
});

describe("importMarkdown: the quirks of real reports", () => {
  it("reads YAML front matter, setext headings and reference links", () => {
    const text = [
      "---",
      'title: "Harbour Dredging Review"',
      "authors:",
      "  - Okafor, Ada",
      "  - Lin Wei",
      "date: March 3, 2025",
      "organization: Tidewater Institute",
      "report_number: TW-2025-07",
      "---",
      "",
      "Harbour Dredging Review",
      "=======================",
      "",
      "Channel Depth",
      "-------------",
      "",
      "Dredging deepened the channel to 15 meters in 2024,[^depth] as the [port plan][plan] required.",
      "",
      '[plan]: https://tidewater.example/plan "Port plan"',
      "",
      "### Costs",
      "",
      "The works cost $40 million.[^cost]",
      "",
      '[^depth]: Port Authority, "Annual Survey," 2024, https://port.example/survey.',
      '[^cost]: Treasury, "Budget Tables," https://treasury.example/tables and',
      "    https://treasury.example/annex.",
    ].join("\n");
    const report = importMarkdown(text);
    expect(report.metadata).toEqual({
      title: "Harbour Dredging Review",
      authors: ["Ada Okafor", "Lin Wei"],
      publisher: "Tidewater Institute",
      date: "2025-03-03",
      reportNumber: "TW-2025-07",
    });
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Channel Depth", 1],
      ["Costs", 2],
    ]);
    expect(report.passages.map((p) => [p.section, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [0, "Dredging deepened the channel to 15 meters in 2024, as the port plan required.", [1], "markers"],
      [1, "The works cost $40 million.", [2], "markers"],
    ]);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://port.example/survey",
        urls: ["https://port.example/survey"],
        text: 'Port Authority, "Annual Survey," 2024, https://port.example/survey.',
      },
      {
        number: 2,
        page: 1,
        url: "https://treasury.example/tables",
        urls: ["https://treasury.example/tables", "https://treasury.example/annex"],
        text: 'Treasury, "Budget Tables," https://treasury.example/tables and https://treasury.example/annex.',
      },
    ]);
  });

  it("reads a footnotes table, <sup> and [n] markers, a contents list and the cover's labelled lines", () => {
    const text = [
      "# Grain Corridors After the Closure",
      "",
      "**Report No.:** GC-12",
      "**Publication Date:** 04/10/2026",
      "",
      "| **Authors:** | Mensah, Kofi; Ruiz, Ana",
      "",
      "# Contents",
      "",
      "- [Introduction](https://example.org#toc1)",
      "- [Wheat Routes](https://example.org#toc2)",
      "- [Rice Routes](https://example.org#toc3)",
      "",
      "# Figures",
      "",
      "- [Figure 1. Corridor Map](https://example.org#fig1)",
      "",
      "Introduction",
      "",
      "Exporters rerouted about 30 cargoes a week through the southern corridor after the closure began.<sup>1</sup> Insurers raised premiums twice in 2025.<sup>2,3</sup>",
      "",
      "Wheat Routes",
      "",
      "Wheat shipments fell by a third, according to the ministry.[4](#fn4) Millers in 2019 had seen nothing like it.[[5]](https://example.org/report#fn5)",
      "",
      "| Figure 1. Corridor Map",
      "| Source: the ministry's port data.",
      "",
      "Rice Routes",
      "",
      "Rice traders hedged with forward contracts [6] while buyers waited [12].",
      "",
      "# Footnotes",
      "",
      '| 1. | Maritime Desk, "Cargo Tracker," March 2, 2026, https://maritime.example/tracker. |',
      '| 2. | Insurers\' Council, "Premium Notice," 2025. |',
      '| 3. | Lloyd Example, "War Risk Rates," [rates page](https://lloyd.example/rates), see also https://lloyd.example/rates-annex. |',
      '| 4. | Ministry of Agriculture, "Grain Exports," https://agri.example/grain-',
      "exports-2026. |",
      '| 5. | Millers Association, "Letter to Members," 2026. |',
      '| 6. | Rice Board, "Forward Contracts," https://rice.example/forwards. |',
    ].join("\n");
    const report = importMarkdown(text);
    expect(report.metadata).toEqual({
      title: "Grain Corridors After the Closure",
      authors: ["Kofi Mensah", "Ana Ruiz"],
      publisher: null,
      date: "2026-04-10",
      reportNumber: "GC-12",
    });
    // The contents list is no passage; its entries, written as plain paragraphs, are the headings.
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Introduction", 1],
      ["Wheat Routes", 1],
      ["Rice Routes", 1],
    ]);
    expect(report.passages.map((p) => [p.kind, p.section, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [
        "paragraph",
        0,
        "Exporters rerouted about 30 cargoes a week through the southern corridor after the closure began. Insurers raised premiums twice in 2025.",
        [1, 2, 3],
        "markers",
      ],
      // `2019` is no marker; `[4](#fn4)` and `[[5]](…#fn5)` are.
      [
        "paragraph",
        1,
        "Wheat shipments fell by a third, according to the ministry. Millers in 2019 had seen nothing like it.",
        [4, 5],
        "markers",
      ],
      ["caption", 1, "Figure 1. Corridor Map", [], "markers"],
      ["paragraph", 1, "Source: the ministry's port data.", [], "markers"],
      // `[12]` names no note, so it stays text.
      ["paragraph", 2, "Rice traders hedged with forward contracts while buyers waited [12].", [6], "markers"],
    ]);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://maritime.example/tracker",
        urls: ["https://maritime.example/tracker"],
        text: 'Maritime Desk, "Cargo Tracker," March 2, 2026, https://maritime.example/tracker.',
      },
      { number: 2, page: 1, url: null, urls: [], text: 'Insurers\' Council, "Premium Notice," 2025.' },
      {
        number: 3,
        page: 1,
        url: "https://lloyd.example/rates",
        urls: ["https://lloyd.example/rates", "https://lloyd.example/rates-annex"],
        text: 'Lloyd Example, "War Risk Rates," rates page, see also https://lloyd.example/rates-annex.',
      },
      // The URL broken over two lines is whole.
      {
        number: 4,
        page: 1,
        url: "https://agri.example/grain-exports-2026",
        urls: ["https://agri.example/grain-exports-2026"],
        text: 'Ministry of Agriculture, "Grain Exports," https://agri.example/grain-exports-2026.',
      },
      { number: 5, page: 1, url: null, urls: [], text: 'Millers Association, "Letter to Members," 2026.' },
      {
        number: 6,
        page: 1,
        url: "https://rice.example/forwards",
        urls: ["https://rice.example/forwards"],
        text: 'Rice Board, "Forward Contracts," https://rice.example/forwards.',
      },
    ]);
  });

  it("reads inline notes (^[…]) beside labelled ones, numbered in order of reference", () => {
    const report = importMarkdown(
      "Claim one.^[Inline source, https://a.example/x.] Claim two.[^b]\n\n[^b]: Labelled source.\n",
    );
    expect(report.passages.map((p) => [p.text, p.footnotes])).toEqual([["Claim one. Claim two.", [1, 2]]]);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://a.example/x",
        urls: ["https://a.example/x"],
        text: "Inline source, https://a.example/x.",
      },
      { number: 2, page: 1, url: null, urls: [], text: "Labelled source." },
    ]);
  });

  it("reads a footnotes table with a header row and [n] or n. numbers", () => {
    const report = importMarkdown(
      "# R\n\nA claim.[1](#n1) Another.<sup>2</sup>\n\n## Notes\n\n| # | Note |\n|---|---|\n| [1] | First, https://a.example/1 |\n| 2. | Second |\n",
    );
    expect(report.passages.map((p) => [p.text, p.footnotes])).toEqual([["A claim. Another.", [1, 2]]]);
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://a.example/1",
        urls: ["https://a.example/1"],
        text: "First, https://a.example/1",
      },
      { number: 2, page: 1, url: null, urls: [], text: "Second" },
    ]);
  });

  it("falls back to the page's notes, and says so, when a report with notes has no markers at all", () => {
    const text =
      "# Brief\n\nOne claim.\n\nAnother claim.\n\n## Notes\n\n1. First source, https://a.example/1.\n2. Second source.\n";
    const report = importMarkdown(text);
    expect(report.passages.map((p) => [p.text, p.footnotes, p.sourcesFrom])).toEqual([
      ["One claim.", [1, 2], "page"],
      ["Another claim.", [1, 2], "page"],
    ]);
    expect(report.footnotes.map((n) => [n.number, n.text, n.urls])).toEqual([
      [1, "First source, https://a.example/1.", ["https://a.example/1"]],
      [2, "Second source.", []],
    ]);
  });

  it("renders no HTML: tags other than <sup> are dropped and their text kept, HTML blocks are no passages", () => {
    const text =
      'Some <b>bold</b> and <a href="javascript:x">linked</a> words.\n\n<div>\n<script>alert(1)</script>\n</div>\n\nAfter.';
    expect(importMarkdown(text).passages.map((p) => p.text)).toEqual(["Some bold and linked words.", "After."]);
  });
});
