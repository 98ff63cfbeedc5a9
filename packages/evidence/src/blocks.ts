import { looksLikeHeading } from "./headings.js";
import type { LineJoiner } from "./hyphenation.js";
import type { DraftBlock, SourcePage } from "./model.js";
import { trimEndOf } from "./textScan.js";

/** Bullet glyphs PDF extraction leaves at the start of a list item. */
const BULLET = /^[▪•●■◦‣∙]\s*/u;

/**
 * Whether text ends a sentence or a clause that may close a block: `.`, `!`, `?`, `:`, `;` or
 * `…`, possibly followed by closing quotes or brackets (`…in 2019.”`). A comma inside quotes
 * (`“energy sovereignty,”`) and a lone `)` (`(CFE)`) do not: both occur mid-sentence.
 */
export function endsSentence(text: string): boolean {
  // Stripped by a backward loop: `/[…]+$/` retries from every closer in a long run of them.
  const bare = trimEndOf(text.trimEnd(), "”\"’'»)]");
  return bare !== "" && ".!?:;…".includes(bare.at(-1)!);
}

interface OpenBlock {
  kind: "paragraph" | "list_item" | "caption";
  lines: string[];
  firstPage: number;
  lastPage: number;
  /** Footnote numbers its lines' markers point to, in reading order. */
  markers: number[];
}

/**
 * Rebuilds headings, paragraphs and list items from pages of lines. A blank line or a bullet
 * ends a block; so does a page break, but only after a finished sentence: a page's end and its
 * footnote block cut paragraphs anywhere, and the text resumes on the next page.
 */
export function pagesToBlocks(pages: readonly SourcePage[], joinLines: LineJoiner): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  let open: OpenBlock | null = null;

  const close = (): void => {
    if (open) {
      const block: DraftBlock = { kind: open.kind, text: joinLines(open.lines), firstPage: open.firstPage, lastPage: open.lastPage };
      if (open.markers.length > 0) block.footnotes = [...new Set(open.markers)];
      blocks.push(block);
    }
    open = null;
  };
  // A heading's own markers (a note on a title) go to the first passage under it: a section
  // cites nothing, and the note must stay reachable from the evidence.
  let headingMarkers: number[] = [];
  const heading = (text: string, level: number | undefined, page: number): void => {
    blocks.push({ kind: "heading", text: text.replace(/\s+/g, " "), level: level ?? 1, firstPage: page, lastPage: page });
  };

  pages.forEach((page, index) => {
    const pageNumber = index + 1;
    const carried: OpenBlock | null = open;
    if (carried && endsSentence(carried.lines.at(-1) ?? "")) close();

    for (const line of page.lines) {
      const text = line.text.trim();
      if (text === "") {
        close();
        continue;
      }
      const bullet = BULLET.exec(text);
      if (line.heading && !bullet) {
        close();
        heading(text, line.level, pageNumber);
        headingMarkers = [...(line.markers ?? [])];
        continue;
      }
      const markers = headingMarkers.length > 0 && !open ? [...headingMarkers, ...(line.markers ?? [])] : (line.markers ?? []);
      if (!open) headingMarkers = [];
      if (line.caption) {
        // A caption is a block of its own, however the lines around it run.
        close();
        open = { kind: "caption", lines: [text], firstPage: pageNumber, lastPage: pageNumber, markers: [...markers] };
        close();
        continue;
      }
      if (bullet) {
        close();
        open = { kind: "list_item", lines: [text.slice(bullet[0].length)], firstPage: pageNumber, lastPage: pageNumber, markers: [...markers] };
        continue;
      }
      if (open) {
        open.lines.push(text);
        open.lastPage = pageNumber;
        open.markers.push(...markers);
        continue;
      }
      if (line.heading === undefined && looksLikeHeading(text)) {
        heading(text, 1, pageNumber);
        continue;
      }
      open = { kind: "paragraph", lines: [text], firstPage: pageNumber, lastPage: pageNumber, markers: [...markers] };
    }
  });
  close();
  return blocks;
}
