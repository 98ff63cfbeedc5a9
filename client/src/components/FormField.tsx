import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { plainSentence } from "./plainSentence";

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  /** A rule or example shown under the field and read with it. */
  hint?: ReactNode;
  /** The server's (or the form's) complaint about this field. */
  error?: string | undefined;
}

/**
 * A labelled input whose hint and error are tied to it for screen readers: the error is read
 * with the field (aria-describedby) and marks it invalid, in plain words (see plainSentence).
 */
export function FormField({ label, hint, error, className, ...input }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {plainSentence(error)}
        </p>
      ) : null}
    </div>
  );
}
