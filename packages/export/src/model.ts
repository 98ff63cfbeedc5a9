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

export type Block = ParagraphBlock | HeadingBlock | BulletListBlock | OrderedListBlock | ListItemBlock | BlockquoteBlock;

/**
 * One note per citation occurrence (Word's model: a footnote belongs to one reference), so
 * citing the same passage twice gives two notes with the same text and different numbers.
 */
export interface Footnote {
  /** 1-based, running through the whole brief in reading order. */
  number: number;
  evidenceId: string;
  /** The cited passage, shortened at a word boundary with an ellipsis when long. */
  passage: string;
  reportTitle: string;
  section: string | null;
  page: number;
  /** http(s)/mailto URLs of the passage's own footnotes in the report. */
  sources: string[];
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
  sectors: ExportSector[];
  /** Every cited source URL, de-duplicated, in order of first use. */
  sources: string[];
}
