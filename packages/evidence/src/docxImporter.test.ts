import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TextRun,
} from "docx";
import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { expectFigureOffsetsHold } from "./testing/reportAssertions.js";

async function buildDocx(): Promise<Uint8Array> {
  const bullet = { reference: "bullets", level: 0 };
  const document = new Document({
    footnotes: {
      1: { children: [new Paragraph("Ministry of Trade, https://example.org/tariffs")] },
      2: {
        children: [
          new Paragraph({ children: [new ExternalHyperlink({ link: "https://example.org/quotas", children: [new TextRun("Quota notice")] })] }),
        ],
      },
      3: { children: [new Paragraph("Port authority records.")] },
    },
    numbering: {
      config: [{ reference: "bullets", levels: [{ level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.LEFT }] }],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: "Overview" }),
          new Paragraph({
            children: [
              new TextRun("Tariffs fell on 1,200 lines in 2021 & trade reached $12.5 billion."),
              new FootnoteReferenceRun(1),
              new TextRun(" See the "),
              new ExternalHyperlink({ link: "https://example.org/outlook", children: [new TextRun("joint outlook")] }),
              new TextRun("."),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: "FISHERIES" }),
          new Paragraph({ children: [new TextRun("Quotas were reset in 2019;"), new FootnoteReferenceRun(2)], numbering: bullet }),
          new Paragraph({ children: [new TextRun("landings rose 48 percent.")], numbering: bullet }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: "PORTS AND LOGISTICS" }),
          new Paragraph({
            children: [
              new TextRun("Traffic grew to 1.2 million boxes, again under the tariff schedule."),
              new FootnoteReferenceRun(3),
              new FootnoteReferenceRun(1),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe("importReport on a .docx with Word footnotes", async () => {
  const report = await importReport({ filename: "Coral Strait.docx", bytes: await buildDocx() });

  it("makes Heading styles sections", () => {
    expect(report).toMatchObject({ title: "Coral Strait", format: "docx", pageCount: 1 });
    expect(report.sections.map((s) => [s.title, s.position, s.sectorName])).toEqual([
      ["Overview", 0, null],
      ["FISHERIES", 1, "Fisheries"],
      ["PORTS AND LOGISTICS", 2, "Ports and Logistics"],
    ]);
  });

  it("makes paragraphs and list items passages on page 1, citing the notes they reference", () => {
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.text, p.footnotes])).toEqual([
      ["paragraph", 0, 1, "Tariffs fell on 1,200 lines in 2021 & trade reached $12.5 billion. See the joint outlook.", [1, 2]],
      ["list_item", 1, 1, "Quotas were reset in 2019;", [3]],
      ["list_item", 1, 1, "landings rose 48 percent.", []],
      ["paragraph", 2, 1, "Traffic grew to 1.2 million boxes, again under the tariff schedule.", [1, 4]],
    ]);
    expect(report.passages[0]!.figures.map((f) => f.raw)).toEqual(["2021", "$12.5 billion"]);
    expectFigureOffsetsHold(report);
  });

  it("numbers Word footnotes and body links in order of first reference", () => {
    expect(report.footnotes).toEqual([
      { number: 1, page: 1, url: "https://example.org/tariffs", urls: ["https://example.org/tariffs"], text: "Ministry of Trade, https://example.org/tariffs" },
      { number: 2, page: 1, url: "https://example.org/outlook", urls: ["https://example.org/outlook"], text: "joint outlook" },
      { number: 3, page: 1, url: "https://example.org/quotas", urls: ["https://example.org/quotas"], text: "Quota notice" },
      { number: 4, page: 1, url: null, urls: [], text: "Port authority records." },
    ]);
  });
});
