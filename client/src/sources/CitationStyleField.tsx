import { useId, useState, type ChangeEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import type { BibliographyApi } from "./bibliographyApi";
import { withoutFieldPrefix } from "./fieldMessage";
import { formatBytes } from "./pasteFormat";
import { CUSTOM_STYLE_ID, MAX_STYLE_BYTES } from "./sourceTypes";
import { styleName, type CitationStylesState } from "./useCitationStyles";

interface CitationStyleFieldProps {
  bibliography: BibliographyApi;
  briefId: string;
  styles: CitationStylesState;
  /** The style chosen in the form (saved with the form). */
  value: string;
  onChange: (styleId: string) => void;
  /** The server's complaint about `citationStyle`. */
  error?: string | undefined;
  /** A lead chooses; everyone else reads. */
  editable: boolean;
  /** Called once the house's own file is stored: the brief now uses it. */
  onUploaded: (title: string) => void;
  customTitle: string | null;
}

/**
 * The brief's citation style in its settings: a bundled style from the list, or the house's own
 * CSL file, which is stored (and chosen) as soon as it is uploaded.
 */
export function CitationStyleField({
  bibliography,
  briefId,
  styles,
  value,
  onChange,
  error,
  editable,
  onUploaded,
  customTitle,
}: CitationStyleFieldProps) {
  const id = useId();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  if (!editable) {
    return (
      <div className="field">
        <span className="field-label">Citation style</span>
        <p className="citation-style-readonly" data-testid="citation-style-name">
          {styleName(styles, value, customTitle)}
        </p>
        <p className="field-hint">A lead of the brief chooses the style.</p>
      </div>
    );
  }

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setUploadError(null);
    if (file.size > MAX_STYLE_BYTES) {
      setUploadError(
        `“${file.name}” is ${formatBytes(file.size)}; a style file may be at most ${formatBytes(MAX_STYLE_BYTES)}.`,
      );
      return;
    }
    setUploading(true);
    try {
      const { style } = await bibliography.uploadStyle(briefId, await file.text());
      onUploaded(style.title);
    } catch (caught) {
      // 400 `xml` says what is wrong with the file (not CSL, no title, a broken element…).
      setUploadError(
        caught instanceof ApiError && (caught.status === 400 || caught.status === 413)
          ? withoutFieldPrefix(caught.message)
          : errorMessage(caught),
      );
    } finally {
      setUploading(false);
    }
  }

  const options = styles.status === "loaded" ? styles.styles.styles : [];
  const selectHint = `${id}-hint`;
  const selectError = `${id}-error`;
  return (
    <fieldset className="citation-style-field">
      <legend>Citation style</legend>
      <div className="field">
        <label htmlFor={`${id}-select`}>Style of the notes and the bibliography</label>
        <select
          id={`${id}-select`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          disabled={styles.status !== "loaded"}
          aria-invalid={error ? true : undefined}
          aria-describedby={[selectHint, error ? selectError : null].filter(Boolean).join(" ")}
        >
          {styles.status !== "loaded" ? <option value={value}>{styleName(styles, value, customTitle)}</option> : null}
          {options.map((style) => (
            <option key={style.id} value={style.id}>
              {style.title}
            </option>
          ))}
          {value === CUSTOM_STYLE_ID || customTitle ? (
            <option value={CUSTOM_STYLE_ID}>{styleName(styles, CUSTOM_STYLE_ID, customTitle)}</option>
          ) : null}
        </select>
        <p id={selectHint} className="field-hint">
          Every citation is a footnote; with an author-date style such as APA, the note holds its in-text form.
          {styles.status === "failed" ? ` The list of styles could not be loaded: ${styles.message}` : ""}
        </p>
        {error ? (
          <p id={selectError} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
      <div className="field">
        <span className="field-label" id={`${id}-upload-label`}>
          Your house's own style
        </span>
        <div className="style-upload-row">
          <label className="button button-secondary button-small file-button">
            {uploading ? "Uploading…" : "Upload a CSL file"}
            <input
              type="file"
              accept=".csl,.xml,application/xml,text/xml"
              className="visually-hidden"
              disabled={uploading}
              aria-describedby={`${id}-upload-hint${uploadError ? ` ${id}-upload-error` : ""}`}
              onChange={(event) => void upload(event)}
            />
          </label>
        </div>
        <p id={`${id}-upload-hint`} className="field-hint">
          A .csl file (up to {formatBytes(MAX_STYLE_BYTES)}). Once uploaded, the brief uses it.
        </p>
        {uploadError ? (
          <p id={`${id}-upload-error`} className="field-error" role="alert" data-testid="style-upload-error">
            {uploadError}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
