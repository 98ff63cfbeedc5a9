import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import type { ReportCitation, ReportSummary } from "@accord/protocol";
import { Dialog } from "../components/Dialog";
import { useWorkspace } from "../components/workspaceContext";
import { useBriefCache } from "../api/useBriefCache";
import { reportsChanged } from "../realtime/liveQueryKeys";
import { recommendationPath } from "../evidence/paths";

type State =
  | { step: "confirm"; error: string | null }
  | { step: "deleting" }
  | { step: "cited"; citedBy: ReportCitation[] };

/** The recommendations a 409 names as citing the report, keeping only well-formed entries. */
function citationsOf(error: unknown): ReportCitation[] | null {
  if (!(error instanceof ApiError) || error.status !== 409 || !Array.isArray(error.details.citedBy)) return null;
  return (error.details.citedBy as unknown[]).filter(
    (entry): entry is ReportCitation =>
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as ReportCitation).recommendationId === "string" &&
      typeof (entry as ReportCitation).title === "string",
  );
}

/**
 * Delete a report, after saying what goes with it. While recommendations cite its
 * passages the server refuses; the dialog then lists them, so the lead can remove the
 * citations first.
 */
export function DeleteReportDialog({
  report,
  open,
  onClose,
  onDeleted,
}: {
  report: ReportSummary;
  open: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { api, briefId, announce } = useWorkspace();
  const cache = useBriefCache();
  const [state, setState] = useState<State>({ step: "confirm", error: null });

  useEffect(() => {
    if (open) setState({ step: "confirm", error: null });
  }, [open]);

  async function remove() {
    setState({ step: "deleting" });
    try {
      await api.reports.remove(briefId, report.id);
      announce(`Report “${report.title}” deleted.`);
      onClose();
      onDeleted();
      // The notification may come later, or not at all.
      void cache.refetch(reportsChanged(briefId));
    } catch (caught) {
      const citedBy = citationsOf(caught);
      setState(citedBy ? { step: "cited", citedBy } : { step: "confirm", error: errorMessage(caught) });
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={state.step === "cited" ? "This report is cited" : "Delete this report?"}
    >
      {state.step === "cited" ? (
        <div className="delete-report-cited" data-testid="delete-report-cited">
          <p role="alert">
            “{report.title}” cannot be deleted while{" "}
            {state.citedBy.length === 1 ? "this recommendation cites" : "these recommendations cite"} its passages.
            Remove the citations first.
          </p>
          <ul className="delete-report-citations" aria-label="Recommendations citing the report">
            {state.citedBy.map((citation) => (
              <li key={citation.recommendationId}>
                <Link to={recommendationPath(briefId, citation.recommendationId)} onClick={onClose}>
                  {citation.title}
                </Link>
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <span className="spacer" />
            {/* biome-ignore lint/a11y/noAutofocus: WAI-ARIA alert dialog: focus goes to the least destructive action */}
            <button type="button" className="button button-secondary" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <div className="delete-report-confirm">
          {state.step === "confirm" && state.error ? (
            <div className="banner banner-error" role="alert">
              {state.error}
            </div>
          ) : null}
          <p>
            “{report.title}” and its {report.passages} passages and {report.footnotes} footnotes will be removed from
            the brief. This cannot be undone.
          </p>
          <div className="dialog-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={onClose}
              disabled={state.step === "deleting"}
            >
              Keep it
            </button>
            <span className="spacer" />
            <button
              type="button"
              className="button button-danger"
              onClick={() => void remove()}
              disabled={state.step === "deleting"}
            >
              {state.step === "deleting" ? "Deleting…" : "Delete report"}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
