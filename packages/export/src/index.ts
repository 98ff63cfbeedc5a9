export type {
  Block,
  BlockquoteBlock,
  BriefExport,
  BulletListBlock,
  ExportRecommendation,
  ExportSector,
  Footnote,
  FootnoteRef,
  HeadingBlock,
  Inline,
  LineBreak,
  ListItemBlock,
  OrderedListBlock,
  ParagraphBlock,
  RecommendationStatus,
  TextRun,
} from "./model.js";
export { blocksFromProseMirror, type Cite } from "./fromProseMirror.js";
export { buildBriefExport, citedEvidenceIdsOf, type BriefExportInput, type CitedPassage } from "./buildBriefExport.js";
export { PASSAGE_NOTE_CHARS, shortenPassage } from "./shortenPassage.js";
export { CONTENT_TYPES, contentDisposition, EXPORT_FORMATS, slugify, type ExportFormat } from "./exportFilename.js";
export { toDocx } from "./toDocx.js";
export { toPdf } from "./toPdf.js";
export { escapeMarkdown, toMarkdown } from "./toMarkdown.js";
export { escapeHtml, toHtml } from "./toHtml.js";
export { renderExport } from "./renderExport.js";
