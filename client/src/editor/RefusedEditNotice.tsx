import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../api/ApiError";
import "./localFirst.css";
import type { RefusedEdit } from "./useCollabDocument";

type AttachState =
  | { kind: "idle" }
  | { kind: "attaching" }
  | { kind: "attached" }
  | { kind: "failed"; message: string };

export interface RefusedEditNoticeProps {
  refusal: RefusedEdit;
  /** The page's own words for why the body is read-only, when the server gave no particular reason. */
  readOnlyReason: string | null;
  /** Posts the words as a comment thread on the recommendation. */
  onAttach: (text: string) => Promise<void>;
  onDismiss: () => void;
}

/**
 * Issue 15, defect 2: the server refused an edit (SPEC P14). Says why, and offers back the words
 * it did not store: copy them, or attach them as a comment. Words typed offline are attached
 * without asking (their writer may be long gone by the time the refusal arrives).
 */
export function RefusedEditNotice({ refusal, readOnlyReason, onAttach, onDismiss }: RefusedEditNoticeProps) {
  const [attach, setAttach] = useState<AttachState>({ kind: "idle" });
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const text = refusal.words.passages.join("\n\n");
  const hasWords = text.trim() !== "";
  const reason = refusal.reason === "read-only" && readOnlyReason ? readOnlyReason : refusal.message;

  const attachNow = async () => {
    setAttach({ kind: "attaching" });
    try {
      await onAttach(text);
      setAttach({ kind: "attached" });
    } catch (error) {
      setAttach({ kind: "failed", message: errorMessage(error) });
    }
  };

  const autoAttached = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per refusal (the notice is keyed by it), however its props change
  useEffect(() => {
    headingRef.current?.focus();
    if (refusal.automatic && hasWords && !autoAttached.current) {
      autoAttached.current = true;
      void attachNow();
    }
  }, []);

  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };

  return (
    <section className="refused-edit" role="alert" aria-labelledby="refused-edit-heading" data-testid="refused-edit">
      <h3 id="refused-edit-heading" tabIndex={-1} ref={headingRef}>
        {refusal.automatic ? "Your offline changes were not saved" : "Your last changes were not saved"}
      </h3>
      <p data-testid="refused-edit-reason">{reason}</p>
      {hasWords ? (
        <>
          <p>These words are not in the recommendation (the text below it is what the server kept):</p>
          <blockquote className="refused-edit-words" data-testid="refused-edit-words">
            {refusal.words.passages.map((passage, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of one fixed text, never reordered
              <p key={index}>{passage}</p>
            ))}
          </blockquote>
          {refusal.words.leftOut > 0 ? (
            <p>{refusal.words.leftOut.toLocaleString()} more characters were too many to keep here and are lost.</p>
          ) : null}
        </>
      ) : (
        <p>Only deletions or formatting were refused; the text below is what the server kept.</p>
      )}
      <p aria-live="polite" data-testid="refused-edit-attach-state">
        {attach.kind === "attaching" ? "Attaching them as a comment…" : null}
        {attach.kind === "attached" ? "They are attached as a comment on this recommendation." : null}
        {attach.kind === "failed" ? `They could not be attached as a comment: ${attach.message}` : null}
      </p>
      <div className="refused-edit-actions">
        {hasWords ? (
          <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
            {copied ? "Copied" : "Copy the words"}
          </button>
        ) : null}
        {hasWords && (attach.kind === "idle" || attach.kind === "failed") ? (
          <button type="button" className="button button-secondary button-small" onClick={() => void attachNow()}>
            Attach as a comment
          </button>
        ) : null}
        <button type="button" className="button-link small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
