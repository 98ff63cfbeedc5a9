export type {
  Figure,
  FigureKind,
  ImportedFootnote,
  ImportedPassage,
  ImportedReport,
  ImportedSection,
  ReportMetadata,
} from "./types.js";
export { ImportError, type ImportErrorKind } from "./errors.js";
export { importReport, type ImportInput } from "./importReport.js";
export { importText } from "./textImporter.js";
export { importMarkdown } from "./markdownImporter.js";
export { extractFigures } from "./figures.js";
export { formatOfFilename, type SourceFormat } from "./sniff.js";
export { checkReportParts, DEFAULT_IMPORT_LIMITS, type ImportLimits } from "./limits.js";
export { pdfjsModuleUrl, type PdfJs } from "./pdfImporter.js";
