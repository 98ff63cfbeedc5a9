import { useId } from "react";
import { fileBytesSent, formatFileSize } from "./fileSize";

interface UploadProgressProps {
  fileName: string;
  /** The file's own size, in bytes: what "… of 4.8 MB" counts towards. */
  fileSize: number;
  /**
   * The request's bytes sent so far and in all, from the upload's progress events (null total
   * while the browser cannot tell). `null` progress: everything is sent and the server is importing.
   */
  progress: { loaded: number; total: number | null } | null;
  onCancel: () => void;
}

/** A determinate bar while the file is sent, then an indeterminate one while the server reads it. */
export function UploadProgress({ fileName, fileSize, progress, onCancel }: UploadProgressProps) {
  const labelId = useId();
  const processing = progress === null;
  const sent = progress ? fileBytesSent(progress.loaded, progress.total, fileSize) : fileSize;
  const percent = fileSize > 0 ? Math.floor((sent / fileSize) * 100) : 100;
  return (
    <div className="upload-progress" data-testid="upload-progress" data-phase={processing ? "processing" : "uploading"}>
      <p id={labelId} className="upload-progress-label">
        {processing ? (
          <>Processing “{fileName}”: reading pages, passages and footnotes…</>
        ) : (
          <>Uploading “{fileName}”…</>
        )}
      </p>
      {processing ? (
        <progress aria-labelledby={labelId} />
      ) : (
        <progress
          aria-labelledby={labelId}
          max={Math.max(fileSize, 1)}
          value={sent}
          aria-valuetext={`${formatFileSize(sent)} of ${formatFileSize(fileSize)}`}
        />
      )}
      <p className="muted small" aria-live="polite" data-testid="upload-sizes">
        {processing
          ? `${formatFileSize(fileSize)} sent. This can take a minute for a long PDF.`
          : `${formatFileSize(sent)} of ${formatFileSize(fileSize)} · ${percent}%`}
      </p>
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {processing ? "Stop waiting" : "Cancel upload"}
        </button>
      </div>
    </div>
  );
}
