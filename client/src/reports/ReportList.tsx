import { useEffect, useRef } from "react";
import { useBriefDetails, useWorkspace } from "../components/workspaceContext";
import { useReports } from "../evidence/useReports";
import { ReportRow } from "./ReportRow";

/**
 * The brief's imported reports, each a link to read it; leads rename, correct and delete them
 * here. `heading`: say "Reports" above the list (where nothing around it does).
 */
export function ReportList({ heading = false }: { heading?: boolean }) {
  const { api, briefId } = useWorkspace();
  const details = useBriefDetails();
  const reports = useReports(api, briefId);
  const listRef = useRef<HTMLUListElement>(null);
  // After a delete, once the list without it has arrived: the dialog gave focus back to the
  // deleted row's button on closing, and that button is gone now.
  const focusAfterDelete = useRef(false);
  useEffect(() => {
    if (!focusAfterDelete.current || reports.status !== "loaded") return;
    focusAfterDelete.current = false;
    listRef.current?.focus();
  }, [reports]);
  if (reports.status === "loading") return <p className="muted small">Loading the reports…</p>;
  if (reports.status === "failed")
    return (
      <p className="field-error" role="alert">
        {reports.message}
      </p>
    );
  if (reports.reports.length === 0) return null;
  const list = (
    <ul
      ref={listRef}
      tabIndex={-1}
      className="report-list"
      data-testid="report-list"
      aria-label={heading ? undefined : "Imported reports"}
      aria-labelledby={heading ? "report-list-heading" : undefined}
    >
      {reports.reports.map((report) => (
        <ReportRow
          key={report.id}
          report={report}
          briefId={briefId}
          canManage={details.abilities.importReports}
          onDeleted={() => {
            focusAfterDelete.current = true;
          }}
        />
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
