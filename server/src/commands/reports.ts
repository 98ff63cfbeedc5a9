import type { CitingRecommendation, ReportMetadataPatch, ReportSummary } from "../store/reports.js";
import { ConflictError, NotFoundError } from "../errors.js";
import type { CommandContext } from "./context.js";

/**
 * Refusal of a report's deletion while recommendations cite its passages: the API answers
 * 409 with the citing recommendations, so the lead knows what to change first.
 */
export class ReportCitedError extends ConflictError {
  constructor(readonly citedBy: CitingRecommendation[]) {
    const count = citedBy.length;
    super(
      `This report is cited by ${count} recommendation${count === 1 ? "" : "s"}: remove ${count === 1 ? "that citation" : "those citations"} before deleting it.`,
      "reportId",
    );
  }
}

/** Renames a report or edits its metadata (the lead's corrections of what the importer read). */
export async function updateReport(
  { store, notify, claims }: CommandContext,
  briefId: string,
  reportId: string,
  patch: ReportMetadataPatch,
): Promise<ReportSummary> {
  const report = await store.updateReportMetadata(briefId, reportId, patch);
  if (!report) throw new NotFoundError("report");
  notify.reportUpdated(briefId, report.id, report.title);
  await claims.reportsChanged(briefId);
  return report;
}

/**
 * Deletes a report with everything imported from it, unless a recommendation cites one of its
 * passages (`recommendation.citedEvidenceIds`, kept equal to the bodies' citations by
 * citations/CitationTracker): then nothing changes and ReportCitedError names them.
 */
export async function deleteReport(
  { store, notify, claims }: CommandContext,
  briefId: string,
  reportId: string,
): Promise<void> {
  const result = await store.deleteReport(briefId, reportId);
  switch (result.kind) {
    case "not_found":
      throw new NotFoundError("report");
    case "cited":
      throw new ReportCitedError(result.citedBy);
    case "deleted":
      notify.reportDeleted(briefId, reportId);
      await claims.reportsChanged(briefId);
      return;
    default: {
      const unreachable: never = result;
      throw new Error(`unknown delete result ${JSON.stringify(unreachable)}`);
    }
  }
}
