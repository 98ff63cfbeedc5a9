import { useWorkspace } from "../components/workspaceContext";
import { useReports } from "../evidence/useReports";
import { ReportRow } from "./ReportRow";

/**
 * The brief's imported reports, each a link to read it; leads rename, correct and delete them
 * here. `heading`: say "Reports" above the list (where nothing around it does).
 */
export function ReportList({ heading = false }: { heading?: boolean }) {
  const { api, briefId, reportsVersion, details } = useWorkspace();
  const reports = useReports(api, briefId, reportsVersion);
  if (reports.status === "loading") return <p className="muted small">Loading the reports…</p>;
  if (reports.status === "failed")
    return (
      <p className="field-error" role="alert">
        {reports.message}
      </p>
    );
  if (reports.reports.length === 0) return null;
  const list = (
    <ul className="report-list" data-testid="report-list" aria-label={heading ? undefined : "Imported reports"}>
      {reports.reports.map((report) => (
        <ReportRow key={report.id} report={report} briefId={briefId} canManage={details.abilities.importReports} />
      ))}
    </ul>
  );
  if (!heading) return list;
  return (
    <section className="report-list-section" aria-labelledby="report-list-heading">
      <h2 id="report-list-heading" className="report-list-heading">
        Reports
      </h2>
      {list}
    </section>
  );
}
