import type { ReportSummary } from "@accord/protocol";
import { Dialog } from "../components/Dialog";
import { ReportMetadataForm } from "./ReportMetadataForm";

/** Rename a report and correct its authors, publisher, date and number (a lead). */
export function EditReportDialog({
  report,
  open,
  onClose,
}: {
  report: ReportSummary;
  open: boolean;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Edit report details"
      description="Citations and exports name the report by this title."
    >
      <ReportMetadataForm reportId={report.id} metadata={report.metadata} onSaved={onClose} onCancel={onClose} />
    </Dialog>
  );
}
