import { assembleReport } from "./assemble.js";
import { ImportError } from "./errors.js";
import { DEFAULT_IMPORT_LIMITS } from "./limits.js";
import type { SourceNote, SourcePage } from "./model.js";
import { noteFromUrlLine } from "./pages.js";
import { textKey } from "./textScan.js";
import { draftFromPages } from "./pagedText.js";
import { bodySize, buildLines, toSourceLines, usualLineStep, type PdfLine, type PositionedText } from "./pdfLines.js";
import type { ImportedReport } from "./types.js";

/** The pdf.js module. */
export type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/**
 * Where pdf.js is, for a caller that loads it itself: through a TypeScript loader (tsx) its
 * 2 MB of JavaScript take seconds to load, natively a fraction of one (see the server's ImportPool).
 */
export function pdfjsModuleUrl(): string {
  return import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs");
}

/**
 * PDF reports, read with pdf.js; pages are the PDF's own. Each page's lines are rebuilt from
 * text positions (pdfLines.ts) and then read by the same paragraph logic as extracted text,
 * so paragraphs still run over page breaks and hyphenation is undone the same way.
 * Footnotes of a page: its lines that are only a URL (optionally numbered, `3 https://…`), then
 * its link annotations whose URL is not already one of those lines (a link broken over two lines
 * is one note). Headings: a line in type at least 15% larger than the body text, standing alone;
 * otherwise the plain-text rule (short, title case, after a paragraph gap) applies.
 */
export async function importPdf(
  bytes: Uint8Array,
  title: string,
  maxPages = DEFAULT_IMPORT_LIMITS.maxPdfPages,
  loadedPdfjs?: PdfJs,
): Promise<ImportedReport> {
  const pdfjs = loadedPdfjs ?? (await import("pdfjs-dist/legacy/build/pdf.mjs"));
  // pdf.js may take ownership of the buffer it is given; the caller keeps theirs.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let document;
    try {
      document = await task.promise;
    } catch (cause) {
      if (cause instanceof Error && cause.name === "PasswordException") {
        throw new ImportError("unprocessable", "The PDF is protected by a password; remove the password and import it again.", { cause });
      }
      throw new ImportError("invalid_file", "The PDF could not be read; it may be damaged.", { cause });
    }
    // pdf.js knows the count from the page tree before reading any page.
    if (document.numPages > maxPages) {
      throw new ImportError(
        "too_large",
        `The PDF has ${document.numPages.toLocaleString("en-US")} pages; a report may have at most ${maxPages.toLocaleString("en-US")}.`,
      );
    }

    const pageLines: PdfLine[][] = [];
    const pageNotes: SourceNote[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const runs: PositionedText[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
        runs.push({ text: item.str, x, y, width: item.width, size: Math.hypot(c, d) || item.height });
      }
      const { body, notes } = readPageRuns(runs);
      const annotations = (await page.getAnnotations()) as { subtype?: string; url?: string; rect?: number[] }[];
      const linked = annotations
        .filter((annotation) => annotation.subtype === "Link" && typeof annotation.url === "string")
        .sort((a, b) => (b.rect?.[3] ?? 0) - (a.rect?.[3] ?? 0) || (a.rect?.[0] ?? 0) - (b.rect?.[0] ?? 0));
      const seen = new Set(notes.map((note) => textKey(note.url ?? "")));
      for (const annotation of linked) {
        const key = textKey(annotation.url!);
        if (seen.has(key)) continue;
        seen.add(key);
        notes.push({ text: annotation.url!, url: annotation.url! });
      }
      pageLines.push(body);
      pageNotes.push(notes);
      page.cleanup();
    }

    return reportFromPdfPages(pageLines, pageNotes, title);
  } finally {
    await task.destroy();
  }
}

/** One page's lines from its text runs, split into body lines and URL-line notes. */
export function readPageRuns(runs: readonly PositionedText[]): { body: PdfLine[]; notes: SourceNote[] } {
  const notes: SourceNote[] = [];
  const body: PdfLine[] = [];
  for (const line of buildLines(runs)) {
    const note = noteFromUrlLine(line.text.replace(/^\d{1,3}\.?\s+(?=https?:\/\/)/, ""));
    if (note) notes.push(note);
    else body.push(line);
  }
  return { body, notes };
}

/** The report from every page's body lines and notes (what follows pdf.js's part). */
export function reportFromPdfPages(pageLines: readonly PdfLine[][], pageNotes: readonly SourceNote[][], title: string): ImportedReport {
  if (pageLines.every((lines) => lines.length === 0) && pageNotes.every((notes) => notes.length === 0)) {
    throw new ImportError("unprocessable", "The PDF has no text layer (a scan?); only PDFs with selectable text can be imported.");
  }
  const body = bodySize(pageLines);
  const step = usualLineStep(pageLines, body);
  const pages: SourcePage[] = pageLines.map((lines, index) => ({
    lines: toSourceLines(lines, body, step),
    notes: pageNotes[index]!,
  }));
  return assembleReport(draftFromPages(pages, pageLines.length), { title, format: "pdf" });
}
