/**
 * The brief as every export format sees it: built once, rendered four ways, so that the
 * numbering, the footnotes and the sources are the same in DOCX, PDF, Markdown and HTML.
 * Nothing here knows about Yjs, the store or a file format.
 */

export type RecommendationStatus = "draft" | "in_review" | "changes_requested" | "approved";

export interface TextRun {
  type: "text";
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Only http(s) and mailto URLs ever get here (see fromProseMirror's safe-href rule). */
  link?: string;
}

/** A citation, at the point it was made: footnote `number` of the brief. */
export interface FootnoteRef {
  type: "footnoteRef";
  number: number;
}

export interface LineBreak {
  type: "break";
}

export type Inline = TextRun | FootnoteRef | LineBreak;

export interface ParagraphBlock {
  type: "paragraph";
  content: Inline[];
}

/** Body headings sit under the recommendation's title (level 2), so they are 3 and 4. */
export interface HeadingBlock {
  type: "heading";
  level: 3 | 4;
  content: Inline[];
}

export interface ListItemBlock {
  type: "listItem";
  blocks: Block[];
}

export interface BulletListBlock {
  type: "bulletList";
  items: ListItemBlock[];
}

export interface OrderedListBlock {
  type: "orderedList";
  start: number;
  items: ListItemBlock[];
}

export interface BlockquoteBlock {
  type: "blockquote";
  blocks: Block[];
}

export type Block =
  | ParagraphBlock
  | HeadingBlock
  | BulletListBlock
  | OrderedListBlock
  | ListItemBlock
  | BlockquoteBlock;

/**
 * One note per citation occurrence (Word's model: a footnote belongs to one reference), so
 * citing the same passage twice gives two notes with different numbers — and, under a note
 * style, the second says the short form or "Ibid." (CITATIONS.md §6).
 */
export interface Footnote {
  /** 1-based, running through the whole brief in reading order. */
  number: number;
  /**
   * The note's words as the citation style renders them (one citeproc cluster: the quote and
   * the report, then each chosen source). Every renderer prints exactly these runs.
   */
  content: TextRun[];
  /** The stored citation, or null for an older body's evidence-only node. */
  citationId: string | null;
  /** The cited passage, or null for a direct citation of a bibliography source. */
  evidenceId: string | null;
  /** The exact words quoted (the selected range, or the whole passage shortened), or null. */
  quote: string | null;
  /** http(s) URLs of the note's sources, in order, de-duplicated. */
  sourceUrls: string[];
  /** False while a page-sourced passage's sources were never chosen (see `warnings`). */
  sourcesChosen: boolean;
}

/** One entry of the bibliography, in the style's order: a cited report or source. */
export interface BibliographyEntry {
  /** The CSL item id: `report:<reportId>`, `note:<reportId>:<n>` or `source:<sourceId>`. */
  id: string;
  content: TextRun[];
}

export interface ExportWarning {
  kind: "sources_not_chosen";
  recommendationId: string;
  /** The note's number. */
  number: number;
  citationId: string | null;
  message: string;
}

export interface ExportRecommendation {
  id: string;
  title: string;
  status: RecommendationStatus;
  blocks: Block[];
  /** The notes referenced from `blocks`, in number order. */
  footnotes: Footnote[];
}

export interface ExportSector {
  name: string;
  recommendations: ExportRecommendation[];
}

export interface BriefExport {
  title: string;
  description: string;
  /** The export's date, `YYYY-MM-DD`. */
  date: string;
  contributors: string[];
  /** The citation style the notes and bibliography were rendered in. */
  style: { id: string; title: string };
  sectors: ExportSector[];
  /** One entry per cited item, in the style's order. */
  bibliography: BibliographyEntry[];
  /** Problems an author should fix before publishing (shown before download). */
  warnings: ExportWarning[];
}
