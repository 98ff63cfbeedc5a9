import { useId } from "react";

interface UploadProgressProps {
  fileName: string;
  /** Bytes sent so far and in all; null total while the size is unknown. `null` progress: the server is importing. */
  progress: { loaded: number; total: number | null } | null;
  onCancel: () => void;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A determinate bar while the file is sent, then an indeterminate one while the server reads it. */
export function UploadProgress({ fileName, progress, onCancel }: UploadProgressProps) {
  const labelId = useId();
  const processing = progress === null;
  const percent = progress?.total ? Math.round((progress.loaded / progress.total) * 100) : null;
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
        <progress aria-labelledby={labelId} max={progress.total ?? undefined} value={progress.total ? progress.loaded : undefined} />
      )}
      <p className="muted small" aria-live="polite">
        {processing
          ? "This can take a minute for a long PDF."
          : percent !== null && progress.total
            ? `${percent}% · ${megabytes(progress.loaded)} of ${megabytes(progress.total)}`
            : `${megabytes(progress.loaded)} sent`}
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
