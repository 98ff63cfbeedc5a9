import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import type { ImportedReportResult } from "../api/types";
import { isImportableFile, uploadReport, type UploadProgress as Progress } from "../api/uploadReport";
import { Dialog } from "../components/Dialog";
import { useWorkspace } from "../components/workspaceContext";
import { FileDropZone } from "./FileDropZone";
import { ImportSummary } from "./ImportSummary";
import { SuggestedSectorsForm } from "./SuggestedSectorsForm";
import { UploadProgress } from "./UploadProgress";

type Phase =
  | { step: "choose"; error: string | null }
  | { step: "uploading"; fileName: string; progress: Progress }
  | { step: "processing"; fileName: string }
  | { step: "imported"; result: ImportedReportResult };

/**
 * Import a source report: choose or drop a file, watch it upload and then import, read
 * what was found, and turn the report's sector-like headings into sectors.
 */
export function ImportReportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, briefId, reportImported, announce } = useWorkspace();
  const [phase, setPhase] = useState<Phase>({ step: "choose", error: null });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (open) setPhase({ step: "choose", error: null });
    return () => controller.current?.abort();
  }, [open]);

  async function start(file: File) {
    if (!isImportableFile(file.name)) {
      setPhase({ step: "choose", error: `“${file.name}” cannot be imported. Use a .txt, .md, .pdf or .docx file.` });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    setPhase({ step: "uploading", fileName: file.name, progress: { loaded: 0, total: file.size } });
    try {
      const result = await uploadReport(api.reports.uploadPath(briefId), file, {
        signal: abort.signal,
        onProgress: (progress) =>
          setPhase((current) => (current.step === "uploading" ? { ...current, progress } : current)),
        onUploaded: () => setPhase({ step: "processing", fileName: file.name }),
      });
      setPhase({ step: "imported", result });
      reportImported();
      announce(`Report “${result.report.title}” imported.`);
    } catch (caught) {
      if (abort.signal.aborted) setPhase({ step: "choose", error: null });
      else setPhase({ step: "choose", error: errorMessage(caught) });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }

  const busy = phase.step === "uploading" || phase.step === "processing";
  function cancel() {
    controller.current?.abort();
  }

  return (
    <Dialog
      open={open}
      onClose={busy ? cancel : onClose}
      title={phase.step === "imported" ? "Report imported" : "Import a report"}
      description={
        phase.step === "choose"
          ? "Its passages become the evidence library that recommendations cite; its footnotes become their sources."
          : undefined
      }
    >
      <div className="import-dialog">
        {phase.step === "choose" ? (
          <>
            {phase.error ? (
              <div className="banner banner-error" role="alert" data-testid="import-error">
                {phase.error}
              </div>
            ) : null}
            <FileDropZone onFile={(file) => void start(file)} disabled={false} />
            <div className="dialog-actions">
              <span className="spacer" />
              <button type="button" className="button button-secondary" onClick={onClose}>
                Cancel
              </button>
            </div>
          </>
        ) : phase.step === "uploading" ? (
          <UploadProgress fileName={phase.fileName} progress={phase.progress} onCancel={cancel} />
        ) : phase.step === "processing" ? (
          <UploadProgress fileName={phase.fileName} progress={null} onCancel={cancel} />
        ) : (
          <>
            <ImportSummary report={phase.result.report} />
            <SuggestedSectorsForm suggestions={phase.result.suggestedSectors} onDone={onClose} />
          </>
        )}
      </div>
    </Dialog>
  );
}
