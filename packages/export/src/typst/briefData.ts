import { isSafeHref } from "@accord/editor";
import type { Block, BriefExport, ExportRecommendation, Footnote, Inline, TextRun } from "../model.js";
import { BIBLIOGRAPHY_HEADING, contributorsLine, CONTENTS_HEADING, displayDate, statusNote } from "../noteText.js";
import { PARAGRAPH_SPACING_EM } from "../paragraphSpacing.js";

/**
 * What template/brief.typ reads from `sys.inputs.brief`: the brief as plain data. Every user
 * string stays a JSON string value here and a Typst string value there, so no user text is
 * ever parsed as Typst markup or code (CITATIONS.md §7).
 */
export interface BriefData {
  /** PARAGRAPH_SPACING_EM: the space between paragraphs beyond the line spacing, in em. */
  paragraphSpacingEm: number;
  title: string;
  description: string;
  date: { year: number; month: number; day: number } | null;
  dateLine: string;
  contributors: string[];
  contributorsLine: string;
  styleLine: string;
  labels: { contents: string; bibliography: string };
  sectors: Array<{ name: string; recommendations: RecommendationData[] }>;
  bibliography: RunData[][];
}

interface RecommendationData {
  title: string;
  status: string | null;
  blocks: BlockData[];
}

interface RunData {
  kind: "text";
  text: string;
  bold?: true;
  italic?: true;
  link?: string;
}

type InlineData = RunData | { kind: "note"; number: number; content: RunData[] } | { kind: "break" };

type BlockData =
  | { kind: "paragraph"; content: InlineData[] }
  | { kind: "heading"; level: 3 | 4; content: InlineData[] }
  | { kind: "bulletList"; items: BlockData[][] }
  | { kind: "orderedList"; start: number; items: BlockData[][] }
  | { kind: "blockquote"; blocks: BlockData[] };

export function briefData(model: BriefExport): BriefData {
  return {
    paragraphSpacingEm: PARAGRAPH_SPACING_EM,
    title: model.title,
    description: model.description,
    date: dateParts(model.date),
    dateLine: displayDate(model.date),
    contributors: model.contributors,
    contributorsLine: contributorsLine(model.contributors),
    styleLine: model.style.title ? `Citations: ${model.style.title}` : "",
    labels: { contents: CONTENTS_HEADING, bibliography: BIBLIOGRAPHY_HEADING },
    sectors: model.sectors.map((sector) => ({
      name: sector.name,
      recommendations: sector.recommendations.map(recommendationData),
    })),
    bibliography: model.bibliography.map((entry) => entry.content.map(runData)),
  };
}

function recommendationData(recommendation: ExportRecommendation): RecommendationData {
  const notes = new Map(recommendation.footnotes.map((note) => [note.number, note]));
  return {
    title: recommendation.title,
    status: statusNote(recommendation.status),
    blocks: blocksData(recommendation.blocks, notes),
  };
}

function blocksData(blocks: readonly Block[], notes: ReadonlyMap<number, Footnote>): BlockData[] {
  return blocks.flatMap((block): BlockData[] => {
    switch (block.type) {
      case "paragraph":
        return [{ kind: "paragraph", content: inlinesData(block.content, notes) }];
      case "heading":
        return [{ kind: "heading", level: block.level, content: inlinesData(block.content, notes) }];
      case "bulletList":
        return [{ kind: "bulletList", items: block.items.map((item) => blocksData(item.blocks, notes)) }];
      case "orderedList":
        return [
          { kind: "orderedList", start: block.start, items: block.items.map((item) => blocksData(item.blocks, notes)) },
        ];
      case "listItem":
        // An item outside a list (not made by the reader, allowed by the type): its blocks.
        return blocksData(block.blocks, notes);
      case "blockquote":
        return [{ kind: "blockquote", blocks: blocksData(block.blocks, notes) }];
    }
  });
}

function inlinesData(content: readonly Inline[], notes: ReadonlyMap<number, Footnote>): InlineData[] {
  return content.flatMap((inline): InlineData[] => {
    switch (inline.type) {
      case "text":
        return [runData(inline)];
      case "break":
        return [{ kind: "break" }];
      case "footnoteRef": {
        const note = notes.get(inline.number);
        return note ? [{ kind: "note", number: note.number, content: note.content.map(runData) }] : [];
      }
    }
  });
}

function runData(run: TextRun): RunData {
  const data: RunData = { kind: "text", text: run.text };
  if (run.bold) data.bold = true;
  if (run.italic) data.italic = true;
  // The model only carries safe links; checked again because a PDF link is an action.
  if (run.link && isSafeHref(run.link)) data.link = run.link;
  return data;
}

function dateParts(isoDate: string): BriefData["date"] {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? { year, month, day } : null;
}
