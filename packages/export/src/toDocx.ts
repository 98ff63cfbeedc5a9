import { isSafeHref } from "@accord/editor";
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageBreak,
  Paragraph,
  TableOfContents,
  TextRun,
  type ILevelsOptions,
  type ParagraphChild,
} from "docx";
import type { Block, BriefExport, ExportRecommendation, Footnote, Inline } from "./model.js";
import { BIBLIOGRAPHY_HEADING, contributorsLine, CONTENTS_HEADING, displayDate, statusNote } from "./noteText.js";
import { DOCX_BODY_SIZE_PT, DOCX_PARAGRAPH_SPACING_TWIPS } from "./paragraphSpacing.js";

/** Word's list indent per level, in twentieths of a point. */
const INDENT_STEP = 720;
const BULLETS = "BulletList";
const QUOTE_STYLE = "BlockQuote";

/**
 * A Word document with real footnotes: each citation is a `FootnoteReferenceRun` whose
 * note Word numbers and places itself (id = the brief's note number, in reading order, so
 * Word's numbers and ours agree). Sector names are Heading 1 and recommendation titles
 * Heading 2, so the navigation pane and the TOC field list them; body headings are 3 and 4.
 */
export async function toDocx(model: BriefExport): Promise<Buffer> {
  const lists = new ListNumbering();
  const footnotes: Record<string, { children: Paragraph[] }> = {};
  const body: Paragraph[] = [];

  for (const sector of model.sectors) {
    body.push(
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(sector.name)] }),
    );
    for (const recommendation of sector.recommendations) {
      body.push(...recommendationParagraphs(recommendation, lists));
      for (const note of recommendation.footnotes) footnotes[String(note.number)] = { children: [noteParagraph(note)] };
    }
  }
  if (model.bibliography.length > 0) {
    body.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
        children: [new TextRun(BIBLIOGRAPHY_HEADING)],
      }),
    );
    // A hanging indent, as bibliographies are set: the first line out, the rest under it.
    for (const entry of model.bibliography) {
      body.push(
        new Paragraph({
          indent: { left: INDENT_STEP, hanging: INDENT_STEP },
          spacing: { after: 120 },
          children: runs(entry.content),
        }),
      );
    }
  }

  const document = new Document({
    title: model.title,
    description: model.description,
    creator: "Accord",
    // Word recomputes the TOC's entries and page numbers when the file is opened.
    features: { updateFields: true },
    styles: {
      // The body size PARAGRAPH_SPACING_EM is measured in (w:sz is in half-points).
      default: { document: { run: { size: DOCX_BODY_SIZE_PT * 2 } } },
      paragraphStyles: [
        {
          id: QUOTE_STYLE,
          name: "Block Quote",
          basedOn: "Normal",
          next: "Normal",
          run: { italics: true, color: "444444" },
          paragraph: {
            indent: { left: INDENT_STEP },
            border: { left: { style: "single", size: 12, color: "BBBBBB", space: 8 } },
          },
        },
      ],
    },
    numbering: { config: lists.config() },
    footnotes,
    sections: [{ children: [...titlePage(model), ...tableOfContents(), ...body] }],
  });
  return Packer.toBuffer(document);
}

function titlePage(model: BriefExport): Array<Paragraph> {
  const paragraphs = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] })];
  if (model.description)
    paragraphs.push(
      new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: model.description, size: 28 })] }),
    );
  paragraphs.push(new Paragraph({ children: [new TextRun({ text: displayDate(model.date), color: "555555" })] }));
  const contributors = contributorsLine(model.contributors);
  if (contributors)
    paragraphs.push(new Paragraph({ children: [new TextRun({ text: contributors, color: "555555" })] }));
  return paragraphs;
}

function tableOfContents(): Array<Paragraph | TableOfContents> {
  return [
    // Not a heading style: the contents must not list itself.
    new Paragraph({ pageBreakBefore: true, children: [new TextRun({ text: CONTENTS_HEADING, bold: true, size: 32 })] }),
    new TableOfContents(CONTENTS_HEADING, { hyperlink: true, headingStyleRange: "1-2" }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function recommendationParagraphs(recommendation: ExportRecommendation, lists: ListNumbering): Paragraph[] {
  const paragraphs = [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(recommendation.title)] }),
  ];
  const status = statusNote(recommendation.status);
  if (status)
    paragraphs.push(new Paragraph({ children: [new TextRun({ text: status, italics: true, color: "9A3412" })] }));
  for (const block of recommendation.blocks)
    paragraphs.push(...blockParagraphs(block, { lists, depth: 0, quoted: false }));
  return paragraphs;
}

interface BlockContext {
  lists: ListNumbering;
  /** List nesting: the numbering level, and the indent of paragraphs inside items. */
  depth: number;
  quoted: boolean;
}

interface ListMarker {
  reference: string;
  level: number;
  instance: number;
}

function blockParagraphs(block: Block, ctx: BlockContext, marker?: ListMarker): Paragraph[] {
  switch (block.type) {
    case "paragraph":
    case "heading": {
      const indentSteps = ctx.depth + (ctx.quoted ? 1 : 0);
      return [
        new Paragraph({
          ...(block.type === "heading"
            ? { heading: block.level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_4 }
            : {}),
          ...(ctx.quoted ? { style: QUOTE_STYLE } : {}),
          ...(marker ? { numbering: marker } : {}),
          // Later paragraphs of a list item line up under the item's text.
          ...(!marker && indentSteps > 0 ? { indent: { left: INDENT_STEP * indentSteps } } : {}),
          // PARAGRAPH_SPACING_EM of the body size after each, as in the editor and the other exports.
          ...(block.type === "paragraph" ? { spacing: { after: DOCX_PARAGRAPH_SPACING_TWIPS } } : {}),
          children: runs(block.content),
        }),
      ];
    }
    case "bulletList":
    case "orderedList": {
      const instance = ctx.lists.next();
      const reference = block.type === "orderedList" ? ctx.lists.ordered(block.start) : ctx.lists.bullets();
      const inner = { ...ctx, depth: ctx.depth + 1 };
      return block.items.flatMap((item) =>
        item.blocks.flatMap((child, index) => {
          if (index > 0) return blockParagraphs(child, inner);
          return blockParagraphs(child, inner, { reference, level: ctx.depth, instance });
        }),
      );
    }
    case "listItem":
      // Only inside lists in practice; a stray one reads as its blocks.
      return block.blocks.flatMap((child) => blockParagraphs(child, ctx));
    case "blockquote":
      return block.blocks.flatMap((child) => blockParagraphs(child, { ...ctx, quoted: true }));
  }
}

function runs(content: readonly Inline[]): ParagraphChild[] {
  return content.map((inline): ParagraphChild => {
    switch (inline.type) {
      case "footnoteRef":
        return new FootnoteReferenceRun(inline.number);
      case "break":
        return new TextRun({ text: "", break: 1 });
      case "text": {
        const style = { text: inline.text, bold: inline.bold ?? false, italics: inline.italic ?? false };
        if (inline.link && isSafeHref(inline.link)) {
          return new ExternalHyperlink({
            link: inline.link,
            children: [new TextRun({ ...style, style: "Hyperlink" })],
          });
        }
        return new TextRun(style);
      }
    }
  });
}

function noteParagraph(note: Footnote): Paragraph {
  return new Paragraph({ children: runs(note.content) });
}

/**
 * Word lists: one abstract definition per kind (bullets; decimals from each start value)
 * and a fresh `instance` per list in the brief, so every list numbers from its own start.
 */
class ListNumbering {
  private instances = 0;
  private readonly starts = new Set<number>([1]);

  next(): number {
    return ++this.instances;
  }
  bullets(): string {
    return BULLETS;
  }
  ordered(start: number): string {
    this.starts.add(start);
    return `OrderedList${start}`;
  }
  config() {
    const bulletChars = ["•", "◦", "▪"];
    return [
      {
        reference: BULLETS,
        levels: levels((level) => ({ format: LevelFormat.BULLET, text: bulletChars[level % 3]! })),
      },
      ...[...this.starts].map((start) => ({
        reference: `OrderedList${start}`,
        levels: levels((level) => ({ format: LevelFormat.DECIMAL, text: `%${level + 1}.`, start })),
      })),
    ];
  }
}

function levels(format: (level: number) => Pick<ILevelsOptions, "format" | "text" | "start">): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    alignment: AlignmentType.START,
    start: 1,
    ...format(level),
    style: { paragraph: { indent: { left: INDENT_STEP * (level + 1), hanging: 360 } } },
  }));
}
