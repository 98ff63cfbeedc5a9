import { describe, expect, it } from "vitest";
import { ImportError } from "./errors.js";
import { importReport } from "./importReport.js";

const bytes = (text: string) => new TextEncoder().encode(text);

async function importError(filename: string, content: Uint8Array): Promise<ImportError> {
  const error = await importReport({ filename, bytes: content }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe("importReport refuses what it cannot read", () => {
  it("an unknown extension is unsupported_type (415)", async () => {
    const error = await importError("report.pages", bytes("anything"));
    expect(error.kind).toBe("unsupported_type");
    expect(error.message).toBe(
      '"report.pages" is not a report Accord can import: use a .pdf, .docx, .md or .txt file.',
    );
    expect((await importError("README", bytes("text"))).kind).toBe("unsupported_type");
  });

  it.each([
    ["a .pdf that is not a PDF", "report.pdf", bytes("Hello, not a PDF"), '"report.pdf" is not a PDF file.'],
    ["a .docx that is not a zip", "report.docx", bytes("plain words"), '"report.docx" is not a Word (.docx) document.'],
    [
      "a zip without word/document.xml",
      "report.docx",
      bytes("PK\u0003\u0004 other/entry.xml"),
      '"report.docx" is not a Word (.docx) document.',
    ],
    ["an empty file", "report.txt", new Uint8Array(), '"report.txt" is empty.'],
    ["an empty PDF", "C:\\fakepath\\report.pdf", new Uint8Array(), '"report.pdf" is empty.'],
    ["a whitespace-only markdown file", "notes.md", bytes(" \n\n "), '"notes.md" is empty.'],
    ["text with NUL bytes", "report.txt", bytes("abc\u0000def"), '"report.txt" is binary, not text.'],
    ["text that is not UTF-8", "notes.md", new Uint8Array([0x48, 0xff, 0xfe, 0x49]), '"notes.md" is not UTF-8 text.'],
  ])("%s is invalid_file (400)", async (_case, filename, content, message) => {
    const error = await importError(filename, content);
    expect(error.kind).toBe("invalid_file");
    expect(error.message).toBe(message);
  });

  it("a damaged PDF or Word file is invalid_file", async () => {
    expect((await importError("broken.pdf", bytes("%PDF-1.7\nnot really"))).kind).toBe("invalid_file");
    expect((await importError("broken.docx", bytes("PK\u0003\u0004word/document.xml truncated"))).kind).toBe(
      "invalid_file",
    );
  });
});

describe("importReport picks the importer by extension", () => {
  it("reads .txt as PDF-extracted text, titled after the file", async () => {
    const report = await importReport({
      filename: "Trade Outlook.TXT",
      bytes: bytes("\uFEFFSummary\nExports rose 5 percent.\n"),
    });
    expect(report).toMatchObject({ title: "Trade Outlook", format: "text", pageCount: 1 });
    expect(report.sections.map((s) => s.title)).toEqual(["Summary"]);
    expect(report.passages.map((p) => p.text)).toEqual(["Exports rose 5 percent."]);
  });

  it("prefers a given title", async () => {
    const report = await importReport({ filename: "x.txt", bytes: bytes("Exports rose."), title: "Outlook 2030" });
    expect(report.title).toBe("Outlook 2030");
  });
});
