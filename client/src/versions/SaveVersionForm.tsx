import { useId, useState, type FormEvent } from "react";
import { errorMessage } from "../api/ApiError";
import { MAX_VERSION_NAME } from "./versionLabels";

/** "Save version…": a name for a version of the text as it is stored now. */
export function SaveVersionForm({
  onSave,
  onCancel,
}: {
  onSave: (name: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError("Give the version a name, such as “Sent to the director”.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(trimmed);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form className="save-version-form" onSubmit={submit} data-testid="save-version-form">
      <label htmlFor={inputId}>Name of the version</label>
      <input
        id={inputId}
        value={name}
        maxLength={MAX_VERSION_NAME}
        placeholder="Sent to the director"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        // biome-ignore lint/a11y/noAutofocus: the form opens on the person's own click on "Save version…"
        autoFocus
      />
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {busy ? "Saving…" : "Save version"}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
