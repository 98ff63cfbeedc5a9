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
import JSZip from "jszip";
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
          new Paragraph({
            children: [
              new TextRun("Fisheries Board, "),
              new ExternalHyperlink({ link: "https://example.org/quotas", children: [new TextRun("Quota notice")] }),
              new TextRun(", 2019; see also "),
              new ExternalHyperlink({
                link: "https://example.org/quotas/annex?year=2019",
                children: [new TextRun("the annex")],
              }),
              new TextRun(" and https://example.org/landings."),
            ],
          }),
        ],
      },
      3: { children: [new Paragraph("Port authority records.")] },
    },
    numbering: {
      config: [
        {
          reference: "bullets",
          levels: [{ level: 0, format: LevelFormat.BULLET, text: "•", alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, text: "Coral Strait Review" }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, text: "Overview" }),
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
          new Paragraph({ heading: HeadingLevel.HEADING_3, text: "Quotas" }),
          new Paragraph({
            children: [new TextRun("Quotas were reset in 2019;"), new FootnoteReferenceRun(2)],
            numbering: bullet,
          }),
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

/** The same document with its core and app properties as Word writes them. */
async function withProperties(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(
    "docProps/core.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Coral Strait: Trade &amp; Fisheries</dc:title><dc:creator>Okafor, Ada; Lin Wei</dc:creator><dc:identifier>CS-2024-3</dc:identifier>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-02T09:30:00Z</dcterms:created></cp:coreProperties>`,
  );
  zip.file(
    "docProps/app.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>Coral Institute</Company></Properties>`,
  );
  return new Uint8Array(await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" }));
}

describe("importReport on a .docx with Word footnotes", async () => {
  const report = await importReport({ filename: "Coral Strait.docx", bytes: await buildDocx() });

  it("makes Heading styles sections, leveled from the shallowest present, and the Title style the title", () => {
    expect(report).toMatchObject({ title: "Coral Strait Review", format: "docx", pageCount: 1 });
    // The docx package writes "Un-named" as the creator and the time of writing as created.
    expect(report.metadata).toEqual({
      title: "Coral Strait Review",
      authors: ["Un-named"],
      publisher: null,
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      reportNumber: null,
    });
    expect(report.sections.map((s) => [s.title, s.position, s.level, s.sectorName])).toEqual([
      ["Overview", 0, 1, null],
      ["FISHERIES", 1, 1, "Fisheries"],
      ["Quotas", 2, 2, null],
      ["PORTS AND LOGISTICS", 3, 1, "Ports and Logistics"],
    ]);
  });

  it("makes paragraphs and list items passages on page 1, citing exactly the notes their references point to, in order", () => {
    expect(report.passages.map((p) => [p.kind, p.section, p.page, p.text, p.footnotes, p.sourcesFrom])).toEqual([
      [
        "paragraph",
        0,
        1,
        "Tariffs fell on 1,200 lines in 2021 & trade reached $12.5 billion. See the joint outlook.",
        [1],
        "markers",
      ],
      ["list_item", 2, 1, "Quotas were reset in 2019;", [2], "markers"],
      ["list_item", 2, 1, "landings rose 48 percent.", [], "markers"],
      ["paragraph", 3, 1, "Traffic grew to 1.2 million boxes, again under the tariff schedule.", [3, 1], "markers"],
    ]);
    expect(report.passages[0]!.figures.map((f) => f.raw)).toEqual(["2021", "$12.5 billion"]);
    expectFigureOffsetsHold(report);
  });

  it("numbers Word footnotes in order of first reference, each with its whole text and every URL; body links are text", () => {
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 1,
        url: "https://example.org/tariffs",
        urls: ["https://example.org/tariffs"],
        text: "Ministry of Trade, https://example.org/tariffs",
      },
      {
        number: 2,
        page: 1,
        url: "https://example.org/quotas",
        urls: [
          "https://example.org/quotas",
          "https://example.org/quotas/annex?year=2019",
          "https://example.org/landings",
        ],
        text: "Fisheries Board, Quota notice, 2019; see also the annex and https://example.org/landings.",
      },
      { number: 3, page: 1, url: null, urls: [], text: "Port authority records." },
    ]);
  });

  it("reads the document's own metadata from docProps (title, authors, date, number, company), unless the lead gave a title", async () => {
    const bytes = await withProperties(await buildDocx());
    const own = await importReport({ filename: "Coral Strait.docx", bytes });
    expect(own.metadata).toEqual({
      title: "Coral Strait: Trade & Fisheries",
      authors: ["Ada Okafor", "Lin Wei"],
      publisher: "Coral Institute",
      date: "2024-05-02",
      reportNumber: "CS-2024-3",
    });
    expect(own.title).toBe("Coral Strait: Trade & Fisheries");
    const named = await importReport({ filename: "Coral Strait.docx", bytes, title: "Field copy" });
    expect([named.title, named.metadata.title, named.metadata.publisher]).toEqual([
      "Field copy",
      "Field copy",
      "Coral Institute",
    ]);
  });
});
