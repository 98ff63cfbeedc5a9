import { useEffect, useRef, useState } from "react";
import type { ReportSummary } from "@accord/protocol";
import { ReportMetadataForm } from "./ReportMetadataForm";
import { ReportMetadataList } from "./ReportMetadataList";

/**
 * Right after an import: what the importer read about the report, with a way for the lead
 * to correct it before the title shows up in citations and exports.
 */
export function ImportedReportDetails({
  report,
  onChanged,
}: {
  report: ReportSummary;
  onChanged: (report: ReportSummary) => void;
}) {
  const [editing, setEditing] = useState(false);
  const correctButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  // The button that opened the form disappears with it: give focus back to it when the form closes.
  useEffect(() => {
    if (wasEditing.current && !editing) correctButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <section className="imported-report-details" aria-labelledby="imported-report-details-heading">
      <div className="imported-report-details-header">
        <h3 id="imported-report-details-heading">Details read from the report</h3>
        {!editing ? (
          <button ref={correctButton} type="button" className="button-link" onClick={() => setEditing(true)}>
            Correct the details
          </button>
        ) : null}
      </div>
      {editing ? (
        <ReportMetadataForm
          reportId={report.id}
          metadata={report.metadata}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            onChanged(saved);
          }}
        />
      ) : (
        <ReportMetadataList metadata={report.metadata} showTitle />
      )}
    </section>
  );
}
