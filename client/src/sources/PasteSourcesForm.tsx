import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { withoutFieldPrefix } from "./fieldMessage";
import { detectPasteFormat, formatBytes, utf8Bytes } from "./pasteFormat";
import { MAX_PASTE_BYTES, MAX_PASTE_ENTRIES, type BriefSource, type PasteFormat } from "./sourceTypes";

const FORMAT_LABELS: Record<PasteFormat, string> = { bibtex: "BibTeX", ris: "RIS" };

/** Shown once a paste is this large, so that nearing the limit is no surprise. */
const SHOW_SIZE_FROM_BYTES = 100 * 1024;

/**
 * Paste a reference manager's export (BibTeX or RIS), or choose the file: every entry becomes a
 * source, or none does and the server's message names the entry it could not read.
 */
export function PasteSourcesForm({
  onImport,
}: {
  onImport: (format: PasteFormat, text: string) => Promise<BriefSource[]>;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [format, setFormat] = useState<PasteFormat>("bibtex");
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState("");
  const [busy, setBusy] = useState(false);
  const bytes = text ? utf8Bytes(text) : 0;

  function take(next: string) {
    setText(next);
    setError(null);
    setOutcome("");
    const detected = detectPasteFormat(next);
    if (detected) setFormat(detected);
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_PASTE_BYTES) {
      setError(
        `“${file.name}” is ${formatBytes(file.size)}; at most ${formatBytes(MAX_PASTE_BYTES)} can be added at once. Split it in parts.`,
      );
      return;
    }
    take(await file.text());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setOutcome("");
    if (!text.trim()) {
      setError(`Paste at least one ${FORMAT_LABELS[format]} entry.`);
      return;
    }
    if (bytes > MAX_PASTE_BYTES) {
      setError(
        `This paste is ${formatBytes(bytes)}; at most ${formatBytes(MAX_PASTE_BYTES)} can be added at once. Split it in parts.`,
      );
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const sources = await onImport(format, text);
      setText("");
      setOutcome(sources.length === 1 ? "Added 1 source." : `Added ${sources.length} sources.`);
    } catch (caught) {
      // 400 names `bibtex` or `ris` with the entry it could not read; 413 says the paste is too large.
      setError(
        caught instanceof ApiError && (caught.status === 400 || caught.status === 413)
          ? withoutFieldPrefix(caught.message)
          : errorMessage(caught),
      );
    } finally {
      setBusy(false);
    }
  }

  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <form
      className="paste-sources"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Paste BibTeX or RIS"
    >
      <fieldset className="paste-format">
        <legend>Format</legend>
        {(Object.keys(FORMAT_LABELS) as PasteFormat[]).map((value) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-format`}
              value={value}
              checked={format === value}
              onChange={() => setFormat(value)}
            />
            {FORMAT_LABELS[value]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-text`}>{FORMAT_LABELS[format]} entries</label>
        <textarea
          id={`${id}-text`}
          className="paste-text"
          rows={8}
          spellCheck={false}
          value={text}
          onChange={(event) => take(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(" ")}
          placeholder={
            format === "bibtex"
              ? "@article{key,\n  title = {…},\n  author = {Family, Given},\n  year = {2024}\n}"
              : "TY  - JOUR\nTI  - …\nAU  - Family, Given\nPY  - 2024\nER  - "
          }
        />
        <p id={hintId} className="field-hint">
          Up to {MAX_PASTE_ENTRIES} entries ({formatBytes(MAX_PASTE_BYTES)}). If one entry cannot be read, none is
          added.
          {bytes >= SHOW_SIZE_FROM_BYTES ? ` This paste: ${formatBytes(bytes)}.` : ""}
        </p>
        {error ? (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="paste-actions">
        <label className="button button-secondary button-small file-button">
          Choose a .bib or .ris file
          <input
            type="file"
            accept=".bib,.bibtex,.ris,.txt,text/plain"
            className="visually-hidden"
            onChange={(event) => void chooseFile(event)}
          />
        </label>
        <span className="spacer" />
        <span role="status" className="paste-outcome">
          {outcome}
        </span>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Adding…" : "Add entries"}
        </button>
      </div>
    </form>
  );
}
