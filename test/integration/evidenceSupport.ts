import fs from "node:fs";
import path from "node:path";
import type { ApiClient, ApiResponse } from "../helpers/api.js";

/** The real source report (see /work/shared/reports/README.md): data for tests, never copied into the project. */
export const REAL_REPORT_PATH = path.resolve(import.meta.dirname, "../../../shared/reports/usmca-brief.txt");
export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/reports");

/**
 * Why the suites built on the real report cannot run here, or null when they can. A fresh clone
 * without shared/ beside it must still pass `npm test`, so they skip — loudly: the reason is in
 * the suite's title and on the console.
 */
export const REAL_REPORT_MISSING: string | null = fs.existsSync(REAL_REPORT_PATH)
  ? null
  : `SKIPPED: the real report is missing at ${REAL_REPORT_PATH} (shared/reports/ beside the repository)`;
if (REAL_REPORT_MISSING !== null) console.warn(REAL_REPORT_MISSING);

/** A suite title that carries the reason it was skipped, if it was. */
export function realReportSuite(title: string): string {
  return REAL_REPORT_MISSING === null ? title : `${title} — ${REAL_REPORT_MISSING}`;
}

/** Reads the real report; only suites that skip when it is missing (REAL_REPORT_MISSING) call it. */
export function readRealReport(): Uint8Array {
  if (!fs.existsSync(REAL_REPORT_PATH)) {
    throw new Error(
      `The real report is missing at ${REAL_REPORT_PATH}: the evidence tests need it (see /work/shared/reports).`,
    );
  }
  return new Uint8Array(fs.readFileSync(REAL_REPORT_PATH));
}

/** A browser-style multipart upload with the user's session cookie. */
export async function upload(
  client: ApiClient,
  briefId: string,
  file: { name: string; bytes: Uint8Array; type?: string } | null,
  extraFields: Record<string, string> = {},
): Promise<ApiResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(extraFields)) form.append(name, value);
  if (file)
    form.append("file", new Blob([file.bytes.slice()], { type: file.type ?? "application/octet-stream" }), file.name);
  const response = await fetch(`${client.baseUrl}/api/briefs/${briefId}/reports`, {
    method: "POST",
    headers: client.cookie ? { cookie: client.cookie } : {},
    body: form,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body, headers: response.headers };
}

export interface PresentedEvidence {
  id: string;
  reportId: string;
  reportTitle: string;
  section: string | null;
  page: number;
  kind: string;
  sourcesFrom: "markers" | "page";
  text: string;
  sources: string[];
  notes: Array<{ number: number; text: string; urls: string[] }>;
  footnotes: number[];
  figures: unknown[];
  highlights: Array<[number, number]>;
}

export interface PresentedReport {
  id: string;
  title: string;
  metadata: {
    title: string;
    authors: string[];
    publisher: string | null;
    date: string | null;
    reportNumber: string | null;
  };
  format: string;
  createdAt: string;
  sections: Array<{ index: number; title: string; level: number; sectorLike: boolean; sectorName: string | null }>;
  pages: Array<{
    number: number;
    passages: Array<PresentedEvidence & { citedBy: Array<{ recommendationId: string; title: string }> }>;
    footnotes: Array<{ number: number; url: string | null; urls: string[]; text: string }>;
  }>;
}

export async function getReport(client: ApiClient, briefId: string, reportId: string): Promise<PresentedReport> {
  const res = await client.get(`/api/briefs/${briefId}/reports/${reportId}`);
  if (res.status !== 200) throw new Error(`get report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.report as PresentedReport;
}

export function passagesOf(report: PresentedReport) {
  return report.pages.flatMap((page) => page.passages);
}

export async function reportCount(client: ApiClient, briefId: string): Promise<number> {
  const res = await client.get(`/api/briefs/${briefId}/reports`);
  if (res.status !== 200) throw new Error(`list reports: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.reports as unknown[]).length;
}

export async function evidenceCount(client: ApiClient, briefId: string): Promise<number> {
  const res = await client.get(`/api/briefs/${briefId}/evidence?limit=100`);
  if (res.status !== 200) throw new Error(`list evidence: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.evidence as unknown[]).length;
}
