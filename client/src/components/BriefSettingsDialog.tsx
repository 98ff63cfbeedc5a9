import { useEffect, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { FormField } from "./FormField";
import { useWorkspace } from "./workspaceContext";

/** A lead renames the brief or rewrites its description. */
export function BriefSettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, briefId, details, reloadBrief, announce } = useWorkspace();
  const [title, setTitle] = useState(details.brief.title);
  const [description, setDescription] = useState(details.brief.description);
  const [error, setError] = useState<string | null>(null);
  const [titleError, setTitleError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setTitle(details.brief.title);
    setDescription(details.brief.description);
    setError(null);
    setTitleError(undefined);
  }, [open, details.brief.title, details.brief.description]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!title.trim()) {
      setTitleError("Give the brief a title.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.briefs.update(briefId, { title: title.trim(), description: description.trim() });
      await reloadBrief();
      announce("Brief saved.");
      onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === "title") setTitleError(caught.message);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onClose={onClose} title="Edit brief">
      <form onSubmit={onSubmit} noValidate>
        <ErrorBanner message={error} />
        <FormField label="Title" value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} error={titleError} />
        <div className="field">
          <label htmlFor="brief-settings-description">Description</label>
          <textarea
            id="brief-settings-description"
            rows={4}
            maxLength={5000}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
