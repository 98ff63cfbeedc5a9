import { Link } from "react-router";
import { useWorkspace } from "../components/workspaceContext";
import { reportPath } from "../evidence/paths";
import { useReports } from "../evidence/useReports";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** The brief's imported reports, each a link to read it page by page. */
export function ReportList() {
  const { api, briefId, reportsVersion } = useWorkspace();
  const reports = useReports(api, briefId, reportsVersion);
  if (reports.status === "loading") return <p className="muted small">Loading the reports…</p>;
  if (reports.status === "failed")
    return (
      <p className="field-error" role="alert">
        {reports.message}
      </p>
    );
  if (reports.reports.length === 0) return null;
  return (
    <ul className="report-list" aria-label="Imported reports" data-testid="report-list">
      {reports.reports.map((report) => (
        <li key={report.id} className="report-list-item">
          <Link to={reportPath(briefId, report.id)} className="report-list-title">
            {report.title}
          </Link>
          <span className="muted small">
            {report.pages} page{report.pages === 1 ? "" : "s"} · {report.passages} passages · {report.footnotes} footnotes · imported{" "}
            {dateFormat.format(new Date(report.createdAt))}
          </span>
        </li>
      ))}
    </ul>
  );
}
