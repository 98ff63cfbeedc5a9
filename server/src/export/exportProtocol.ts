import type {
  BriefExportInput,
  CitedPassage,
  CslItem,
  ExportCitation,
  ExportFormat,
  ExportWarning,
  RecommendationStatus,
  ReportMetadata,
} from "@accord/export";
import type { StoredDocument } from "../store/Store.js";

/** Messages between ExportWorkers (main thread) and exportWorker.ts; one job at a time per worker. */

/** Apply and read these stored bodies; answer which evidence and which citations they cite. */
export interface ReadRequest {
  type: "read";
  documents: Array<{ id: string; stored: StoredDocument }>;
}

/**
 * Build the model from the bodies just read, then render it (`format`) or summarize it (null).
 * Maps travel as entry arrays (structured clone keeps Maps, but arrays keep the shape plain).
 */
export interface BuildRequest {
  type: "build";
  input: Omit<BriefExportInput, "sectors" | "evidence" | "reports" | "citations" | "sources"> & {
    sectors: Array<{
      name: string;
      recommendations: Array<{ id: string; title: string; status: RecommendationStatus }>;
    }>;
  };
  evidence: Array<[string, CitedPassage]>;
  reports: Array<[string, { metadata: ReportMetadata; footnotes: Array<[number, { text: string; urls: string[] }]> }]>;
  citations: Array<[string, ExportCitation]>;
  sources: Array<[string, CslItem]>;
  format: ExportFormat | null;
}

/** Parse a pasted bibliography (packages/export's parseBibliography) into CSL items. */
export interface ParseSourcesRequest {
  type: "parseSources";
  format: "bibtex" | "ris";
  text: string;
}

/** Check a CSL style file (packages/export's checkCslStyle). */
export interface CheckStyleRequest {
  type: "checkStyle";
  xml: string;
}

export type ExportRequest = ReadRequest | BuildRequest | ParseSourcesRequest | CheckStyleRequest;

/** What a preview needs of the model: each recommendation's footnote count. */
export interface PreviewSector {
  name: string;
  recommendations: Array<{ id: string; title: string; status: RecommendationStatus; citations: number }>;
}

export type ExportAnswer =
  | { type: "ready" }
  /** `cited`: evidence ids of the bodies' citation nodes; `citationIds`: their citation ids. */
  | { type: "read"; cited: string[]; citationIds: string[]; badParts: number }
  | { type: "preview"; sectors: PreviewSector[]; warnings: ExportWarning[]; style: { id: string; title: string } }
  | { type: "file"; file: Uint8Array }
  /** parseSources: the entries, in the paste's order. */
  | { type: "sources"; items: CslItem[] }
  /** parseSources / checkStyle: the input is not usable; `message` says why, for the user. */
  | { type: "invalid"; message: string }
  /** checkStyle: the style's title and class. */
  | { type: "style"; title: string; class: "note" | "in-text" }
  | { type: "error"; message: string };
