import { looksLikeHeading } from "./headings.js";
import type { MarkedLineJoiner } from "./hyphenation.js";
import { sliceMarked, zipMarkers, type MarkedText } from "./markedText.js";
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
  /** Its lines as read, each with its markers where they stood in it. */
  lines: MarkedText[];
  firstPage: number;
  lastPage: number;
  /** The markers of a heading just above it, which it takes (see below). */
  leading: number[];
}

/**
 * Rebuilds headings, paragraphs and list items from pages of lines. A blank line or a bullet
 * ends a block; so does a page break, but only after a finished sentence: a page's end and its
 * footnote block cut paragraphs anywhere, and the text resumes on the next page. Each block's
 * markers are carried through the joining of its lines to where they stand in its text.
 */
export function pagesToBlocks(pages: readonly SourcePage[], joinLines: MarkedLineJoiner): DraftBlock[] {
  const blocks: DraftBlock[] = [];
  let open: OpenBlock | null = null;

  const close = (): void => {
    if (open) {
      const joined = joinLines(open.lines);
      const block: DraftBlock = {
        kind: open.kind,
        text: joined.text,
        firstPage: open.firstPage,
        lastPage: open.lastPage,
      };
      // A heading's markers stand at the passage's start: they are the whole passage's notes,
      // and no quote of its words takes them (CITATIONS.md §1's rule needs a word before).
      const markers = [...open.leading.map((number) => ({ number, at: 0 })), ...joined.markers];
      if (markers.length > 0) {
        block.footnotes = [...new Set(markers.map((marker) => marker.number))];
        block.markers = markers;
      }
      blocks.push(block);
    }
    open = null;
  };
  // A heading's own markers (a note on a title) go to the first passage under it: a section
  // cites nothing, and the note must stay reachable from the evidence.
  let headingMarkers: number[] = [];
  const heading = (text: string, level: number | undefined, page: number): void => {
    blocks.push({
      kind: "heading",
      text: text.replace(/\s+/g, " "),
      level: level ?? 1,
      firstPage: page,
      lastPage: page,
    });
  };

  pages.forEach((page, index) => {
    const pageNumber = index + 1;
    const carried: OpenBlock | null = open;
    if (carried && endsSentence(carried.lines.at(-1)?.text ?? "")) close();

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
      const leading = headingMarkers.length > 0 && !open ? headingMarkers : [];
      if (!open) headingMarkers = [];
      const markers = zipMarkers(line.text, line.markers, line.markerAt);
      if (line.caption) {
        // A caption is a block of its own, however the lines around it run.
        close();
        open = {
          kind: "caption",
          lines: [{ text: line.text, markers }],
          firstPage: pageNumber,
          lastPage: pageNumber,
          leading,
        };
        close();
        continue;
      }
      if (bullet) {
        close();
        const lead = line.text.length - line.text.trimStart().length;
        open = {
          kind: "list_item",
          lines: [sliceMarked(line.text, markers, lead + bullet[0].length)],
          firstPage: pageNumber,
          lastPage: pageNumber,
          leading,
        };
        continue;
      }
      if (open) {
        open.lines.push({ text: line.text, markers });
        open.lastPage = pageNumber;
        continue;
      }
      if (line.heading === undefined && looksLikeHeading(text)) {
        heading(text, 1, pageNumber);
        continue;
      }
      open = {
        kind: "paragraph",
        lines: [{ text: line.text, markers }],
        firstPage: pageNumber,
        lastPage: pageNumber,
        leading,
      };
    }
  });
  close();
  return blocks;
}
