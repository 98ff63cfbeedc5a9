import { describe, expect, it } from "vitest";
import { buildLines, type PdfLine, type PositionedText } from "./pdfLines.js";
import {
  METADATA_LINES,
  dateFromPdf,
  dateInText,
  numberInText,
  readPdfMetadata,
  splitNames,
  usableTitle,
} from "./pdfMetadata.js";

/** A run as pdf.js places it; its width is estimated from its length (half an em a character). */
function run(text: string, y: number, size: number, x = 72): PositionedText {
  return { text, x, y, width: text.length * size * 0.5, size };
}

/** A page's lines from its runs, through the same line builder as a real PDF. */
const page = (...runs: PositionedText[]): PdfLine[] => buildLines(runs);

/** A think-tank cover: a two-line title in display type, a byline, a date, the publisher. */
const thinkTankCover = page(
  run("Ports, Tariffs and the Cost of", 700, 24),
  run("Shipping Across the Pacific", 670, 24),
  run("By Ana María de la Cruz and Tom O'Neill", 630, 12),
  run("Working Paper No. WP-2024-05", 610, 11),
  run("Published 3 March 2024", 592, 11),
  run("The Harbour Policy Institute", 80, 10),
  run("1200 Quay Street, Suite 4, Springfield", 66, 10),
);

/** A government brief's cover and its summary page in two columns (title left, authors right). */
const governmentCover = page(
  run("Water Rights on Shared", 593, 22),
  run("Rivers: Frequently Asked Questions", 564, 22),
  run("Updated", 518, 14),
  run("June 2, 2025", 518, 14, 130),
  run("Legislative Research Office", 109, 10, 395),
  run("https://example.gov/briefs", 92, 10, 404),
  run("LR31422", 77, 10, 508),
);
const governmentSummary = page(
  run("SUMMARY", 717, 14, 478),
  run("Water Rights on Shared", 674, 20, 54),
  run("June 2, 2025", 662, 10, 460),
  run("Rivers: Frequently Asked Questions", 649, 20, 54),
  run("Priya K. Raman", 639, 9, 460),
  run("States that share a river divide its water by compact, by decree or", 628, 11, 54),
  run("Analyst in Natural", 629, 9, 460),
  run("Resources Policy", 618, 9, 460),
  run("by agreement; Congress consents to each compact before it binds.", 615, 11, 54),
  run("Owen Blake", 601, 9, 460),
  run("The question of who may draw how much water has become sharper as", 604, 11, 54),
  run("Specialist in Water Policy", 590, 9, 460),
);

describe("readPdfMetadata", () => {
  it("reads a think-tank cover: the display-type title over two lines, the byline, the paper number, the date, the publisher", () => {
    expect(readPdfMetadata({}, thinkTankCover, "upload.pdf")).toEqual({
      title: "Ports, Tariffs and the Cost of Shipping Across the Pacific",
      authors: ["Ana María de la Cruz", "Tom O'Neill"],
      publisher: "The Harbour Policy Institute",
      date: "2024-03-03",
      reportNumber: "WP-2024-05",
    });
  });

  it("reads a bare cover and takes the authors from the summary page's right-hand column, each above their role", () => {
    expect(
      readPdfMetadata({ CreationDate: "D:20250604120000-04'00'" }, governmentCover, "x.pdf", {
        second: governmentSummary,
      }),
    ).toEqual({
      title: "Water Rights on Shared Rivers: Frequently Asked Questions",
      authors: ["Priya K. Raman", "Owen Blake"],
      publisher: "Legislative Research Office",
      date: "2025-06-02",
      reportNumber: "LR31422",
    });
  });

  it("prefers the information dictionary's title and authors when the page agrees, and its creation date when the page has none", () => {
    const cover = page(
      run("Seafood Traceability", 700, 22),
      run("and Import Controls", 672, 22),
      run("Congressional Budget Office", 90, 10),
    );
    const info = {
      Title: "Seafood Traceability and Import Controls",
      Author: "Lisa S. Benson, Anthony A. Cilluffo; Julie M. Lawhorn",
      CreationDate: "D:20260417113611-04'00'",
    };
    expect(readPdfMetadata(info, cover, "file.pdf")).toEqual({
      title: "Seafood Traceability and Import Controls",
      authors: ["Lisa S. Benson", "Anthony A. Cilluffo", "Julie M. Lawhorn"],
      publisher: "Congressional Budget Office",
      date: "2026-04-17",
      reportNumber: null,
    });
  });

  it("takes the printed title over a dictionary title the page does not show (a template's leftover)", () => {
    const cover = page(
      run("Housing Supply in Coastal Towns", 700, 20),
      run("A short paragraph of body text follows the title here.", 650, 10),
    );
    expect(readPdfMetadata({ Title: "Quarterly Newsletter Template" }, cover, "f.pdf").title).toBe(
      "Housing Supply in Coastal Towns",
    );
  });

  it("ignores junk in the dictionary: a Word file name, 'untitled', a login, an organisation as author (it is the publisher)", () => {
    const plain = page(run("All of this page is set in one size, so none of it is display type.", 700, 10));
    expect(readPdfMetadata({ Title: "Microsoft Word - draft3.docx", Author: "jsmith" }, plain, "Trade brief")).toEqual({
      title: "Trade brief",
      authors: [],
      publisher: null,
      date: null,
      reportNumber: null,
    });
    expect(readPdfMetadata({ Title: "  untitled ", Author: "Administrator" }, [], "Brief").title).toBe("Brief");
    expect(
      readPdfMetadata({ Title: "final_report_v2", Author: "Government Accountability Office" }, [], "Brief"),
    ).toEqual({
      title: "Brief",
      authors: [],
      publisher: "Government Accountability Office",
      date: null,
      reportNumber: null,
    });
    expect(readPdfMetadata({ Title: "   " }, [], "  ").title).toBe("Untitled report");
  });

  it("does not take a subtitle of capitalised words for an author, nor the title's words for a publisher", () => {
    const cover = page(
      run("Economic Development Administration:", 700, 22),
      run("An Overview of Programs", 672, 22),
      run("Frequently Asked Questions", 640, 14),
      run("Updated April 15, 2026", 620, 14),
    );
    expect(readPdfMetadata({}, cover, "f.pdf")).toEqual({
      title: "Economic Development Administration: An Overview of Programs",
      authors: [],
      publisher: null,
      date: "2026-04-15",
      reportNumber: null,
    });
  });

  it("takes no title from a first page that opens on a section heading set like the later pages' headings", () => {
    const first = page(
      run("Overview", 700, 15),
      run("The pact cut tariffs on many product lines in one year.", 680, 10),
    );
    const second = page(
      run("Fisheries", 700, 15),
      run("Fleets land a great deal of fish each year, most of it frozen.", 680, 10),
    );
    expect(readPdfMetadata({}, first, "coral-strait", { second }).title).toBe("coral-strait");
    // The same title repeated on the next page in the same type is still the title.
    const repeated = page(
      run("Overview of the", 700, 15),
      run("Coral Strait Pact", 682, 15),
      run("Some body text here.", 650, 10),
    );
    expect(
      readPdfMetadata({}, repeated, "f", { second: page(run("Overview of the Coral Strait Pact", 700, 15)) }).title,
    ).toBe("Overview of the Coral Strait Pact");
  });

  it("skips a label in capitals and the publisher's name set larger than the title", () => {
    const cover = page(
      run("The Harbour Institute", 760, 30),
      run("POLICY BRIEF", 720, 28),
      run("Dredging the Northern", 680, 24),
      run("Channel", 652, 24),
      run("March 2024", 600, 12),
    );
    expect(readPdfMetadata({}, cover, "f.pdf")).toMatchObject({
      title: "Dredging the Northern Channel",
      publisher: "The Harbour Institute",
      date: "2024-03",
    });
  });

  it("takes no date from body text, only from a short or labelled line", () => {
    const first = page(
      run("Harbour Dredging", 700, 22),
      run("The agency began dredging the northern channel in March 2020, and", 660, 10),
      run("finished in June 2021.", 648, 10),
    );
    expect(readPdfMetadata({ CreationDate: "D:20220105" }, first, "f.pdf").date).toBe("2022-01-05");
    const labelled = page(
      run("Harbour Dredging", 700, 22),
      run("Last revised on the 4th of July 2023 by the board", 660, 10),
    );
    expect(readPdfMetadata({}, labelled, "f.pdf").date).toBe("2023-07-04");
    const dated = page(run("Harbour Dredging", 700, 22), run("Revised: July 4, 2023", 660, 10));
    expect(readPdfMetadata({}, dated, "f.pdf").date).toBe("2023-07-04");
  });

  it("does not take whom a report is for as its publisher", () => {
    const cover = page(
      run("Annual Review of Harbour Dredging", 700, 22),
      run("Report to Congress", 660, 12),
      run("Prepared for the Committee on Ports", 640, 12),
      run("Federal Maritime Office", 90, 10),
    );
    expect(readPdfMetadata({}, cover, "f.pdf").publisher).toBe("Federal Maritime Office");
  });

  it("finds the authors in an 'Author Information' block on the last page when the opening pages name none", () => {
    const last = page(
      run("Author Information", 700, 12),
      run("William R. Morton", 680, 10),
      run("Specialist in Income Security", 668, 10),
      run("Disclaimer", 640, 12),
    );
    expect(readPdfMetadata({}, [], "f.pdf", { last }).authors).toEqual(["William R. Morton"]);
  });

  it("reads a line of 200,000 runs, mostly blank, in one pass (quadratic work would run for minutes)", () => {
    const runs: PositionedText[] = [run("Tidal Power in Small Harbours", 700, 20)];
    for (let i = 0; i < 200_000; i++) runs.push({ text: " ", x: 72 + i * 0.001, y: 650, width: 0.001, size: 10 });
    runs.push(run("Published 3 March 2024", 650, 10, 400));
    const lines: PdfLine[] = [
      buildLines([runs[0]!])[0]!,
      { text: "Published 3 March 2024", y: 650, size: 10, x: 72, runs: runs.slice(1) },
    ];
    expect(readPdfMetadata({}, lines, "f.pdf")).toMatchObject({
      title: "Tidal Power in Small Harbours",
      date: "2024-03-03",
    });
  });

  it("reads only the first METADATA_LINES lines of a page", () => {
    const filler = Array.from({ length: METADATA_LINES }, (_, i) =>
      run(`Body line ${i} of an opening page with no metadata`, 780 - i * 12, 10),
    );
    const lines = page(...filler, run("Published 3 March 2024", 20, 10), run("No. 881", 8, 10));
    expect(readPdfMetadata({}, lines, "f.pdf")).toMatchObject({ date: null, reportNumber: null });
  });
});

describe("the field readers", () => {
  it("reads dates written out as ISO", () => {
    expect(dateInText("Updated April 21, 2026")).toBe("2026-04-21");
    expect(dateInText("21st Sept. 2019")).toBe("2019-09-21");
    expect(dateInText("March 2024")).toBe("2024-03");
    expect(dateInText("Released 2023-11-30")).toBe("2023-11-30");
    expect(dateInText("May we ask 12 questions")).toBeNull();
    expect(dateFromPdf("D:20260421140117-04'00'")).toBe("2026-04-21");
    expect(dateFromPdf("D:2026")).toBe("2026");
    expect(dateFromPdf("yesterday")).toBeNull();
  });

  it("reads report numbers with and without a label, and not bare years or words", () => {
    expect(numberInText("R48903")).toBe("R48903");
    expect(numberInText("CRS Report R45741")).toBe("R45741");
    expect(numberInText("Policy Brief No. 123")).toBe("123");
    expect(numberInText("WP-2024-05")).toBe("WP-2024-05");
    expect(numberInText("2026")).toBeNull();
    expect(numberInText("Report 2024")).toBeNull();
    expect(numberInText("https://crsreports.congress.gov")).toBeNull();
  });

  it("splits author lists on commas, semicolons and 'and', keeping 'Family, Given' and 'Jr.' together", () => {
    expect(splitNames("John Frittelli, Ben Goldman")).toEqual(["John Frittelli", "Ben Goldman"]);
    expect(splitNames("Morton, William R.")).toEqual(["William R. Morton"]);
    expect(splitNames("Jane Roe and Ada Lovelace; Grace Hopper")).toEqual(["Jane Roe", "Ada Lovelace", "Grace Hopper"]);
    expect(splitNames("Martin Luther King, Jr.")).toEqual(["Martin Luther King, Jr."]);
    expect(splitNames("Trade and Tariffs")).toBeNull();
  });

  it("tells junk titles from titles", () => {
    expect(usableTitle("Microsoft Word - draft3.docx")).toBeNull();
    expect(usableTitle("draft3.docx")).toBeNull();
    expect(usableTitle("Untitled1")).toBeNull();
    expect(usableTitle("C:\\Users\\me\\brief")).toBeNull();
    expect(usableTitle("“Tickets for Live Events”")).toBe("Tickets for Live Events");
    expect(usableTitle("Report No. 5: Tariffs")).toBe("Report No. 5: Tariffs");
  });
});
