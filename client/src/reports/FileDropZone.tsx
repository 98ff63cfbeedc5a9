import { useId, useState, type DragEvent } from "react";
import { REPORT_EXTENSIONS } from "../api/uploadReport";

/** Drop a report file here, or choose one: the picker is a real file input, reachable by keyboard. */
export function FileDropZone({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);

  function hasFiles(event: DragEvent) {
    return Array.from(event.dataTransfer.types).includes("Files");
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is the mouse's way; the keyboard has the file input inside the zone
    <div
      className={`drop-zone${over ? " drop-zone-over" : ""}`}
      data-testid="report-drop-zone"
      onDragEnter={(event) => {
        if (!hasFiles(event) || disabled) return;
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event) || disabled) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <p className="drop-zone-title">Drop the report here</p>
      <p className="muted small" id={hintId}>
        A text, Markdown, PDF or Word file ({REPORT_EXTENSIONS.join(", ")}), up to 25 MB.
      </p>
      <input
        id={inputId}
        type="file"
        className="visually-hidden drop-zone-input"
        accept={REPORT_EXTENSIONS.join(",")}
        aria-describedby={hintId}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = "";
          if (file) onFile(file);
        }}
      />
      <label htmlFor={inputId} className="button button-secondary drop-zone-button">
        Choose a file
      </label>
    </div>
  );
}
