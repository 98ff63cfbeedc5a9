import { isSafeHref } from "@accord/editor";
import type { BibliographyEntry, Block, BriefExport, ExportRecommendation, Footnote, Inline } from "./model.js";
import {
  BIBLIOGRAPHY_HEADING,
  contributorsLine,
  CONTENTS_HEADING,
  displayDate,
  NOTES_HEADING,
  statusNote,
} from "./noteText.js";
import { PARAGRAPH_SPACING_EM } from "./paragraphSpacing.js";

/**
 * A standalone HTML5 document. Every user string goes through `escapeHtml` (titles, body
 * text, passages, URLs): the file is opened from disk, outside the app's CSP, so markup a
 * member typed must stay text. Link hrefs are only http(s)/mailto; any other link keeps
 * its words and loses the href.
 */
export function toHtml(model: BriefExport): string {
  const ids = new Ids();
  const toc: string[] = [];
  const sectors: string[] = [];
  model.sectors.forEach((sector) => {
    const sectorId = ids.sector();
    const recItems: string[] = [];
    const recs = sector.recommendations.map((recommendation) => {
      const recId = ids.recommendation();
      recItems.push(`<li><a href="#${recId}">${escapeHtml(recommendation.title)}</a></li>`);
      return recommendationHtml(recommendation, recId);
    });
    toc.push(
      `<li><a href="#${sectorId}">${escapeHtml(sector.name)}</a>${recItems.length ? `<ol>${recItems.join("")}</ol>` : ""}</li>`,
    );
    sectors.push(
      `<section class="sector" id="${sectorId}">\n<h2>${escapeHtml(sector.name)}</h2>\n${recs.join("\n")}\n</section>`,
    );
  });
  if (model.bibliography.length > 0) toc.push(`<li><a href="#bibliography">${BIBLIOGRAPHY_HEADING}</a></li>`);

  const contributors = contributorsLine(model.contributors);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<header class="title-page">
<h1>${escapeHtml(model.title)}</h1>
${model.description ? `<p class="description">${escapeHtml(model.description)}</p>\n` : ""}<p class="date"><time datetime="${escapeHtml(model.date)}">${escapeHtml(displayDate(model.date))}</time></p>
${contributors ? `<p class="contributors">${escapeHtml(contributors)}</p>\n` : ""}</header>
<nav class="toc" aria-labelledby="toc-heading">
<h2 id="toc-heading">${CONTENTS_HEADING}</h2>
<ol>${toc.join("")}</ol>
</nav>
<main>
${sectors.join("\n")}
</main>
${bibliographyHtml(model.bibliography)}</body>
</html>
`;
}

class Ids {
  private sectors = 0;
  private recommendations = 0;
  sector(): string {
    return `sector-${++this.sectors}`;
  }
  recommendation(): string {
    return `recommendation-${++this.recommendations}`;
  }
}

function recommendationHtml(recommendation: ExportRecommendation, id: string): string {
  const status = statusNote(recommendation.status);
  const parts = [`<article class="recommendation" id="${id}">`, `<h3>${escapeHtml(recommendation.title)}</h3>`];
  if (status) parts.push(`<p class="status">${escapeHtml(status)}</p>`);
  parts.push(...recommendation.blocks.map(blockHtml));
  if (recommendation.footnotes.length > 0) {
    parts.push(
      `<section class="notes" aria-label="${NOTES_HEADING}">`,
      `<ol class="footnotes">`,
      ...recommendation.footnotes.map(noteHtml),
      `</ol>`,
      `</section>`,
    );
  }
  parts.push(`</article>`);
  return parts.join("\n");
}

function noteHtml(note: Footnote): string {
  return (
    `<li id="fn-${note.number}" value="${note.number}">${inlinesHtml(note.content)} ` +
    `<a href="#fnref-${note.number}" class="backref" aria-label="Back to reference ${note.number}">↩</a></li>`
  );
}

function blockHtml(block: Block): string {
  switch (block.type) {
    case "paragraph":
      return `<p>${inlinesHtml(block.content)}</p>`;
    case "heading": {
      // Title h1, sector h2, recommendation h3: body headings follow.
      const tag = `h${block.level + 1}`;
      return `<${tag}>${inlinesHtml(block.content)}</${tag}>`;
    }
    case "bulletList":
      return `<ul>\n${block.items.map(blockHtml).join("\n")}\n</ul>`;
    case "orderedList":
      return `<ol${block.start !== 1 ? ` start="${block.start}"` : ""}>\n${block.items.map(blockHtml).join("\n")}\n</ol>`;
    case "listItem":
      return `<li>${block.blocks.map(blockHtml).join("\n")}</li>`;
    case "blockquote":
      return `<blockquote>\n${block.blocks.map(blockHtml).join("\n")}\n</blockquote>`;
  }
}

function inlinesHtml(content: readonly Inline[]): string {
  return content
    .map((inline) => {
      switch (inline.type) {
        case "footnoteRef":
          return `<sup class="fnref"><a href="#fn-${inline.number}" id="fnref-${inline.number}">${inline.number}</a></sup>`;
        case "break":
          return "<br>";
        case "text": {
          let html = escapeHtml(inline.text);
          if (inline.italic) html = `<em>${html}</em>`;
          if (inline.bold) html = `<strong>${html}</strong>`;
          if (inline.link && isSafeHref(inline.link))
            html = `<a href="${escapeHtml(inline.link)}" rel="noopener noreferrer">${html}</a>`;
          return html;
        }
      }
    })
    .join("");
}

function bibliographyHtml(entries: readonly BibliographyEntry[]): string {
  if (entries.length === 0) return "";
  const items = entries.map((entry) => `<p class="entry">${inlinesHtml(entry.content)}</p>`).join("\n");
  return `<section class="bibliography" id="bibliography">\n<h2>${BIBLIOGRAPHY_HEADING}</h2>\n${items}\n</section>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const STYLESHEET = `
body { font: 16px/1.55 Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
/* Between a body's paragraphs: PARAGRAPH_SPACING_EM, as in the editor and the other exports. */
.recommendation p:not([class]) { margin: ${PARAGRAPH_SPACING_EM}em 0 0; }
h1, h2, h3, h4, h5 { font-family: system-ui, sans-serif; line-height: 1.25; }
.title-page { border-bottom: 1px solid #ccc; margin-bottom: 2rem; padding-bottom: 1rem; }
.description { font-size: 1.15rem; }
.date, .contributors, .status { color: #555; }
blockquote { border-left: 3px solid #bbb; margin-left: 0; padding-left: 1rem; color: #333; }
sup.fnref a { text-decoration: none; }
.notes { border-top: 1px solid #ddd; margin-top: 1.5rem; font-size: 0.9rem; }
.footnotes li { margin: 0.35rem 0; }
.backref { text-decoration: none; }
.bibliography .entry { padding-left: 2em; text-indent: -2em; margin: 0.4rem 0; }
a { color: #1a4f9c; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  .title-page, .toc { break-after: page; }
  .sector { break-before: page; }
  h2, h3, h4, h5 { break-after: avoid; }
  .recommendation { break-inside: auto; }
  .backref { display: none; }
  a { color: inherit; }
  .notes a[href^="http"]::after { content: ""; }
}
`;
