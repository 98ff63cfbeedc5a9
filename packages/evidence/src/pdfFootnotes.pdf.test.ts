import { describe, expect, it } from "vitest";
import { importReport } from "./importReport.js";
import { makePdf } from "./testing/makePdf.js";

/**
 * Numbered footnotes in real PDFs, rendered by pdfmake and read through the same path as an
 * upload: pdfmake sets `sup` markers smaller and raised by about half the text's size, and each
 * page's notes go in its footer area, in 9 pt type, each opening with its number. (A PDF without
 * numbered notes, read the older way, is pdfImporter.test.ts's.)
 */
const note = (number: number, text: string) => ({
  text: [{ text: String(number), sup: true }, ` ${text}`],
  fontSize: 9,
});
const line = (text: string) => ({ text, fontSize: 9 });
const sup = (text: string) => ({ text, sup: true });

async function notesPdf(): Promise<Uint8Array> {
  const notesByPage: Record<number, object[]> = {
    2: [
      note(
        1,
        "Ministry of Trade, Annual Review of the Coral Strait Pact (Capital Press, 2022), https://example.org/trade/annual-review-2022.pdf.",
      ),
      note(2, "Coral Strait Act of 2020, section 3."),
      note(3, "Jane Roe, “Quota Reform and Its Critics,” Sea Policy Review, vol. 4 (May"),
    ],
    3: [line("2024), pp. 10-12, https://example.org/review/quota-reform."), note(4, "Port Authority, Yearbook 2024.")],
  };
  return makePdf({
    pageSize: { width: 420, height: 520 },
    pageMargins: [40, 40, 40, 150],
    footer: (page: number) => ({ margin: [40, 10, 40, 0], stack: notesByPage[page] ?? [] }),
    content: [
      // A cover page, as reports have: the importer reads it for metadata, not passages.
      { text: "The Coral Strait Pact", fontSize: 24, bold: true, margin: [0, 80, 0, 12] },
      { text: "Jane Example, Analyst in Trade Policy", fontSize: 12, pageBreak: "after" },
      { text: "Trade", fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      {
        text: ["The pact cut tariffs", sup("1"), " on fish in 2021 by law,", sup("2"), " as both parliaments agreed."],
        fontSize: 11,
        margin: [0, 0, 0, 8],
      },
      { text: ["Quotas were reset in 2019 after a review.", sup("3")], fontSize: 11, pageBreak: "after" },
      { text: "Ports", fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      { text: ["Two cold-storage hubs opened, and $614.5 million was invested.", sup("4")], fontSize: 11 },
    ],
  });
}

describe("numbered footnotes in a PDF", async () => {
  const report = await importReport({ filename: "coral-notes.pdf", bytes: await notesPdf() });

  it("reads each note whole, with its number, its URLs joined over lines and a note that runs over the page break", () => {
    expect(report.footnotes).toEqual([
      {
        number: 1,
        page: 2,
        url: "https://example.org/trade/annual-review-2022.pdf",
        urls: ["https://example.org/trade/annual-review-2022.pdf"],
        text: "Ministry of Trade, Annual Review of the Coral Strait Pact (Capital Press, 2022), https://example.org/trade/annual-review-2022.pdf.",
      },
      { number: 2, page: 2, url: null, urls: [], text: "Coral Strait Act of 2020, section 3." },
      {
        number: 3,
        page: 2,
        url: "https://example.org/review/quota-reform",
        urls: ["https://example.org/review/quota-reform"],
        text: "Jane Roe, “Quota Reform and Its Critics,” Sea Policy Review, vol. 4 (May 2024), pp. 10-12, https://example.org/review/quota-reform.",
      },
      { number: 4, page: 3, url: null, urls: [], text: "Port Authority, Yearbook 2024." },
    ]);
  });

  it("takes the markers out of the text and makes them each passage's sources", () => {
    expect(
      report.passages.map((passage) => [passage.page, passage.text, passage.footnotes, passage.sourcesFrom]),
    ).toEqual([
      [2, "The pact cut tariffs on fish in 2021 by law, as both parliaments agreed.", [1, 2], "markers"],
      [2, "Quotas were reset in 2019 after a review.", [3], "markers"],
      [3, "Two cold-storage hubs opened, and $614.5 million was invested.", [4], "markers"],
    ]);
    expect(report.sections.map((section) => section.title)).toEqual(["Trade", "Ports"]);
  });
});
