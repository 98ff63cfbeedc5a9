export type {
  BibliographyEntry,
  Block,
  BlockquoteBlock,
  BriefExport,
  BulletListBlock,
  ExportRecommendation,
  ExportSector,
  ExportWarning,
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
export { blocksFromProseMirror, type CitationReference, type Cite } from "./fromProseMirror.js";
export {
  buildBriefExport,
  citedIdsOf,
  type BriefExportInput,
  type BuildOptions,
  type CitedPassage,
  type ExportCitation,
  type ExportReport,
} from "./buildBriefExport.js";
export { footnoteItem, parseLocator, reportItem, type ReportMetadata } from "./csl/reportItems.js";
export { PASSAGE_NOTE_CHARS, shortenPassage } from "./shortenPassage.js";
export { CONTENT_TYPES, contentDisposition, EXPORT_FORMATS, slugify, type ExportFormat } from "./exportFilename.js";
export { toDocx } from "./toDocx.js";
export { toPdf } from "./toPdf.js";
export { escapeMarkdown, toMarkdown } from "./toMarkdown.js";
export { escapeHtml, toHtml } from "./toHtml.js";
export { renderExport } from "./renderExport.js";
export {
  CSL_TYPES,
  CslItemError,
  validateCslItem,
  type CslDate,
  type CslItem,
  type CslName,
  type CslType,
} from "./csl/cslItem.js";
export {
  BibliographyParseError,
  MAX_BIBLIOGRAPHY_ENTRIES,
  parseBibliography,
  type BibliographyFormat,
} from "./csl/parseBibliography.js";
export { checkCslStyle } from "./csl/checkCslStyle.js";
export { CslStyleError, MAX_CSL_STYLE_BYTES } from "./csl/cslXml.js";
export { BUNDLED_STYLES, DEFAULT_STYLE_ID, isBundledStyle } from "./csl/styles.js";
export { CslEngines, MAX_CACHED_ENGINES } from "./csl/CslEngine.js";
export { DOCX_BODY_SIZE_PT, DOCX_PARAGRAPH_SPACING_TWIPS, PARAGRAPH_SPACING_EM } from "./paragraphSpacing.js";
