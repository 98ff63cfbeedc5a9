import { useEffect, useRef, useState } from "react";
import { REPORT_EXTENSIONS_IN_WORDS } from "@accord/domain";
import { Link } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import type { ImportedReportResult } from "@accord/protocol";
import { isImportableFile, uploadReport, type UploadProgress as Progress } from "../api/uploadReport";
import { Dialog } from "../components/Dialog";
import { plainSentence } from "../components/plainSentence";
import { useWorkspace } from "../components/workspaceContext";
import { useBriefCache } from "../api/useBriefCache";
import { reportsChanged } from "../realtime/liveQueryKeys";
import { reportPath } from "../evidence/paths";
import { FileDropZone } from "./FileDropZone";
import { ImportedReportDetails } from "./ImportedReportDetails";
import { ImportSummary } from "./ImportSummary";
import { SuggestedSectorsForm } from "./SuggestedSectorsForm";
import { UploadProgress } from "./UploadProgress";

type Phase =
  | { step: "choose"; error: string | null }
  | { step: "uploading"; fileName: string; fileSize: number; progress: Progress }
  | { step: "processing"; fileName: string; fileSize: number }
  /** The same file is already in the brief: import a copy only if the lead says so. */
  | { step: "duplicate"; file: File; existing: { id: string; title: string } }
  | { step: "imported"; result: ImportedReportResult };

/** The existing report a 409 for a duplicate import names, if it is one. */
function duplicateOf(error: unknown): { id: string; title: string } | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const existing = error.details.existing as { id?: unknown; title?: unknown } | undefined;
  if (typeof existing?.id !== "string" || typeof existing.title !== "string") return null;
  return { id: existing.id, title: existing.title };
}

/**
 * Import a source report: choose or drop a file, watch it upload and then import, read
 * what was found, and turn the report's sector-like headings into sectors.
 */
export function ImportReportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, briefId, announce } = useWorkspace();
  const cache = useBriefCache();
  const [phase, setPhase] = useState<Phase>({ step: "choose", error: null });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (open) setPhase({ step: "choose", error: null });
    return () => controller.current?.abort();
  }, [open]);

  async function start(file: File, copy = false) {
    if (!isImportableFile(file.name)) {
      setPhase({
        step: "choose",
        error: `“${file.name}” cannot be imported. Use a ${REPORT_EXTENSIONS_IN_WORDS} file.`,
      });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    setPhase({ step: "uploading", fileName: file.name, fileSize: file.size, progress: { loaded: 0, total: null } });
    try {
      const result = await uploadReport(api.reports.uploadPath(briefId), file, {
        signal: abort.signal,
        copy,
        onProgress: (progress) =>
          setPhase((current) => (current.step === "uploading" ? { ...current, progress } : current)),
        onUploaded: () => setPhase({ step: "processing", fileName: file.name, fileSize: file.size }),
      });
      setPhase({ step: "imported", result });
      // The notification may come later, or not at all.
      void cache.refetch(reportsChanged(briefId));
      announce(`Report “${result.report.title}” imported.`);
    } catch (caught) {
      const existing = duplicateOf(caught);
      if (abort.signal.aborted) setPhase({ step: "choose", error: null });
      else if (existing) setPhase({ step: "duplicate", file, existing });
      // The server names the field ("file: This PDF has no text layer…"): the dialog is about the file already.
      else setPhase({ step: "choose", error: plainSentence(errorMessage(caught)) });
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
      title={
        phase.step === "imported"
          ? "Report imported"
          : phase.step === "duplicate"
            ? "Already imported"
            : "Import a report"
      }
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
          <UploadProgress
            fileName={phase.fileName}
            fileSize={phase.fileSize}
            progress={phase.progress}
            onCancel={cancel}
          />
        ) : phase.step === "processing" ? (
          <UploadProgress fileName={phase.fileName} fileSize={phase.fileSize} progress={null} onCancel={cancel} />
        ) : phase.step === "duplicate" ? (
          <div className="import-duplicate" data-testid="import-duplicate">
            <p role="status">
              “{phase.file.name}” is already imported as “{phase.existing.title}”.
            </p>
            <p className="muted small">
              A copy would be a second report with the same passages, titled “{phase.existing.title} (copy)”.{" "}
              <Link to={reportPath(briefId, phase.existing.id)} onClick={onClose}>
                Open “{phase.existing.title}”
              </Link>
            </p>
            <div className="dialog-actions">
              <button type="button" className="button button-secondary" onClick={onClose}>
                Cancel
              </button>
              <span className="spacer" />
              <button
                type="button"
                className="button button-primary"
                // biome-ignore lint/a11y/noAutofocus: WAI-ARIA dialog: focus moves to its first field
                autoFocus
                onClick={() => void start(phase.file, true)}
              >
                Import a copy
              </button>
            </div>
          </div>
        ) : (
          <>
            <ImportSummary report={phase.result.report} />
            <ImportedReportDetails
              report={phase.result.report}
              onChanged={(report) =>
                setPhase((current) =>
                  current.step === "imported"
                    ? { ...current, result: { ...current.result, report: { ...current.result.report, ...report } } }
                    : current,
                )
              }
            />
            <SuggestedSectorsForm suggestions={phase.result.suggestedSectors} onDone={onClose} />
          </>
        )}
      </div>
    </Dialog>
  );
}
