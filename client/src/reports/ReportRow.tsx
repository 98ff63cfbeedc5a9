import { useState } from "react";
import { Link } from "react-router";
import type { ReportSummary } from "@accord/protocol";
import { reportPath } from "../evidence/paths";
import { DeleteReportDialog } from "./DeleteReportDialog";
import { EditReportDialog } from "./EditReportDialog";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** "Ana Ruiz, Ben Ode · Harbour Institute · 2024-03 · HI-12", the parts the report has. */
function byline(report: ReportSummary): string {
  const { authors, publisher, date, reportNumber } = report.metadata;
  return [authors.join(", "), publisher, date, reportNumber]
    .filter((part): part is string => Boolean(part))
    .join(" · ");
}

/** One imported report: a link to read it, what it says about itself, and for leads edit and delete. */
interface ReportRowProps {
  report: ReportSummary;
  briefId: string;
  canManage: boolean;
  /** The row is about to go: focus must move somewhere that stays. */
  onDeleted: () => void;
}

export function ReportRow({ report, briefId, canManage, onDeleted }: ReportRowProps) {
  const [dialog, setDialog] = useState<"edit" | "delete" | null>(null);
  const line = byline(report);
  return (
    <li className="report-list-item" data-testid="report-row" data-report-id={report.id}>
      <div className="report-list-main">
        <Link to={reportPath(briefId, report.id)} className="report-list-title">
          {report.title}
        </Link>
        {line ? (
          <span className="report-list-byline" data-testid="report-byline">
            {line}
          </span>
        ) : null}
        <span className="muted small">
          {report.pages} page{report.pages === 1 ? "" : "s"} · {report.passages} passages · {report.footnotes} footnotes
          · imported {dateFormat.format(new Date(report.createdAt))}
        </span>
      </div>
      {canManage ? (
        <div className="report-list-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            aria-haspopup="dialog"
            aria-label={`Edit details of ${report.title}`}
            onClick={() => setDialog("edit")}
          >
            Edit details
          </button>
          <button
            type="button"
            className="button button-danger-quiet button-small"
            aria-haspopup="dialog"
            aria-label={`Delete ${report.title}`}
            onClick={() => setDialog("delete")}
          >
            Delete…
          </button>
        </div>
      ) : null}
      {canManage ? (
        <>
          <EditReportDialog report={report} open={dialog === "edit"} onClose={() => setDialog(null)} />
          <DeleteReportDialog
            report={report}
            open={dialog === "delete"}
            onClose={() => setDialog(null)}
            onDeleted={onDeleted}
          />
        </>
      ) : null}
    </li>
  );
}
