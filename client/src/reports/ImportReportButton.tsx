import { useState } from "react";
import { useBriefDetails } from "../components/workspaceContext";
import { ImportReportDialog } from "./ImportReportDialog";

/** "Import report", for the leads who may; nothing for everyone else. */
export function ImportReportButton({ variant = "primary" }: { variant?: "primary" | "secondary" }) {
  const details = useBriefDetails();
  const [open, setOpen] = useState(false);
  if (!details.abilities.importReports) return null;
  return (
    <>
      <button type="button" className={`button button-${variant}`} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Import report
      </button>
      <ImportReportDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
