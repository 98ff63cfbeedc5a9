export type ExportFormat = "docx" | "pdf" | "md" | "html";

export const EXPORT_FORMATS: readonly ExportFormat[] = ["docx", "pdf", "md", "html"];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  md: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** An ASCII file name from a title: "US–Mexico trade (2025)" → "us-mexico-trade-2025". */
export function slugify(title: string, fallback = "brief"): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || fallback;
}

/**
 * `attachment` with an ASCII `filename` for old clients and the title itself as RFC 6266 /
 * RFC 5987 `filename*` (UTF-8, percent-encoded) for the rest. Characters no file system
 * takes, and quotes or control characters that could break the header, are replaced.
 */
export function contentDisposition(title: string, format: ExportFormat): string {
  const ascii = `${slugify(title)}.${format}`;
  const unicodeName = `${
    title
      .replace(/[\p{Cc}\\/:*?"<>|]+/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 120) || "brief"
  }.${format}`;
  const encoded = encodeURIComponent(unicodeName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
