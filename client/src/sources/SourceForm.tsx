import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../api/ApiError";
import { ErrorBanner } from "../components/ErrorBanner";
import { FormField } from "../components/FormField";
import { SOURCE_TYPES, typeLabel } from "./formatSource";
import { withoutFieldPrefix } from "./fieldMessage";
import {
  cslFromDraft,
  draftFieldOf,
  MAX_NAMES,
  MAX_TITLE_LENGTH,
  type DraftErrors,
  type DraftField,
  type SourceDraft,
} from "./sourceDraft";
import type { CslItem } from "./sourceTypes";

interface SourceFormProps {
  initial: SourceDraft;
  /** The stored item when editing: what the form does not show is kept. */
  original?: CslItem;
  submitLabel: string;
  busyLabel: string;
  /** Sends the item; an ApiError naming a field is shown at that field. */
  onSubmit: (csl: CslItem) => Promise<void>;
  onCancel?: () => void;
  /** Empty the form after a success (adding one source after another). */
  resetAfterSubmit?: boolean;
}

/** Where each kind of source appeared, and the hint that helps most for it. */
const TYPE_WORDING: Record<string, { container: string; publisher: string; hint: string }> = {
  webpage: {
    container: "Website",
    publisher: "Site owner or publisher",
    hint: "Give the page's full address; the date is when it was published or last updated.",
  },
  "article-journal": {
    container: "Journal",
    publisher: "Publisher",
    hint: "With its DOI, readers find the article wherever it is hosted.",
  },
  book: {
    container: "Series",
    publisher: "Publisher",
    hint: "The publisher and the year are what a book's note needs.",
  },
  report: {
    container: "Series",
    publisher: "Institution",
    hint: "The institution that issued it and its date; a web address if it is online.",
  },
};
const OTHER_WORDING = { container: "Published in", publisher: "Publisher", hint: "" };

/** The hand-entry form for one source (adding, or editing in a dialog). Hints here; the server has the last word. */
export function SourceForm({
  initial,
  original,
  submitLabel,
  busyLabel,
  onSubmit,
  onCancel,
  resetAfterSubmit = false,
}: SourceFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<SourceDraft>(initial);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Focus goes to the first field to fix, once the errors are on screen.
  const [focusFirstError, setFocusFirstError] = useState(0);

  useEffect(() => {
    if (focusFirstError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusFirstError]);

  const wording = TYPE_WORDING[draft.type] ?? OTHER_WORDING;
  const typeOptions = SOURCE_TYPES.some((option) => option.type === draft.type)
    ? SOURCE_TYPES
    : [...SOURCE_TYPES, { type: draft.type, label: typeLabel(draft.type) }];

  const set = (field: DraftField) => (event: { target: { value: string } }) => {
    const value = event.target.value;
    setDraft((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const result = cslFromDraft(draft, original);
    if ("errors" in result) {
      setErrors(result.errors);
      setFocusFirstError((count) => count + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(result.csl);
      if (resetAfterSubmit) setDraft({ ...initial, type: draft.type });
    } catch (caught) {
      const field = caught instanceof ApiError && caught.status === 400 ? draftFieldOf(caught.field) : null;
      if (field && caught instanceof ApiError) {
        setErrors({ [field]: withoutFieldPrefix(caught.message) });
        setFocusFirstError((count) => count + 1);
      } else setFormError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (field: DraftField, hint?: boolean) =>
    [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null].filter(Boolean).join(" ") ||
    undefined;

  return (
    <form
      ref={formRef}
      className="bib-source-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={submitLabel}
    >
      <ErrorBanner message={formError} />
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select
          id={`${id}-type`}
          value={draft.type}
          onChange={set("type")}
          aria-describedby={wording.hint ? `${id}-type-hint` : undefined}
        >
          {typeOptions.map((option) => (
            <option key={option.type} value={option.type}>
              {option.label}
            </option>
          ))}
        </select>
        {wording.hint ? (
          <p id={`${id}-type-hint`} className="field-hint">
            {wording.hint}
          </p>
        ) : null}
      </div>
      <FormField
        label="Title"
        value={draft.title}
        onChange={set("title")}
        error={errors.title}
        required
        aria-required="true"
        maxLength={MAX_TITLE_LENGTH}
      />
      <div className="field">
        <label htmlFor={`${id}-authors`}>Authors</label>
        <textarea
          id={`${id}-authors`}
          rows={3}
          value={draft.authors}
          onChange={set("authors")}
          aria-invalid={errors.authors ? true : undefined}
          aria-describedby={describedBy("authors", true)}
        />
        <p id={`${id}-authors-hint`} className="field-hint">
          One a line: “Family, Given” for a person, or an organisation's name as written. Up to {MAX_NAMES}.
        </p>
        {errors.authors ? (
          <p id={`${id}-authors-error`} className="field-error">
            {errors.authors}
          </p>
        ) : null}
      </div>
      <div className="bib-source-form-row">
        <FormField
          label="Date"
          value={draft.date}
          onChange={set("date")}
          error={errors.date}
          hint="YYYY, YYYY-MM or YYYY-MM-DD"
          inputMode="numeric"
        />
        <FormField
          label={wording.publisher}
          value={draft.publisher}
          onChange={set("publisher")}
          error={errors.publisher}
        />
      </div>
      <FormField
        label={wording.container}
        value={draft.container}
        onChange={set("container")}
        error={errors.container}
      />
      <div className="bib-source-form-row">
        <FormField
          label="Web address (URL)"
          type="url"
          value={draft.url}
          onChange={set("url")}
          error={errors.url}
          hint="https://…"
        />
        <FormField
          label="DOI"
          value={draft.doi}
          onChange={set("doi")}
          error={errors.doi}
          hint="10.xxxx/… or a doi.org link"
        />
      </div>
      <div className="dialog-actions">
        {onCancel ? (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
