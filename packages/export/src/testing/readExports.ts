import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import MarkdownIt from "markdown-it";
import markdownItFootnote from "markdown-it-footnote";

/**
 * Reads an exported file back with real parsers (jszip, markdown-it, pdftotext): its notes in
 * their numbering and its bibliography entries, as plain text. Shared by the export package's
 * tests and the server's integration tests, so both read every format the same way.
 */

export interface ReadExport {
  notes: string[];
  bibliography: string[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

export const decodeEntities = (html: string) =>
  html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (whole, code: string) => {
    if (code.startsWith("#x")) return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith("#") && code !== "#39") return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code] ?? whole;
  });

export const textOfHtml = (html: string) =>
  decodeEntities(html.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();

/** word/footnotes.xml's notes (ids 1..N, in order), the paragraphs after the last "Bibliography" heading, and the footnotes' link relationships. */
export async function readDocx(bytes: Uint8Array): Promise<ReadExport & { links: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const footnotesXml = await zip.file("word/footnotes.xml")!.async("string");
  const documentXml = await zip.file("word/document.xml")!.async("string");
  const links = await zip.file("word/_rels/footnotes.xml.rels")!.async("string");
  const runsText = (xml: string) =>
    decodeEntities([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("")).trim();
  const notes = [...footnotesXml.matchAll(/<w:footnote w:id="(\d+)">([\s\S]*?)<\/w:footnote>/g)].map(
    ([, id, inner]) => [Number(id), runsText(inner!)] as const,
  );
  const ids = notes.map(([id]) => id);
  const expectedIds = notes.map((_, index) => index + 1);
  if (ids.join() !== expectedIds.join())
    throw new Error(`DOCX footnote ids are ${ids.join(",")}, not 1..${notes.length}`);
  const paragraphs = [...documentXml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((m) =>
    runsText(m[1] ?? m[2] ?? ""),
  );
  const heading = paragraphs.lastIndexOf("Bibliography");
  return {
    notes: notes.map(([, text]) => text),
    bibliography: heading < 0 ? [] : paragraphs.slice(heading + 1).filter(Boolean),
    links,
  };
}

/** The notes and bibliography of a Markdown export, as markdown-it (with its footnote plugin) renders them. */
export function readMarkdown(source: string): ReadExport {
  const html = new MarkdownIt().use(markdownItFootnote).render(source);
  const notes = [...html.matchAll(/<li id="fn\d+" class="footnote-item">([\s\S]*?)<\/li>/g)].map((m) =>
    textOfHtml(m[1]!).replace(/ ?↩︎$/, ""),
  );
  const after = html.split("<h2>Bibliography</h2>")[1];
  const bibliography = after === undefined ? "" : after.split('<hr class="footnotes-sep">')[0]!;
  return { notes, bibliography: [...bibliography.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => textOfHtml(m[1]!)) };
}

/** The notes (every recommendation's list, in order) and bibliography entries of an HTML export. */
export function readHtml(html: string): ReadExport {
  const notes = [...html.matchAll(/<li id="fn-(\d+)" value="\d+">([\s\S]*?)<\/li>/g)].map((m) =>
    textOfHtml(m[2]!).replace(/ ?↩$/, ""),
  );
  return { notes, bibliography: [...html.matchAll(/<p class="entry">([\s\S]*?)<\/p>/g)].map((m) => textOfHtml(m[1]!)) };
}

/** The PDF's whole text as pdftotext reads it, without whitespace: notes wrap over lines at the foot of their pages. */
export function readPdfText(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-read-pdf-"));
  const file = path.join(dir, "export.pdf");
  try {
    fs.writeFileSync(file, bytes);
    return execFileSync("pdftotext", [file, "-"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).replace(
      /\s+/g,
      "",
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(
        "pdftotext is missing: install poppler-utils (apt-get install -y poppler-utils) to read the PDF back",
      );
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
