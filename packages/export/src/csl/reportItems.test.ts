import { describe, expect, it } from "vitest";
import { htmlToRuns } from "./htmlRuns.js";
import { footnoteItem, parseLocator, reportItem } from "./reportItems.js";

describe("reportItem", () => {
  it("is the report's metadata as a CSL report: people's names split, date parts, number", () => {
    expect(
      reportItem({
        title: "Electricity Storage: Federal Policy Options",
        authors: ["Jane Smith", "Ludwig van Beethoven"],
        publisher: "Congressional Research Service",
        date: "2024-03-05",
        reportNumber: "R48001",
      }),
    ).toEqual({
      type: "report",
      title: "Electricity Storage: Federal Policy Options",
      author: [
        { family: "Smith", given: "Jane" },
        { family: "van Beethoven", given: "Ludwig" },
      ],
      publisher: "Congressional Research Service",
      issued: { "date-parts": [[2024, 3, 5]] },
      number: "R48001",
    });
    expect(
      reportItem({ title: "Grid Review", authors: [], publisher: null, date: "2024-03", reportNumber: null }),
    ).toEqual({ type: "report", title: "Grid Review", issued: { "date-parts": [[2024, 3]] } });
    expect(reportItem({ title: " ", authors: ["  "], publisher: " ", date: "March 2024", reportNumber: "" })).toEqual({
      type: "report",
      title: "Untitled report",
    });
  });
});

describe("footnoteItem (a report's own note, read from its words)", () => {
  it("reads CRS-style notes: author, quoted title, container, date, URL", () => {
    expect(
      footnoteItem(
        "U.S. Energy Information Administration, “Battery Storage in the United States,” August 2021, https://www.eia.gov/analysis/storage/.",
        [],
      ),
    ).toEqual({
      type: "webpage",
      title: "Battery Storage in the United States",
      author: [{ literal: "U.S. Energy Information Administration" }],
      issued: { "date-parts": [[2021, 8]] },
      URL: "https://www.eia.gov/analysis/storage/",
    });
    expect(
      footnoteItem(
        "Jane Doe, “Grid Batteries Cross a Threshold,” Utility Weekly, March 4, 2024, https://example.com/grid?x=1.",
        [],
      ),
    ).toEqual({
      type: "webpage",
      title: "Grid Batteries Cross a Threshold",
      author: [{ literal: "Jane Doe" }],
      "container-title": "Utility Weekly",
      issued: { "date-parts": [[2024, 3, 4]] },
      URL: "https://example.com/grid?x=1",
    });
    // The note's own link list wins over a URL in its text; "Sept." reads as a month.
    expect(
      footnoteItem("Department of Energy, “Storage Outlook,” Sept. 9, 2023, at https://energy.gov/text-url.", [
        "mailto:a@b.org",
        "https://energy.gov/outlook",
      ]),
    ).toEqual({
      type: "webpage",
      title: "Storage Outlook",
      author: [{ literal: "Department of Energy" }],
      issued: { "date-parts": [[2023, 9, 9]] },
      URL: "https://energy.gov/outlook",
    });
  });

  it("guesses nothing it cannot read: no quoted title, straight quotes, volume and page parts", () => {
    expect(footnoteItem("See CRS Report R12345, Energy Storage: Issues for Congress, by John Smith.", [])).toEqual({
      type: "document",
      title: "See CRS Report R12345, Energy Storage: Issues for Congress, by John Smith",
    });
    expect(footnoteItem('Federal Register, "Interconnection Rules," vol. 88, no. 4, pp. 12-40, 2023.', [])).toEqual({
      type: "document",
      title: "Interconnection Rules",
      author: [{ literal: "Federal Register" }],
      issued: { "date-parts": [[2023]] },
    });
    expect(footnoteItem("“Unclosed title, 2020, https://example.org/u", [])).toEqual({
      type: "webpage",
      title: "“Unclosed title, 2020",
      URL: "https://example.org/u",
    });
    expect(footnoteItem("   ", [])).toEqual({ type: "document", title: "Untitled note" });
  });

  it("reads a long or hostile note in one pass", () => {
    const hostile = `${",".repeat(50_000)}“${"a".repeat(50_000)}`;
    const started = Date.now();
    expect(footnoteItem(hostile, []).type).toBe("document");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("parseLocator", () => {
  it("labels the locators CSL knows and keeps any other as the cite's suffix", () => {
    expect(parseLocator("p. 12")).toEqual({ locator: "12", label: "page" });
    expect(parseLocator("12")).toEqual({ locator: "12", label: "page" });
    expect(parseLocator("pp. 3-5")).toEqual({ locator: "3-5", label: "page" });
    expect(parseLocator("chap. 3")).toEqual({ locator: "3", label: "chapter" });
    expect(parseLocator("Table 2")).toEqual({ locator: "2", label: "table" });
    expect(parseLocator("§ 4")).toEqual({ locator: "4", label: "section" });
    expect(parseLocator("abstract")).toEqual({ suffix: ", abstract" });
  });
});

describe("htmlToRuns (citeproc's html as text runs)", () => {
  it("keeps italics, bold, flip-flopped italics, links and escaped text", () => {
    expect(
      htmlToRuns(
        'Lee, <i>Storage <span style="font-style:normal;">Grid</span> Costs</i> &#38; <b>more</b> &#60;script&#62;, <a href="https://example.org/?a=1&#38;b=2">https://example.org/?a=1&#38;b=2</a>.',
      ),
    ).toEqual([
      { type: "text", text: "Lee, " },
      { type: "text", text: "Storage ", italic: true },
      { type: "text", text: "Grid" },
      { type: "text", text: " Costs", italic: true },
      { type: "text", text: " & " },
      { type: "text", text: "more", bold: true },
      { type: "text", text: " <script>, " },
      { type: "text", text: "https://example.org/?a=1&b=2", link: "https://example.org/?a=1&b=2" },
      { type: "text", text: "." },
    ]);
  });

  it("drops links that are not http(s) and lays out a numeric entry's label and text", () => {
    expect(htmlToRuns('<a href="javascript:alert(1)">x</a>')).toEqual([{ type: "text", text: "x" }]);
    expect(
      htmlToRuns(
        '  <div class="csl-entry">\n    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">J. Smith, <i>Grid</i>.</div>\n  </div>\n',
      ),
    ).toEqual([
      { type: "text", text: "[1] J. Smith, " },
      { type: "text", text: "Grid", italic: true },
      { type: "text", text: "." },
    ]);
  });
});
