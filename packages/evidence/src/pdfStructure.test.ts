import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { isCaptionTitle, parseContentsEntry, readContents } from "./pdfContents.js";
import { buildLines, type PdfLine, type PositionedText } from "./pdfLines.js";
import { classifyLines, removeFurniture } from "./pdfStructure.js";
import type { PdfPage } from "./pdfTypes.js";
import { makeBrief } from "./testing/structuredPdf.js";

/** One run: `text` at (x, y) in `size` pt, `font` a pdf.js-like face name; width from a mean glyph. */
const run = (text: string, y: number, { x = 72, size = 11, font = "regular" } = {}): PositionedText => ({
  text,
  x,
  y,
  width: text.length * size * 0.5,
  size,
  font,
});

const page = (number: number, runs: PositionedText[]): PdfPage => ({
  number,
  width: 612,
  height: 792,
  lines: buildLines(runs),
  links: [],
});

/** Body text: ten lines of 11 pt at a 13.5 pt step from `top`. */
const paragraph = (
  top: number,
  words = "the market pays storage for energy and reserves under rules written long ago",
): PositionedText[] => Array.from({ length: 10 }, (_, index) => run(`${words} ${index}`, top - index * 13.5));

const texts = (pages: readonly { lines: readonly PdfLine[] }[]) => pages.map((p) => p.lines.map((line) => line.text));

describe("removeFurniture", () => {
  it("drops running headers and footers (digits masked) and page numbers, keeps a note that does not repeat", () => {
    const pages = [1, 2, 3, 4].map((number) =>
      page(number, [
        run("Grid Storage and the Regional Market", 760, { size: 8 }),
        ...paragraph(700),
        run(number === 2 ? "1 See the operator's annual report for 2024." : `${number + 10}`, number === 2 ? 60 : 40, {
          size: number === 2 ? 9 : 8,
        }),
        run(`Harbor Policy Institute ${number}`, 30, { size: 8 }),
      ]),
    );
    const cleaned = removeFurniture(pages);
    expect(texts(cleaned).map((lines) => [lines[0], lines.length, lines.at(-1)])).toEqual([
      [
        "the market pays storage for energy and reserves under rules written long ago 0",
        10,
        "the market pays storage for energy and reserves under rules written long ago 9",
      ],
      [
        "the market pays storage for energy and reserves under rules written long ago 0",
        11,
        "1 See the operator's annual report for 2024.",
      ],
      [
        "the market pays storage for energy and reserves under rules written long ago 0",
        10,
        "the market pays storage for energy and reserves under rules written long ago 9",
      ],
      [
        "the market pays storage for energy and reserves under rules written long ago 0",
        10,
        "the market pays storage for energy and reserves under rules written long ago 9",
      ],
    ]);
  });

  it("knows a footer without its number on the front pages as the body's running footer", () => {
    const pages = [1, 2, 3, 4, 5, 6, 7].map((number) =>
      page(number, [
        ...paragraph(700),
        run(number <= 2 ? "Harbor Policy Institute" : `Harbor Policy Institute ${number - 2}`, 30, { size: 8 }),
      ]),
    );
    expect(removeFurniture(pages).map((p) => p.lines.length)).toEqual([10, 10, 10, 10, 10, 10, 10]);
  });

  it("empties the contents pages and keeps the summary's text on a two-column page before them, without its titles and side column", () => {
    const summary = page(1, [
      run("SUMMARY", 720, { x: 480, size: 14, font: "bold" }),
      run("Grid Storage and the Regional Market", 690, { x: 54, size: 20, font: "bold" }),
      run("Batteries now move solar output into the evening peak, and", 660, { x: 54 }),
      run("March 3, 2026", 660, { x: 470, size: 10 }),
      run("the rules that pay them were written for power plants.", 647, { x: 54 }),
      run("Ana Ruiz", 647, { x: 470, size: 10 }),
    ]);
    const contents = page(2, [
      run("Contents", 700, { size: 18, font: "bold" }),
      run(`Introduction ${".".repeat(60)} 1`, 670),
      run(`Storage Today ${".".repeat(60)} 2`, 655),
      run(`Market Rules ${".".repeat(60)} 4`, 640),
    ]);
    const body = page(3, paragraph(700));
    const cover = page(0, [run("Grid Storage and the Regional Market", 600, { size: 26, font: "bold" })]);
    expect(texts(removeFurniture([cover, summary, contents, body]))).toEqual([
      [],
      [
        "Batteries now move solar output into the evening peak, and",
        "the rules that pay them were written for power plants.",
      ],
      [],
      paragraph(700).map((part) => part.text),
    ]);
  });

  it("drops a cover page of display type with little text", () => {
    const cover = page(1, [
      run("Grid Storage and the Regional Market", 600, { size: 26, font: "bold" }),
      run("March 3, 2026", 560, { size: 14 }),
      run("Harbor Policy Institute", 100, { x: 400, size: 10 }),
    ]);
    expect(texts(removeFurniture([cover, page(2, paragraph(700)), page(3, paragraph(700))]))[0]).toEqual([]);
  });
});

describe("the contents list", () => {
  it("reads entries with dot leaders, roman page numbers, or a number set far apart", () => {
    expect(parseContentsEntry(buildLines([run(`Introduction ${".".repeat(40)} 12`, 500)])[0]!)).toEqual({
      title: "Introduction",
      page: "12",
    });
    expect(parseContentsEntry(buildLines([run("Foreword . . . . . . . . iv", 500)])[0]!)).toEqual({
      title: "Foreword",
      page: "iv",
    });
    expect(parseContentsEntry(buildLines([run("Market Rules", 500), run("7", 500, { x: 520 })])[0]!)).toEqual({
      title: "Market Rules",
      page: "7",
    });
    expect(parseContentsEntry(buildLines([run("Demand grew after COVID-19", 500)])[0]!)).toBeNull();
    expect(parseContentsEntry(buildLines([run("It ended in 2019.", 500)])[0]!)).toBeNull();
  });

  it("gives the first list's entries, wrapped titles joined, levels by indentation; Figures and Contacts lists are not headings", () => {
    const contents = page(2, [
      run("Running Title", 760, { size: 8 }),
      run("Contents", 700, { size: 18, font: "bold" }),
      run(`Introduction ${".".repeat(60)} 1`, 670),
      run(`Storage Today ${".".repeat(60)} 1`, 655),
      run("Battery Fleets and Their Owners in the Eastern", 640, { x: 90 }),
      run(`Interconnection Region ${".".repeat(50)} 2`, 627, { x: 98 }),
      run(`Queue Studies ${".".repeat(50)} 3`, 612, { x: 108 }),
      run(`Market Rules ${".".repeat(60)} 4`, 597),
      run("Figures", 570, { size: 14, font: "bold" }),
      run(`Figure 1. Installed Capacity ${".".repeat(50)} 2`, 550),
      run("Contacts", 520, { size: 14, font: "bold" }),
      run(`Author Information ${".".repeat(50)} 5`, 500),
    ]);
    expect(readContents([page(1, paragraph(700)), contents])).toEqual([
      { title: "Introduction", level: 1, page: null },
      { title: "Storage Today", level: 1, page: null },
      { title: "Battery Fleets and Their Owners in the Eastern Interconnection Region", level: 2, page: null },
      { title: "Queue Studies", level: 3, page: null },
      { title: "Market Rules", level: 1, page: null },
    ]);
  });

  it("knows a figure's or table's title", () => {
    expect(
      ["Figure 3. Imports", "Table A-1: Funding", "Figure 1.Vehicle Markups", "Table 12", "Chart 2.1 — Prices"].map(
        isCaptionTitle,
      ),
    ).toEqual([true, true, true, true, true]);
    expect(["Tables", "Table 1 shows the rise", "Figures on trade", "Mapping 3 regions"].map(isCaptionTitle)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("classifyLines", () => {
  const bodyPage = (
    number: number,
    extra: PositionedText[],
  ): { number: number; width: number; height: number; lines: PdfLine[] } => ({
    number,
    width: 612,
    height: 792,
    lines: buildLines([...extra]),
  });

  it("takes headings from type size and face, levels by size then face, never from a line's words alone", () => {
    const pages = [
      bodyPage(1, [
        run("Storage Today", 720, { size: 18, font: "bold" }),
        ...paragraph(690),
        run("Battery Fleets", 530, { size: 14, font: "bold" }),
        ...paragraph(505).slice(0, 4),
        run("Owners", 435, { font: "bold" }),
        ...paragraph(410).slice(0, 4),
        // A line of body type alone between gaps, however heading-like its words.
        run("Introduction", 340),
        ...paragraph(315).slice(0, 4),
        // A bold first sentence that runs on into its paragraph is not a heading.
        run("Congress could renew the program", 245, { font: "bold" }),
        run("for five years, as the committee proposed in 2024.", 231.5),
      ]),
      bodyPage(2, [run("Market Rules", 720, { size: 18, font: "bold" }), ...paragraph(690)]),
    ];
    const lines = classifyLines(pages, []);
    expect(lines.flat().filter((line) => line.heading)).toEqual([
      { text: "Storage Today", heading: true, level: 1 },
      { text: "Battery Fleets", heading: true, level: 2 },
      { text: "Owners", heading: true, level: 3 },
      { text: "Market Rules", heading: true, level: 1 },
    ]);
    expect(lines[0]!.find((line) => line.text === "Introduction")).toEqual({ text: "Introduction", heading: false });
    expect(lines[0]!.find((line) => line.text.startsWith("Congress"))).toEqual({
      text: "Congress could renew the program",
      heading: false,
    });
  });

  it("drops the report's title at the top of a first page that is not a cover: the one line in the largest type", () => {
    const pages = [
      bodyPage(1, [run("Grid Storage and the Regional Market", 740, { size: 22, font: "bold" }), ...paragraph(700)]),
      bodyPage(2, [run("Demand", 720, { size: 14, font: "bold" }), ...paragraph(690)]),
    ];
    const lines = classifyLines(pages, []);
    expect(lines[0]![0]).toEqual({
      text: "the market pays storage for energy and reserves under rules written long ago 0",
      heading: false,
    });
    expect(lines.flat().filter((line) => line.heading)).toEqual([{ text: "Demand", heading: true, level: 1 }]);
  });

  it("matches outline titles to lines, a title wrapped over two lines included, levels from the outline", () => {
    const pages = [
      bodyPage(1, [
        run("Battery Fleets and Their Owners in the", 720, { size: 14, font: "bold" }),
        run("Eastern Interconnection", 703, { size: 14, font: "bold" }),
        ...paragraph(680),
        run("Demand", 530, { size: 14, font: "bold" }),
        ...paragraph(505),
      ]),
    ];
    const outline = [
      { title: "Battery Fleets and Their Owners in the Eastern Interconnection", level: 1, page: 1 },
      { title: "Demand", level: 2, page: 1 },
    ];
    expect(classifyLines(pages, outline)[0]!.filter((line) => line.heading)).toEqual([
      { text: "Battery Fleets and Their Owners in the Eastern Interconnection", heading: true, level: 1 },
      { text: "Demand", heading: true, level: 2 },
    ]);
  });

  it("falls back to type when most outline titles are not in the text, wrapped headings whole", () => {
    const pages = [
      bodyPage(1, [
        run("Battery Fleets and Their Owners in the", 720, { size: 14, font: "bold" }),
        run("Eastern Interconnection", 703, { size: 14, font: "bold" }),
        ...paragraph(680),
        run("Demand", 530, { size: 14, font: "bold" }),
        ...paragraph(505),
      ]),
      bodyPage(2, [run("Prices", 720, { size: 14, font: "bold" }), ...paragraph(690)]),
    ];
    const outline = [
      { title: "Battery Fleets and Their Owners in the Eastern Interconnection", level: 1, page: 1 },
      { title: "Chapter Two", level: 1, page: 1 },
      { title: "Chapter Three", level: 1, page: 2 },
      { title: "Chapter Four", level: 1, page: 2 },
    ];
    expect(
      classifyLines(pages, outline)
        .flat()
        .filter((line) => line.heading),
    ).toEqual([
      { text: "Battery Fleets and Their Owners in the Eastern Interconnection", heading: true, level: 1 },
      { text: "Demand", heading: true, level: 1 },
      { text: "Prices", heading: true, level: 1 },
    ]);
  });

  it("ranks levels among the entries found (a root bookmark for the title) and matches across section numbers", () => {
    const pages = [
      bodyPage(1, [
        run("1. Demand", 720, { size: 14, font: "bold" }),
        ...paragraph(695),
        run("Prices", 550, { font: "bold" }),
        ...paragraph(530),
      ]),
    ];
    const outline = [
      { title: "Grid Storage and the Regional Market", level: 1, page: 1 },
      { title: "Demand", level: 2, page: 1 },
      { title: "1.1 Prices", level: 3, page: 1 },
    ];
    expect(classifyLines(pages, outline)[0]!.filter((line) => line.heading)).toEqual([
      { text: "1. Demand", heading: true, level: 1 },
      { text: "Prices", heading: true, level: 2 },
    ]);
  });

  it("makes figure and table titles and their Source and Notes lines captions, and drops the cells between", () => {
    const pages = [
      bodyPage(1, [
        ...paragraph(720),
        run("Table 2. Queue Length by Region", 570, { font: "bold" }),
        run("Region", 550, { x: 90, size: 9 }),
        run("Projects", 550, { x: 250, size: 9 }),
        run("Gigawatts", 550, { x: 400, size: 9 }),
        run("North", 538, { x: 90, size: 9 }),
        run("41", 538, { x: 250, size: 9 }),
        run("12.5", 538, { x: 400, size: 9 }),
        run("Source: Institute analysis of operator data,", 515, { size: 9 }),
        run("updated each quarter.", 505, { size: 9 }),
        run("Notes: Counts at year end.", 492, { size: 9 }),
        ...paragraph(470),
      ]),
    ];
    const lines = classifyLines(pages, [])[0]!;
    expect(lines.filter((line) => line.caption)).toEqual([
      { text: "Table 2. Queue Length by Region", caption: true },
      { text: "Source: Institute analysis of operator data, updated each quarter.", caption: true },
      { text: "Notes: Counts at year end.", caption: true },
    ]);
    expect(lines.some((line) => line.text.includes("Gigawatts") || line.text.includes("North"))).toBe(false);
    expect(lines.filter((line) => line.text !== "").length).toBe(23);
  });
});

describe("a think-tank brief as a PDF", () => {
  const kinds = (report: Awaited<ReturnType<typeof importReport>>) =>
    report.passages.map((p) => [p.kind, p.section, p.text.slice(0, 40)]);
  const expectedBody = (sections: number[]) => [
    ["paragraph", sections[0], "Utilities in the eastern market added mo"],
    ["paragraph", sections[0], "This brief describes the fleets that exi"],
    ["paragraph", sections[1], "Most of the installed capacity sits in a"],
    ["paragraph", sections[2], "Independent developers own about two thi"],
    ["caption", sections[2], "Figure 1. Installed Capacity by Year"],
    ["caption", sections[2], "Source: Institute analysis of grid opera"],
    ["paragraph", sections[2], "The growth continued into the first quar"],
    ["paragraph", sections[3], "The market pays storage for energy and f"],
  ];

  it("with a contents page: sections and levels from it; cover, contents, header, footer and cells gone, back-matter headings no sections", async () => {
    const report = await importReport({
      filename: "brief.pdf",
      bytes: await makeBrief({ contents: true, outline: false }),
    });
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Introduction", 1],
      ["Storage Today", 1],
      ["Battery Fleets and Their Owners in the Eastern Interconnection Region", 2],
      ["Market Rules", 1],
    ]);
    expect(kinds(report)).toEqual([
      ...expectedBody([0, 1, 2, 3]),
      // Bold 11 pt, not in the contents: a heading the list leaves out stays in the text.
      ["paragraph", 3, "Interconnection Queues Projects wait for"],
      ["caption", 3, "Table 1. Queue Length by Region"],
      ["caption", 3, "Notes: Counts at the end of the year."],
      ["paragraph", 3, "A faster study process would let the ope"],
      // The back matter's headings are no sections; its text stays evidence, under the last one.
      ["paragraph", 3, "Ana Ruiz is a senior fellow who studies "],
      ["paragraph", 3, "The views in this brief are the author's"],
    ]);
  });

  it("with an outline: sections and levels from the bookmarks, the back matter's headings after them no sections", async () => {
    const report = await importReport({
      filename: "brief.pdf",
      bytes: await makeBrief({ contents: false, outline: true }),
    });
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Introduction", 1],
      ["Storage Today", 1],
      ["Battery Fleets and Their Owners in the Eastern Interconnection Region", 2],
      ["Market Rules", 1],
    ]);
    expect(kinds(report).slice(-6)).toEqual([
      ["paragraph", 3, "Interconnection Queues Projects wait for"],
      ["caption", 3, "Table 1. Queue Length by Region"],
      ["caption", 3, "Notes: Counts at the end of the year."],
      ["paragraph", 3, "A faster study process would let the ope"],
      // The back matter's headings are no sections; its text stays evidence, under the last one.
      ["paragraph", 3, "Ana Ruiz is a senior fellow who studies "],
      ["paragraph", 3, "The views in this brief are the author's"],
    ]);
  });

  it("with neither: headings by type size and face (18 pt, 14 pt, bold 11 pt), titles over small type as captions", async () => {
    const report = await importReport({
      filename: "brief.pdf",
      bytes: await makeBrief({ contents: false, outline: false }),
    });
    expect(report.sections.map((s) => [s.title, s.level])).toEqual([
      ["Introduction", 1],
      ["Storage Today", 1],
      ["Battery Fleets and Their Owners in the Eastern Interconnection Region", 2],
      ["Market Rules", 1],
      ["Interconnection Queues", 3],
    ]);
    expect(kinds(report)).toEqual([
      ...expectedBody([0, 1, 2, 3]),
      ["paragraph", 4, "Projects wait for years before the grid "],
      ["caption", 4, "Table 1. Queue Length by Region"],
      ["caption", 4, "Notes: Counts at the end of the year."],
      ["paragraph", 4, "A faster study process would let the ope"],
      // Without a contents list or outline nothing says where the body ends.
      ["caption", 4, "About the Author"],
      ["paragraph", 4, "Ana Ruiz is a senior fellow who studies "],
      ["caption", 4, "Disclaimer"],
      ["paragraph", 4, "The views in this brief are the author's"],
    ]);
  });
});
