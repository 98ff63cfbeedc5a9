import type { VersionSummary } from "@accord/protocol";
import { Dialog } from "../components/Dialog";

export type RestoreStep =
  | { step: "confirm"; error: string | null }
  | { step: "keeping" }
  | { step: "applying" }
  | { step: "saving" }
  | { step: "recording" };

/** "Restore this version": what it does, then each step as it happens (the text, the save, the record). */
export function RestoreVersionDialog({
  version,
  state,
  onRestore,
  onClose,
}: {
  version: VersionSummary;
  state: RestoreStep;
  onRestore: () => void;
  onClose: () => void;
}) {
  const busy = state.step !== "confirm";
  return (
    <Dialog
      open
      title={`Restore “${version.name}”?`}
      onClose={busy ? () => {} : onClose}
      description="The text becomes this version's text for everyone working on it now, as one new change. Nothing is lost: the current text is kept in the history first (unless the newest version already holds it), and the restore is saved as a version of its own."
    >
      {state.step === "confirm" && state.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {busy ? (
        <p role="status" className="restore-progress">
          {state.step === "keeping"
            ? "Keeping the current text in the history…"
            : state.step === "applying"
              ? "Replacing the text…"
              : state.step === "saving"
                ? "Waiting until the text is saved…"
                : "Recording the restore in the history…"}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={onRestore} disabled={busy}>
          Restore this version
        </button>
      </div>
    </Dialog>
  );
}
