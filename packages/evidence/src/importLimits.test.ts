import { describe, expect, it } from "vitest";
import { ImportError } from "./errors.js";
import { importReport, type ImportInput } from "./importReport.js";
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from "./limits.js";
import { minimalPdf, zipOf } from "./testing/minimalFiles.js";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A .docx of one paragraph of `text`; `declared` overrides the document part's size in its zip headers. */
function docx(text: string, declared?: number): Uint8Array {
  const document = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
  const encode = (value: string) => new TextEncoder().encode(value);
  return zipOf(
    {
      "[Content_Types].xml": encode(CONTENT_TYPES),
      "_rels/.rels": encode(RELS),
      "word/document.xml": encode(document),
    },
    declared === undefined ? {} : { "word/document.xml": declared },
  );
}

async function refusal(input: ImportInput): Promise<{ kind: string; message: string }> {
  try {
    await importReport(input);
  } catch (error) {
    if (error instanceof ImportError) return { kind: error.kind, message: error.message };
    throw error;
  }
  throw new Error("the import was not refused");
}

const limits = (overrides: Partial<ImportLimits>): ImportLimits => ({ ...DEFAULT_IMPORT_LIMITS, ...overrides });

describe("import limits", () => {
  it("a PDF with more pages than allowed is too_large, from its page count", async () => {
    expect(
      await refusal({
        filename: "long.pdf",
        bytes: minimalPdf(11, { text: true }),
        limits: limits({ maxPdfPages: 10 }),
      }),
    ).toEqual({
      kind: "too_large",
      message: "The PDF has 11 pages; a report may have at most 10.",
    });
    const atLimit = await importReport({
      filename: "ok.pdf",
      bytes: minimalPdf(10, { text: true }),
      limits: limits({ maxPdfPages: 10 }),
    });
    expect(atLimit.pageCount).toBe(10);
  });

  it("a PDF without a text layer, or behind a password, is unprocessable", async () => {
    expect(await refusal({ filename: "scan.pdf", bytes: minimalPdf(3) })).toEqual({
      kind: "unprocessable",
      message: "This PDF has no text layer: it is scanned. Run OCR first.",
    });
    expect(await refusal({ filename: "secret.pdf", bytes: minimalPdf(2, { text: true, encrypted: true }) })).toEqual({
      kind: "unprocessable",
      message: "The PDF is protected by a password; remove the password and import it again.",
    });
  });

  it("a Word file whose zip directory declares more than the budget is too_large, before inflating", async () => {
    const text = "trade grew ".repeat(20_000);
    expect(
      await refusal({ filename: "big.docx", bytes: docx(text), limits: limits({ maxDocxInflatedBytes: 100_000 }) }),
    ).toEqual({
      kind: "too_large",
      message: "The Word document inflates to more than 98 KB; a Word file may inflate to at most that.",
    });
    const fits = await importReport({
      filename: "fits.docx",
      bytes: docx(text),
      limits: limits({ maxDocxInflatedBytes: 1_000_000 }),
    });
    expect(fits.passages).toHaveLength(1);
  });

  it("a Word file whose zip directory understates an entry is too_large while inflating", async () => {
    expect(await refusal({ filename: "liar.docx", bytes: docx("trade grew ".repeat(20_000), 3_000) })).toEqual({
      kind: "too_large",
      message: "The Word document inflates to more than its zip directory declares; it was refused unread.",
    });
  });

  it("a report with more passages than allowed is too_large", async () => {
    const markdown = Array.from({ length: 11 }, (_, i) => `Paragraph ${i + 1} of the report.`).join("\n\n");
    expect(
      await refusal({
        filename: "many.md",
        bytes: new TextEncoder().encode(markdown),
        limits: limits({ maxReportParts: 10 }),
      }),
    ).toEqual({
      kind: "too_large",
      message: "The report has 11 passages; a report may have at most 10.",
    });
  });
});
