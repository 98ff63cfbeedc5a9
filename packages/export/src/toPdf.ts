import { createRequire } from "node:module";
import path from "node:path";
import { isSafeHref } from "@accord/editor";
import pdfmake from "pdfmake";
import type { Block, BriefExport, ExportRecommendation, Footnote, Inline } from "./model.js";
import { BIBLIOGRAPHY_HEADING, contributorsLine, CONTENTS_HEADING, displayDate, NOTES_HEADING, statusNote } from "./noteText.js";

/** A pdfmake content node: loosely typed, as pdfmake's own document definition is. */
type Content = string | { [key: string]: unknown } | Content[];

const LINK_COLOR = "#1a4f9c";

/**
 * A PDF through pdfmake's document definition: a title page, a contents page (pdfmake
 * `toc`), one section per sector, and after each recommendation its notes, numbered like
 * the superscript references that link down to them. Sectors and recommendations are PDF
 * bookmarks (`outline`), nested sector → recommendation. Every URL is a Link annotation.
 */
export async function toPdf(model: BriefExport): Promise<Buffer> {
  const content: Content[] = [...titlePage(model), { toc: { title: { text: CONTENTS_HEADING, style: "contentsTitle" } }, pageBreak: "after" }];
  model.sectors.forEach((sector, sectorIndex) => {
    const sectorId = `sector-${sectorIndex + 1}`;
    content.push({ text: sector.name, style: "h1", id: sectorId, tocItem: true, outline: true, outlineText: sector.name, pageBreak: sectorIndex > 0 ? "before" : undefined });
    for (const recommendation of sector.recommendations) content.push(...recommendationContent(recommendation, sectorId));
  });
  if (model.bibliography.length > 0) {
    content.push(
      { text: BIBLIOGRAPHY_HEADING, style: "h1", id: "bibliography", tocItem: true, outline: true, outlineText: BIBLIOGRAPHY_HEADING, pageBreak: "before" },
      ...model.bibliography.map((entry) => ({ text: inlines(entry.content), style: "sources" })),
    );
  }

  const docDefinition = {
    info: { title: model.title, subject: model.description, creator: "Accord", producer: "Accord" },
    pageSize: "A4",
    pageMargins: [56, 56, 56, 64],
    footer: (currentPage: number) => (currentPage > 1 ? { text: String(currentPage), alignment: "center", fontSize: 9, color: "#666666" } : null),
    defaultStyle: { font: "Roboto", fontSize: 10.5, lineHeight: 1.25 },
    styles: STYLES,
    content,
  };
  configure();
  return pdfmake.createPdf(docDefinition).getBuffer();
}

/**
 * pdfmake's server entry point is one shared instance. Every call sets the same fonts and
 * policies, so two servers in one process cannot disagree; the policies matter: no URL in
 * a brief is ever fetched (links are annotations, not resources) and only the bundled
 * fonts are read from disk.
 */
function configure(): void {
  const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")), "fonts", "Roboto");
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(fontDir, "Roboto-Regular.ttf"),
      bold: path.join(fontDir, "Roboto-Medium.ttf"),
      italics: path.join(fontDir, "Roboto-Italic.ttf"),
      bolditalics: path.join(fontDir, "Roboto-MediumItalic.ttf"),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));
}

function titlePage(model: BriefExport): Content[] {
  const page: Content[] = [{ text: model.title, style: "title" }];
  if (model.description) page.push({ text: model.description, style: "description" });
  page.push({ text: displayDate(model.date), style: "meta" });
  const contributors = contributorsLine(model.contributors);
  if (contributors) page.push({ text: contributors, style: "meta" });
  page.push({ text: "", pageBreak: "after" });
  return page;
}

function recommendationContent(recommendation: ExportRecommendation, sectorId: string): Content[] {
  const out: Content[] = [
    { text: recommendation.title, style: "h2", tocItem: true, tocMargin: [14, 0, 0, 0], outline: true, outlineText: recommendation.title, outlineParentId: sectorId },
  ];
  const status = statusNote(recommendation.status);
  if (status) out.push({ text: status, style: "status" });
  out.push(...recommendation.blocks.map((block) => blockContent(block)));
  if (recommendation.footnotes.length > 0) {
    out.push({ text: NOTES_HEADING, style: "notesHeading" }, ...recommendation.footnotes.map(noteContent));
  }
  return out;
}

function noteContent(note: Footnote): Content {
  const text: Content[] = [{ text: `${note.number}. `, bold: true }, ...inlines(note.content)];
  return { text, id: noteAnchor(note.number), style: "note" };
}

function blockContent(block: Block): Content {
  switch (block.type) {
    case "paragraph":
      return { text: inlines(block.content), style: "paragraph" };
    case "heading":
      return { text: inlines(block.content), style: block.level === 3 ? "h3" : "h4" };
    case "bulletList":
      return { ul: block.items.map(blockContent), style: "list" };
    case "orderedList":
      return { ol: block.items.map(blockContent), start: block.start, style: "list" };
    case "listItem":
      // Inside a list an item is a stack: its paragraphs and nested lists, in order.
      return { stack: block.blocks.map(blockContent) };
    case "blockquote":
      return {
        table: { widths: ["*"], body: [[{ stack: block.blocks.map(blockContent), style: "quote" }]] },
        layout: QUOTE_LAYOUT,
        margin: [0, 2, 0, 8],
      };
  }
}

function inlines(content: readonly Inline[]): Content[] {
  const out = content.map((inline): Content => {
    switch (inline.type) {
      case "footnoteRef":
        return { text: String(inline.number), sup: true, color: LINK_COLOR, linkToDestination: noteAnchor(inline.number) };
      case "break":
        return "\n";
      case "text": {
        const run: Record<string, unknown> = { text: inline.text };
        if (inline.bold) run.bold = true;
        if (inline.italic) run.italics = true;
        if (inline.link && isSafeHref(inline.link)) Object.assign(run, { link: inline.link, color: LINK_COLOR, decoration: "underline" });
        return run;
      }
    }
  });
  // pdfmake draws an empty text array as nothing at all; keep empty paragraphs' space.
  return out.length > 0 ? out : [" "];
}

function noteAnchor(number: number): string {
  return `note-${number}`;
}

const QUOTE_LAYOUT = {
  hLineWidth: () => 0,
  vLineWidth: (index: number) => (index === 0 ? 2 : 0),
  vLineColor: () => "#bbbbbb",
  paddingLeft: () => 10,
  paddingRight: () => 0,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

const STYLES = {
  title: { fontSize: 26, bold: true, margin: [0, 160, 0, 16] },
  description: { fontSize: 13, margin: [0, 0, 0, 24] },
  meta: { fontSize: 10.5, color: "#555555", margin: [0, 0, 0, 4] },
  contentsTitle: { fontSize: 18, bold: true, margin: [0, 0, 0, 12] },
  h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 10] },
  h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
  h3: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
  h4: { fontSize: 11, bold: true, italics: true, margin: [0, 6, 0, 3] },
  paragraph: { margin: [0, 0, 0, 6] },
  list: { margin: [0, 0, 0, 6] },
  quote: { italics: true, color: "#333333" },
  status: { italics: true, color: "#9a3412", margin: [0, 0, 0, 6] },
  notesHeading: { fontSize: 9.5, bold: true, color: "#444444", margin: [0, 6, 0, 2] },
  note: { fontSize: 8.5, color: "#333333", margin: [0, 0, 0, 3] },
  sources: { fontSize: 9.5 },
};
