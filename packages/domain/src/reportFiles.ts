/**
 * The file types a lead may import as a report. The server refuses anything else before an
 * importer runs, and the client says so before uploading: one list, so the two never disagree.
 */
export const REPORT_EXTENSIONS = [".txt", ".md", ".markdown", ".pdf", ".docx"] as const;

/** Whether a file's name ends with one of REPORT_EXTENSIONS (any case). */
export function isReportFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return REPORT_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** The list as people read it: ".txt, .md, .markdown, .pdf or .docx". */
export const REPORT_EXTENSIONS_IN_WORDS = `${REPORT_EXTENSIONS.slice(0, -1).join(", ")} or ${REPORT_EXTENSIONS.at(-1)}`;
