import { useEffect, useId, useRef, useState, type FormEvent } from "react";

interface InlineRenameFormProps {
  label: string;
  initialValue: string;
  maxLength: number;
  onSave: (value: string) => Promise<void>;
  onCancel: () => void;
  className?: string;
  inputClassName?: string;
}

/** An input that replaces a name in place: Enter saves, Escape cancels, errors show under it. */
export function InlineRenameForm({
  label,
  initialValue,
  maxLength,
  onSave,
  onCancel,
  className,
  inputClassName,
}: InlineRenameFormProps) {
  const [value, setValue] = useState(initialValue);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    if (!trimmed) {
      setError("Must not be empty.");
      return;
    }
    if (trimmed === initialValue) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(trimmed);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : "Could not save.");
      setBusy(false);
    }
  }

  return (
    <form className={`inline-form ${className ?? ""}`} onSubmit={onSubmit} noValidate>
      <label className="visually-hidden" htmlFor={inputId}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className={inputClassName}
        value={value}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onCancel();
          }
        }}
      />
      <div className="inline-form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          Save
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
