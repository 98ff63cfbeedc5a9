import type { BriefExportInput, CitedPassage, ExportFormat, RecommendationStatus } from "@accord/export";
import type { StoredDocument } from "../store/Store.js";

/** Messages between ExportWorkers (main thread) and exportWorker.ts; one job at a time per worker. */

/** Apply and read these stored bodies; answer which evidence they cite. */
export interface ReadRequest {
  type: "read";
  documents: Array<{ id: string; stored: StoredDocument }>;
}

/** Build the model from the bodies just read, then render it (`format`) or summarize it (null). */
export interface BuildRequest {
  type: "build";
  input: Omit<BriefExportInput, "sectors" | "evidence"> & {
    sectors: Array<{ name: string; recommendations: Array<{ id: string; title: string; status: RecommendationStatus }> }>;
  };
  evidence: Array<[string, CitedPassage]>;
  format: ExportFormat | null;
}

export type ExportRequest = ReadRequest | BuildRequest;

/** What a preview needs of the model: each recommendation's footnote count. */
export interface PreviewSector {
  name: string;
  recommendations: Array<{ id: string; title: string; status: RecommendationStatus; citations: number }>;
}

export type ExportAnswer =
  | { type: "ready" }
  | { type: "read"; cited: string[]; badParts: number }
  | { type: "preview"; sectors: PreviewSector[] }
  | { type: "file"; file: Uint8Array }
  | { type: "error"; message: string };
