import { useEffect, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { CitationStyleField } from "../sources/CitationStyleField";
import { useBibliographyApi } from "../sources/useBibliographyApi";
import { useBriefCitationStyle } from "../sources/useBriefCitationStyle";
import { useCitationStyles } from "../sources/useCitationStyles";
import { CUSTOM_STYLE_ID } from "../sources/sourceTypes";
import { Dialog } from "./Dialog";
import { ErrorBanner } from "./ErrorBanner";
import { FormField } from "./FormField";
import { useBriefDetails, useWorkspace } from "./workspaceContext";
import { queryKeys } from "../api/queryKeys";
import { useBriefCache } from "../api/useBriefCache";
import "../styles/suggestions.css";

/** A lead renames the brief, rewrites its description and chooses its citation style. */
export function BriefSettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, briefId, announce } = useWorkspace();
  const details = useBriefDetails();
  const { refetch } = useBriefCache();
  const reloadBrief = () => refetch([queryKeys.details(briefId)]);
  const bibliography = useBibliographyApi();
  const styles = useCitationStyles(bibliography);
  const [title, setTitle] = useState(details.brief.title);
  const [description, setDescription] = useState(details.brief.description);
  const [citationStyle, setCitationStyle] = useState(details.brief.citationStyle);
  // Issue 18: a brief starts with editors suggesting during review (the server's default too).
  const storedSuggestEdits = details.brief.suggestEditsInReview !== false;
  const [suggestEdits, setSuggestEdits] = useState(storedSuggestEdits);
  const [error, setError] = useState<string | null>(null);
  const [titleError, setTitleError] = useState<string | undefined>();
  const [styleError, setStyleError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const { brief } = details;
  // The house file's own title, asked again whenever the brief changes (an upload from elsewhere
  // changes the brief, not its "custom"); one uploaded here is named at once, before that answer.
  const storedStyle = useBriefCitationStyle(bibliography, briefId, brief.updatedAt);
  const storedCustomTitle = storedStyle.status === "loaded" ? (storedStyle.style.custom?.title ?? null) : null;
  const [uploadedTitle, setUploadedTitle] = useState<string | null>(null);
  // Forgotten when the dialog opens again or the stored title arrives: it triggers, unread.
  // biome-ignore lint/correctness/useExhaustiveDependencies: open and storedCustomTitle are triggers
  useEffect(() => setUploadedTitle(null), [open, storedCustomTitle]);
  const customTitle = uploadedTitle ?? storedCustomTitle;

  useEffect(() => {
    if (!open) return;
    setTitle(brief.title);
    setDescription(brief.description);
    setError(null);
    setTitleError(undefined);
  }, [open, brief.title, brief.description]);

  useEffect(() => {
    if (open) setSuggestEdits(storedSuggestEdits);
  }, [open, storedSuggestEdits]);

  // Apart from the title's effect: an uploaded style changes the brief while the lead may be mid-edit.
  useEffect(() => {
    if (!open) return;
    setCitationStyle(brief.citationStyle);
    setStyleError(undefined);
  }, [open, brief.citationStyle]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!title.trim()) {
      setTitleError("Give the brief a title.");
      return;
    }
    setBusy(true);
    setError(null);
    setStyleError(undefined);
    try {
      if (title.trim() !== brief.title || description.trim() !== brief.description) {
        await api.briefs.update(briefId, { title: title.trim(), description: description.trim() });
      }
      if (suggestEdits !== storedSuggestEdits) await api.briefs.update(briefId, { suggestEditsInReview: suggestEdits });
      // "custom" is chosen by uploading the file, which stores it at once.
      if (citationStyle !== brief.citationStyle && citationStyle !== CUSTOM_STYLE_ID)
        await bibliography.setStyle(briefId, citationStyle);
      await reloadBrief();
      announce("Brief saved.");
      onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.field === "title") setTitleError(caught.message);
      else if (caught instanceof ApiError && caught.field === "citationStyle") setStyleError(caught.message);
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onClose={onClose} title="Edit brief">
      <form onSubmit={onSubmit} noValidate>
        <ErrorBanner message={error} />
        <FormField
          label="Title"
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
          error={titleError}
        />
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
        <CitationStyleField
          bibliography={bibliography}
          briefId={briefId}
          styles={styles}
          value={citationStyle}
          onChange={(styleId) => {
            setCitationStyle(styleId);
            setStyleError(undefined);
          }}
          error={styleError}
          editable={details.abilities.updateBrief}
          customTitle={customTitle}
          onUploaded={(fileTitle) => {
            setUploadedTitle(fileTitle);
            setCitationStyle(CUSTOM_STYLE_ID);
            announce(`The brief now uses “${fileTitle}”.`);
            void reloadBrief();
          }}
        />
        <div className="field field-checkbox">
          <label>
            <input
              type="checkbox"
              checked={suggestEdits}
              onChange={(event) => setSuggestEdits(event.target.checked)}
              aria-describedby="brief-settings-suggest-help"
            />{" "}
            Editors suggest while a recommendation is in review
          </label>
          <p id="brief-settings-suggest-help" className="muted small">
            Their changes start as suggestions for others to accept; each editor can still switch suggesting off.
          </p>
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
