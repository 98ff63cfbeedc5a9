import { describe, expect, it } from "vitest";
import { isReportFileName, REPORT_EXTENSIONS, REPORT_EXTENSIONS_IN_WORDS } from "./reportFiles.js";

describe("report files", () => {
  it("accepts each listed extension in any case, and Markdown's long one", () => {
    expect(["a.txt", "b.MD", "c.markdown", "d.Pdf", "e.docx"].map(isReportFileName)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it("refuses other and look-alike names", () => {
    expect(["a.doc", "b.pdf.exe", "markdown", "c.txt ", "d.mdx"].map(isReportFileName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("says the list in words", () => {
    expect(REPORT_EXTENSIONS).toEqual([".txt", ".md", ".markdown", ".pdf", ".docx"]);
    expect(REPORT_EXTENSIONS_IN_WORDS).toBe(".txt, .md, .markdown, .pdf or .docx");
  });
});
