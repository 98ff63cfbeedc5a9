import { useEffect, useState } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { Dialog } from "../components/Dialog";
import type { BriefSource } from "./sourceTypes";

type State = { step: "confirm"; error: string | null } | { step: "deleting" } | { step: "cited" };

/** Delete a source after asking; while a citation names it the server refuses (409 `cited`), and this says so plainly. */
export function DeleteSourceDialog({
  source,
  onClose,
  onDelete,
}: {
  source: BriefSource | null;
  onClose: () => void;
  onDelete: (source: BriefSource) => Promise<void>;
}) {
  const [state, setState] = useState<State>({ step: "confirm", error: null });

  useEffect(() => {
    if (source) setState({ step: "confirm", error: null });
  }, [source]);

  if (!source) return null;

  async function remove(target: BriefSource) {
    setState({ step: "deleting" });
    try {
      await onDelete(target);
      onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) setState({ step: "cited" });
      else setState({ step: "confirm", error: errorMessage(caught) });
    }
  }

  return (
    <Dialog open onClose={onClose} title={state.step === "cited" ? "This source is cited" : "Delete this source?"}>
      {state.step === "cited" ? (
        <div data-testid="delete-source-cited">
          <p role="alert" className="notice">
            “{source.csl.title}” cannot be deleted while a recommendation cites it. Remove those citations first, then
            delete it.
          </p>
          <div className="dialog-actions">
            {/* biome-ignore lint/a11y/noAutofocus: WAI-ARIA alert dialog: focus goes to the least destructive action */}
            <button type="button" className="button button-secondary" autoFocus onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <div>
          {state.step === "confirm" && state.error ? (
            <div className="banner banner-error" role="alert">
              {state.error}
            </div>
          ) : null}
          <p>“{source.csl.title}” will be removed from the brief's bibliography.</p>
          <div className="dialog-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={onClose}
              disabled={state.step === "deleting"}
            >
              Keep it
            </button>
            <span className="spacer" />
            <button
              type="button"
              className="button button-danger"
              onClick={() => void remove(source)}
              disabled={state.step === "deleting"}
            >
              {state.step === "deleting" ? "Deleting…" : "Delete source"}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
