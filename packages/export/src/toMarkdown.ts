import { isSafeHref } from "@accord/editor";
import type { Block, BriefExport, ExportRecommendation, Footnote, Inline } from "./model.js";
import { BIBLIOGRAPHY_HEADING, contributorsLine, CONTENTS_HEADING, displayDate, statusNote } from "./noteText.js";

/**
 * CommonMark with footnotes (`[^n]` / `[^n]: …`, as markdown-it-footnote and GitHub read
 * them). User text is escaped so that a renderer that allows raw HTML still shows
 * `<script>` as text, and so that `*`, `_`, `[` or a leading `#` never turn into markup.
 * Footnote labels are the brief's note numbers, so `[^7]` is note 7 in every format.
 */
export function toMarkdown(model: BriefExport): string {
  const out: string[] = [`# ${escapeMarkdown(model.title)}`, ""];
  if (model.description) out.push(escapeMarkdown(model.description), "");
  out.push(`*${escapeMarkdown(displayDate(model.date))}*`, "");
  const contributors = contributorsLine(model.contributors);
  if (contributors) out.push(escapeMarkdown(contributors), "");

  out.push(`## ${CONTENTS_HEADING}`, "");
  for (const sector of model.sectors) {
    out.push(`- ${escapeMarkdown(sector.name)}`);
    for (const recommendation of sector.recommendations) out.push(`  - ${escapeMarkdown(recommendation.title)}`);
  }
  out.push("");

  for (const sector of model.sectors) {
    out.push(`## ${escapeMarkdown(sector.name)}`, "");
    for (const recommendation of sector.recommendations) out.push(...recommendationLines(recommendation));
  }

  if (model.bibliography.length > 0) {
    out.push(`## ${BIBLIOGRAPHY_HEADING}`, "");
    // Entries are paragraphs: the style, not a list marker, decides how each one starts.
    for (const entry of model.bibliography) out.push(inlinesMarkdown(entry.content).replace(/^\s+/, ""), "");
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function recommendationLines(recommendation: ExportRecommendation): string[] {
  const lines = [`### ${escapeMarkdown(recommendation.title)}`, ""];
  const status = statusNote(recommendation.status);
  if (status) lines.push(`*${escapeMarkdown(status)}*`, "");
  for (const block of recommendation.blocks) lines.push(...blockLines(block), "");
  // Definitions sit after their recommendation; renderers gather them at the end anyway.
  for (const note of recommendation.footnotes) lines.push(noteLine(note), "");
  return lines;
}

/** The note's words exactly as the model has them, with their italics and links. */
function noteLine(note: Footnote): string {
  return `[^${note.number}]: ${inlinesMarkdown(note.content).trim()}`;
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case "paragraph":
      // Leading spaces would make an indented code block of the paragraph.
      return [inlinesMarkdown(block.content).replace(/^\s+/, "")];
    case "heading":
      return [`${"#".repeat(block.level + 1)} ${inlinesMarkdown(block.content)}`];
    case "bulletList":
      return block.items.flatMap((item) => itemLines(item.blocks, "- "));
    case "orderedList":
      return block.items.flatMap((item, index) => itemLines(item.blocks, `${block.start + index}. `));
    case "listItem":
      return itemLines(block.blocks, "- ");
    case "blockquote":
      return block.blocks
        .flatMap((child, index) => (index > 0 ? ["", ...blockLines(child)] : blockLines(child)))
        .map((line) => (line === "" ? ">" : `> ${line}`));
  }
}

/** A list item: the marker on its first line, the rest indented to the marker's width. */
function itemLines(blocks: readonly Block[], marker: string): string[] {
  const indent = " ".repeat(marker.length);
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    // Paragraphs in one item are separated by a blank line; a nested list follows directly.
    if (index > 0 && block.type === "paragraph") lines.push("");
    lines.push(...blockLines(block));
  });
  if (lines.length === 0) return [marker.trimEnd()];
  return lines.map((line, index) => (index === 0 ? marker + line : line === "" ? "" : indent + line));
}

function inlinesMarkdown(content: readonly Inline[]): string {
  return content
    .map((inline) => {
      switch (inline.type) {
        case "footnoteRef":
          return `[^${inline.number}]`;
        case "break":
          return "\\\n";
        case "text": {
          // Emphasis delimiters must hug text: keep the run's outer spaces outside them.
          const [, lead = "", core = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(inline.text) ?? [];
          if (core === "") return inline.text;
          let md = escapeMarkdown(core);
          if (inline.italic) md = `*${md}*`;
          if (inline.bold) md = `**${md}**`;
          if (inline.link && isSafeHref(inline.link)) md = `[${md}](${markdownUrl(inline.link)})`;
          return lead + md + trail;
        }
      }
    })
    .join("");
}

/** A link destination that cannot end early or open raw HTML: spaces, brackets and angles percent-encoded. */
function markdownUrl(url: string): string {
  return url
    .trim()
    .replace(/[\s()<>\\`]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * Text that renders as itself. Backslash escapes work on any ASCII punctuation in
 * CommonMark; only the characters that can start markup are escaped, so prose stays
 * readable ("U.S." is not "U\.S\."). `<` and `&` are escaped for raw HTML and entities.
 */
export function escapeMarkdown(text: string): string {
  const escaped = text.replace(/\s*\n\s*/g, " ").replace(/[\\`*_[\]<>&|~#!]/g, "\\$&");
  // At the start of a line: list markers, thematic breaks, setext underlines, ordered list numbers.
  return escaped.replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}
