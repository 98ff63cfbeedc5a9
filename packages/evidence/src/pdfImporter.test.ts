import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { makePdf } from "./testing/makePdf.js";
import { PARAGRAPH_END, expectFigureOffsetsHold } from "./testing/reportAssertions.js";

/** Each page's footnotes, printed at its foot as bare URL lines, as in the real report. */
const NOTES_BY_PAGE: Record<number, string[]> = {
  1: ["https://example.org/cspa/text", "https://example.org/cspa/text"],
  2: ["https://example.org/fisheries"],
};

const heading = (text: string) => ({ text, fontSize: 15, bold: true, margin: [0, 8, 0, 3] });
const paragraph = (text: unknown) => ({ text, fontSize: 10, margin: [0, 0, 0, 7] });

/** A small page, so the long paragraph on it must run over onto page 2. */
async function buildPdf(): Promise<Uint8Array> {
  return makePdf({
    pageSize: { width: 320, height: 210 },
    pageMargins: [24, 30, 24, 50],
    header: (page: number) => ({ text: String(page), alignment: "right", fontSize: 8, margin: [0, 12, 24, 0] }),
    footer: (page: number) => ({
      stack: (NOTES_BY_PAGE[page] ?? []).map((url) => ({ text: url, fontSize: 7 })),
      margin: [24, 4, 24, 0],
    }),
    content: [
      heading("Overview"),
      paragraph([
        "The Coral Strait pact cut tariffs on 1,200 product lines in 2021, and trade reached $12.5 billion in 2022, as ",
        { text: "the ministry reports", link: "https://example.org/ministry" },
        ".",
      ]),
      paragraph(
        "Customs now clears 85 percent of shipments within a day. The joint commission has settled every " +
          "dispute it heard since the treaty entered into force, without a single appeal to arbitration, and " +
          "both parliaments renewed its mandate for another term in 2024 after a short debate about fees " +
          "charged to small traders at the northern ports, which the commission agreed to halve within two " +
          "years of the renewal.",
      ),
      heading("FISHERIES"),
      paragraph("Fleets land about 3 million tonnes a year."),
      { text: "• Quotas were reset in 2019;", fontSize: 10 },
      { text: "• Two cold-storage hubs opened.", fontSize: 10, margin: [0, 0, 0, 7], pageBreak: "after" },
      heading("Outlook"),
      paragraph("Both governments expect 4 gigawatts of new wind capacity by 2030."),
    ],
  });
}

describe("importReport on a PDF", async () => {
  const report = await importReport({ filename: "coral-strait.pdf", bytes: await buildPdf() });

  it("keeps the PDF's pages and finds headings set in larger type", () => {
    expect(report).toMatchObject({ title: "coral-strait", format: "pdf", pageCount: 3 });
    expect(report.sections.map((s) => [s.title, s.sectorName])).toEqual([
      ["Overview", null],
      ["FISHERIES", "Fisheries"],
      ["Outlook", null],
    ]);
  });

  it("takes URL lines and link annotations as each page's footnotes", () => {
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://example.org/cspa/text",
        urls: ["https://example.org/cspa/text"],
        text: "https://example.org/cspa/text",
      },
      {
        number: 2,
        page: 1,
        url: "https://example.org/cspa/text",
        urls: ["https://example.org/cspa/text"],
        text: "https://example.org/cspa/text",
      },
      {
        number: 3,
        page: 1,
        url: "https://example.org/ministry",
        urls: ["https://example.org/ministry"],
        text: "https://example.org/ministry",
      },
      {
        number: 4,
        page: 2,
        url: "https://example.org/fisheries",
        urls: ["https://example.org/fisheries"],
        text: "https://example.org/fisheries",
      },
    ]);
  });

  it("rebuilds paragraphs across lines and the page break, and bullets as list items", () => {
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.footnotes])).toEqual([
      ["paragraph", 0, 1, [1, 2, 3]],
      ["paragraph", 0, 1, [1, 2, 3, 4]],
      ["paragraph", 1, 2, [4]],
      ["list_item", 1, 2, [4]],
      ["list_item", 1, 2, [4]],
      ["paragraph", 2, 3, []],
    ]);
    expect(report.passages[0]!.text).toBe(
      "The Coral Strait pact cut tariffs on 1,200 product lines in 2021, and trade reached $12.5 billion in 2022, as the ministry reports.",
    );
    expect(report.passages[1]!.text).toMatch(
      /^Customs now clears 85 percent .* agreed to halve within two years of the renewal\.$/,
    );
    expect(report.passages.map((p) => p.text).slice(3)).toEqual([
      "Quotas were reset in 2019;",
      "Two cold-storage hubs opened.",
      "Both governments expect 4 gigawatts of new wind capacity by 2030.",
    ]);
    for (const p of report.passages.filter((passage) => passage.kind === "paragraph"))
      expect(p.text).toMatch(PARAGRAPH_END);
  });

  it("extracts figures from PDF text", () => {
    expect(report.passages[5]!.figures.map((f) => [f.kind, f.raw, f.value])).toEqual([
      ["quantity", "4 gigawatts", 4],
      ["year", "2030", 2030],
    ]);
    expectFigureOffsetsHold(report);
  });
});

describe("importReport on a short PDF", () => {
  it("a one-page PDF keeps its text: its title is the report's, its paragraph a passage (no cover, no running header)", async () => {
    const bytes = await makePdf({
      content: [
        { text: "Harbour Dredging Options", fontSize: 20 },
        { text: "The port authority weighed three dredging plans in 2024 and chose the cheapest one.", fontSize: 11 },
      ],
    });
    const report = await importReport({ filename: "one.pdf", bytes });
    expect(report.title).toBe("Harbour Dredging Options");
    expect(report.sections).toEqual([]);
    expect(report.passages.map((passage) => [passage.kind, passage.text])).toEqual([
      ["paragraph", "The port authority weighed three dredging plans in 2024 and chose the cheapest one."],
    ]);
  });
});
