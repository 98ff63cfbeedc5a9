import type { Status } from "@accord/domain";
import { ApiError } from "../api/ApiError";

export type ExportFormat = "docx" | "pdf" | "md" | "html";

export interface ExportSelection {
  /** Every sector when it lists them all: the server then reads "no filter". */
  sectorIds: string[];
  allSectors: boolean;
  statuses: Status[];
}

/** Something about one recommendation to look at before sending the brief. */
export interface RecommendationWarning {
  recommendationId: string;
  title: string;
  kind: "no_citations" | "open_threads" | "not_approved";
  message: string;
}

/** A footnote whose passage's sources nobody chose (CITATIONS.md §6): it goes out with the report alone. */
export interface SourcesNotChosenWarning {
  kind: "sources_not_chosen";
  recommendationId: string;
  /** The footnote's number in the export. */
  number: number;
  citationId: string | null;
  message: string;
}

export type ExportWarning = RecommendationWarning | SourcesNotChosenWarning;

export interface ExportPreview {
  included: Array<{ recommendationId: string; title: string; sector: string; status: Status; citations: number }>;
  warnings: ExportWarning[];
  /** The style the notes will follow, when the server says (CITATIONS.md §6's `style`). */
  style?: { id: string; title: string };
  /** Open figure findings of the included recommendations that say a figure is wrong (issue 19). */
  claimWarnings?: { mismatch: number; inconsistent: number };
}

export const FORMATS: Array<{ format: ExportFormat; label: string; description: string }> = [
  { format: "docx", label: "DOCX", description: "Word document with footnotes and a table of contents" },
  { format: "pdf", label: "PDF", description: "PDF with bookmarks and notes after each recommendation" },
  { format: "md", label: "Markdown", description: "Markdown with footnotes" },
  { format: "html", label: "HTML", description: "Standalone web page, printable" },
];

function query(selection: ExportSelection, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (!selection.allSectors) params.set("sectorIds", selection.sectorIds.join(","));
  params.set("statuses", selection.statuses.join(","));
  return params.toString();
}

const exportPath = (briefId: string) => `/api/briefs/${encodeURIComponent(briefId)}/export`;

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string; field?: string } }
    | undefined;
  return new ApiError(
    response.status,
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? "The export failed.",
    body?.error?.field,
  );
}

export async function fetchExportPreview(
  briefId: string,
  selection: ExportSelection,
  signal?: AbortSignal,
): Promise<ExportPreview> {
  const response = await fetch(`${exportPath(briefId)}/preview?${query(selection)}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    signal,
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as ExportPreview;
}

/**
 * Fetches the file and saves it through an object URL. Not a plain link: the page can show
 * "Preparing…" while the server renders, and show the API's error instead of a broken download.
 */
export async function downloadExport(
  briefId: string,
  format: ExportFormat,
  selection: ExportSelection,
  signal?: AbortSignal,
): Promise<string> {
  const response = await fetch(`${exportPath(briefId)}?${query(selection, { format })}`, {
    credentials: "same-origin",
    signal,
  });
  if (!response.ok) throw await failure(response);
  const filename = filenameFrom(response.headers.get("Content-Disposition")) ?? `brief.${format}`;
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the blob to the browser's download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return filename;
}

/** The file name from `Content-Disposition`, preferring RFC 6266 `filename*` (UTF-8). */
export function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // a malformed encoding: fall back to the ASCII name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}
