import { assembleReport } from "./assemble.js";
import { ImportError } from "./errors.js";
import { DEFAULT_IMPORT_LIMITS } from "./limits.js";
import type { SourcePage } from "./model.js";
import { draftFromPages } from "./pagedText.js";
import { buildLines, type PositionedText } from "./pdfLines.js";
import { splitFootnotes } from "./pdfFootnotes.js";
import { readPdfMetadata } from "./pdfMetadata.js";
import { readOutline } from "./pdfOutline.js";
import { readContents } from "./pdfContents.js";
import { classifyLines, removeFurniture } from "./pdfStructure.js";
import type { PdfInfo, PdfPage, PdfText } from "./pdfTypes.js";
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
 * Footnotes: the numbered notes at each page's foot, read with the body's superscript markers
 * (pdfFootnotes.ts); a report without numbered notes takes its URL-only lines and link
 * annotations as each page's notes. Headings: the PDF's outline, else its printed contents list, matched to lines;
 * without either, type size and face (pdfStructure.ts), never a line's words alone.
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
    let document: Awaited<typeof task.promise>;
    try {
      document = await task.promise;
    } catch (cause) {
      if (cause instanceof Error && cause.name === "PasswordException") {
        throw new ImportError(
          "unprocessable",
          "The PDF is protected by a password; remove the password and import it again.",
          { cause },
        );
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

    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [, , width = 612, height = 792] = page.view;
      const content = await page.getTextContent();
      const runs: PositionedText[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
        runs.push({
          text: item.str,
          x,
          y,
          width: item.width,
          size: Math.hypot(c, d) || item.height,
          font: item.fontName,
        });
      }
      const annotations = (await page.getAnnotations()) as { subtype?: string; url?: string; rect?: number[] }[];
      const links = annotations
        .filter((annotation) => annotation.subtype === "Link" && typeof annotation.url === "string")
        .sort((a, b) => (b.rect?.[3] ?? 0) - (a.rect?.[3] ?? 0) || (a.rect?.[0] ?? 0) - (b.rect?.[0] ?? 0))
        .map((annotation) => ({ url: annotation.url!, y: annotation.rect?.[1] ?? 0 }));
      pages.push({ number, width, height, lines: buildLines(runs), links });
      page.cleanup();
    }
    const outline = await readOutline(document);
    const { info } = await document.getMetadata().catch(() => ({ info: {} }));
    return reportFromPdf({ pages, outline, info: (info ?? {}) as PdfInfo }, title);
  } finally {
    await task.destroy();
  }
}

/**
 * The report from the pages' lines (what follows pdf.js's part), in four steps, each its own
 * module: page furniture (running headers and footers, page numbers, the contents list, the
 * cover) goes; each page's footnotes are split from its body and the body's markers read;
 * the body lines become headings, captions and text; the metadata is read.
 */
export function reportFromPdf(pdf: PdfText, title: string): ImportedReport {
  if (pdf.pages.every((page) => page.lines.length === 0 && page.links.length === 0)) {
    throw new ImportError("unprocessable", "This PDF has no text layer: it is scanned. Run OCR first.");
  }
  // The page after a bare cover holds the title block in many house styles, the last page an
  // "About the authors" block.
  const metadata = readPdfMetadata(pdf.info, pdf.pages[0]?.lines ?? [], title, {
    second: pdf.pages[1]?.lines,
    last: pdf.pages.length > 1 ? pdf.pages.at(-1)?.lines : undefined,
  });
  const pages = removeFurniture(pdf.pages);
  const { body, notes } = splitFootnotes(pages);
  // Without bookmarks, the printed contents list is the outline.
  const outline = pdf.outline.length > 0 ? pdf.outline : readContents(pdf.pages);
  const lines = classifyLines(body, outline);
  const sourcePages: SourcePage[] = lines.map((pageLines, index) => ({ lines: pageLines, notes: notes[index] ?? [] }));
  const draft = draftFromPages(sourcePages, pdf.pages.length);
  if (outline.length > 0) draft.topLevelSectorsOnly = true;
  return assembleReport(draft, { title: metadata.title, format: "pdf", metadata });
}
