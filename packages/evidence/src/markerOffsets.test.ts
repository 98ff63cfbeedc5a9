import { Document, ExternalHyperlink, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { expectMarkerOffsetsHold, withMarkers } from "./testing/markerAssertions.js";
import { makePdf } from "./testing/makePdf.js";
import type { ImportedReport } from "./types.js";

/**
 * Every importer says where each footnote marker stood in its passage's final text
 * (CITATIONS.md §1), through whatever it does to the text: lines joined, a word's hyphen taken
 * out, whitespace collapsed, a bullet or a table's pipes dropped. Each fixture is read as an
 * upload and its passages shown with `^n` where marker n stands: the word before each `^n` is
 * the word the marker followed in the file.
 */
const upload = (filename: string, content: string | Uint8Array): Promise<ImportedReport> =>
  importReport({ filename, bytes: typeof content === "string" ? new TextEncoder().encode(content) : content });

const shown = (report: ImportedReport): string[] => report.passages.map(withMarkers);

describe("markers in extracted PDF text (pdftotext, numbered notes)", async () => {
  const text = [
    "Harbour Dues Review",
    "",
    "Grain imports rose sharply,1 and the most pop-",
    "ular2 route carried “bulk grain.”3 Dues fell in 2019 and 3.5 percent",
    "of firms   left.4",
    "",
    "1 Grain Board, Annual Figures, 2020.",
    "2 Route Survey, 2021.",
    "3 Dues Office, Notice 4, 2021.",
    "4 Firm Register, 2022.",
    "",
    "Harbour Institute",
    "1",
    "\fTwo hubs opened,5 and both hubs were full by May.5",
    "",
    "• Quotas were cut,6 twice.",
    "",
    "5 Hub Office, Opening Notice, 2023.",
    "6 Quota Notice, 2023.",
    "",
    "Harbour Institute",
    "2",
    "",
  ].join("\n");
  const report = await upload("dues.txt", text);

  it("puts each marker after the word it was glued to, through de-hyphenation and collapsed spaces", () => {
    // The first line is the report's title, no passage.
    expect(shown(report)).toEqual([
      "Grain imports rose sharply,^1 and the most popular^2 route carried “bulk grain.”^3 Dues fell in 2019 and 3.5 percent of firms left.^4",
      "Two hubs opened,^5 and both hubs were full by May.^5",
      "Quotas were cut,^6 twice.",
    ]);
    expect(report.passages.map((passage) => passage.kind)).toEqual(["paragraph", "paragraph", "list_item"]);
    expect(expectMarkerOffsetsHold(report)).toBe(7);
  });
});

describe("markers in Markdown", async () => {
  it("[^label] references, in a paragraph over lines, a list item, a table row and an inline note", async () => {
    const report = await upload(
      "dues.md",
      [
        "# Harbour Dues Review",
        "",
        "Grain imports rose[^board] in 2019, and the ministry",
        "said the rise would   last.[^office] Dues fell by “a third.”[^survey]",
        "",
        "- Quotas were cut[^board] twice, and",
        "  reset in *spring*.[^survey]",
        "",
        "| Port | Tonnage |",
        "| --- | --- |",
        "| Norport | 12 million tons[^office] |",
        "",
        "Inline notes work too.^[Harbour Almanac, 2022.]",
        "",
        "[^board]: Grain Board, Annual Figures, 2020.",
        "[^office]: Dues Office, Notice 4, 2021.",
        "[^survey]: Route Survey, 2021.",
        "",
      ].join("\n"),
    );
    expect(shown(report)).toEqual([
      "Grain imports rose^1 in 2019, and the ministry said the rise would last.^2 Dues fell by “a third.”^3",
      "Quotas were cut^1 twice, and reset in spring.^3",
      "Port Tonnage",
      "Norport 12 million tons^2",
      "Inline notes work too.^4",
    ]);
    expect(expectMarkerOffsetsHold(report)).toBe(7);
  });

  it("<sup> markers, number links and bare [n] markers of a numbered footnotes section (one after a space follows the word before it)", async () => {
    const report = await upload(
      "ports.md",
      [
        "# Port Notes",
        "",
        "Cargo rose<sup>1</sup> and fees fell,[2](#fn2) then held [3].",
        "",
        "Cranes<sup>1,3</sup> arrived late, in [2019].",
        "",
        "# Footnotes",
        "",
        "1. Port Office, Cargo Count, 2022.",
        "2. Fee Board, Schedule, 2022.",
        "3. Crane Survey, 2023.",
        "",
      ].join("\n"),
    );
    expect(shown(report)).toEqual([
      "Cargo rose^1 and fees fell,^2 then held^3 .",
      "Cranes^1^3 arrived late, in [2019].",
    ]);
    expect(expectMarkerOffsetsHold(report)).toBe(5);
  });
});

describe("markers on headings", async () => {
  it("Markdown: a heading's reference leaves its title and stands at the start of the passage under it", async () => {
    const report = await upload(
      "grain.md",
      [
        "# Dues",
        "",
        "## Grain[^charter]",
        "",
        "Grain rose[^board] after the thaw.",
        "",
        "[^charter]: Harbour Board, Charter, 2018.",
        "[^board]: Grain Board, 2020.",
        "",
      ].join("\n"),
    );
    expect(report.sections.map((section) => section.title)).toEqual(["Grain"]);
    expect(shown(report)).toEqual(["^1Grain rose^2 after the thaw."]);
    expect(report.footnotes.map((note) => note.text)).toEqual(["Harbour Board, Charter, 2018.", "Grain Board, 2020."]);
    expect(expectMarkerOffsetsHold(report)).toBe(2);
  });
});

describe("markers in a Word document", async () => {
  const document = new Document({
    footnotes: {
      1: { children: [new Paragraph("Grain Board, Annual Figures, 2020.")] },
      2: { children: [new Paragraph("Dues Office, Notice 4, 2021.")] },
      3: { children: [new Paragraph("Route Survey, 2021.")] },
      4: { children: [new Paragraph("Harbour Board, Charter, 2018.")] },
    },
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            children: [new TextRun("Harbour Dues"), new FootnoteReferenceRun(4)],
          }),
          new Paragraph({
            children: [
              new TextRun("Grain imports rose"),
              new FootnoteReferenceRun(1),
              new TextRun(" in 2019;  the ministry said the rise would last."),
              new FootnoteReferenceRun(2),
              new TextRun(" Dues fell by "),
              new ExternalHyperlink({ link: "https://example.org/dues", children: [new TextRun("a third")] }),
              new FootnoteReferenceRun(3),
              new TextRun("."),
            ],
          }),
          new Paragraph({ children: [new TextRun("  Quotas were cut twice. "), new FootnoteReferenceRun(1)] }),
        ],
      },
    ],
  });
  const report = await upload("dues.docx", new Uint8Array(await Packer.toBuffer(document)));

  it("puts each footnote reference after the text run before it, and a heading's at the start of the passage under it", () => {
    expect(report.sections.map((section) => section.title)).toEqual(["Harbour Dues"]);
    // Numbered as Word shows them, in order of first reference: the heading's first.
    expect(report.footnotes.map((note) => [note.number, note.text])).toEqual([
      [1, "Harbour Board, Charter, 2018."],
      [2, "Grain Board, Annual Figures, 2020."],
      [3, "Dues Office, Notice 4, 2021."],
      [4, "Route Survey, 2021."],
    ]);
    expect(shown(report)).toEqual([
      "^1Grain imports rose^2 in 2019; the ministry said the rise would last.^3 Dues fell by a third^4.",
      "Quotas were cut twice.^2",
    ]);
    expect(expectMarkerOffsetsHold(report)).toBe(5);
  });
});

describe("markers in a PDF", async () => {
  const sup = (text: string) => ({ text, sup: true });
  const note = (number: number, text: string) => ({ text: [sup(String(number)), ` ${text}`], fontSize: 9 });
  const notesByPage: Record<number, object[]> = {
    2: [
      note(1, "Harbour Board, Charter, 2018."),
      note(2, "Grain Board, Annual Figures, 2020."),
      note(3, "Route Survey, 2021."),
      note(4, "Bulk Carriers Guild, Manifests, 2021."),
      note(5, "Dues Office, Notice 4, 2021."),
    ],
    3: [note(6, "Hub Office, Opening Notice, 2023."), note(7, "Hub Office, Tonnage Tables, 2023.")],
  };
  const bytes = await makePdf({
    pageSize: { width: 420, height: 560 },
    pageMargins: [40, 40, 40, 150],
    footer: (page: number) => ({ margin: [40, 10, 40, 0], stack: notesByPage[page] ?? [] }),
    content: [
      { text: "Harbour Dues Review", fontSize: 24, bold: true, margin: [0, 80, 0, 12] },
      { text: "Ada Example, Analyst in Port Policy", fontSize: 12, pageBreak: "after" },
      { text: ["Grain", sup("1")], fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      {
        text: [
          "Grain imports rose",
          sup("2"),
          " in 2019 as the northern ports reopened after a long winter closure, and the most pop-\nular",
          sup("3"),
          " route carried “bulk grain.”",
          sup("4"),
          " Dues fell by a third.",
          sup("5"),
        ],
        fontSize: 11,
        margin: [0, 0, 0, 8],
        pageBreak: "after",
      },
      { text: "Hubs", fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      { text: ["Two cold-storage hubs opened,", sup("6"), " both full by May."], fontSize: 11, margin: [0, 0, 0, 12] },
      { text: ["Figure 1. Tonnage by", sup("7"), " Hub"], fontSize: 11, bold: true, margin: [0, 0, 0, 4] },
      { text: "North 40   South 25", fontSize: 8, margin: [0, 0, 0, 4] },
      { text: "Source: Hub Office records.", fontSize: 8 },
    ],
  });
  const report = await upload("dues.pdf", bytes);

  it("puts each superscript marker after the word it was set against, through wrapped and hyphenated lines", () => {
    expect(report.sections.map((section) => section.title)).toEqual(["Grain", "Hubs"]);
    expect(shown(report)).toEqual([
      // The heading's marker: the whole passage's note, standing at its start.
      "^1Grain imports rose^2 in 2019 as the northern ports reopened after a long winter closure, and the most popular^3 route carried “bulk grain.”^4 Dues fell by a third.^5",
      "Two cold-storage hubs opened,^6 both full by May.",
      "Figure 1. Tonnage by^7 Hub",
      "Source: Hub Office records.",
    ]);
    expect(report.passages.map((passage) => passage.kind)).toEqual(["paragraph", "paragraph", "caption", "caption"]);
    expect(expectMarkerOffsetsHold(report)).toBe(7);
  });
});
