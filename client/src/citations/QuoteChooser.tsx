import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { CitationQuote } from "./citationTypes";
import { quoteOf, sentenceSpans, shortQuote } from "./quoteRange";

interface QuoteChooserProps {
  text: string;
  /** Cites the chosen words; rejects with the message to show (the server's 400, say). */
  onCite: (quote: CitationQuote) => Promise<void>;
  onCancel: () => void;
  /** Take focus when shown (the picker hands over to it). */
  autoFocus?: boolean;
}

/**
 * Choosing the words to cite without a mouse: the passage in a text box that refuses every
 * edit, where the caret and Shift with the arrow keys select (its offsets are the passage's
 * own), and its sentences as checkboxes for the quick case. What is chosen is read back in a
 * status line.
 *
 * Not `readOnly`: Chromium moves no caret, so selects nothing, in a read-only text box from the
 * keyboard. Every edit (typing, deleting, pasting, dropping) is refused at `beforeinput` instead,
 * and the box says it is read-only to screen readers.
 */
export function QuoteChooser({ text, onCite, onCancel, autoFocus = false }: QuoteChooserProps) {
  const baseId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const sentences = useMemo(() => sentenceSpans(text), [text]);
  const [quote, setQuote] = useState<CitationQuote | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const refuse = (event: Event) => event.preventDefault();
    element.addEventListener("beforeinput", refuse);
    return () => element.removeEventListener("beforeinput", refuse);
  }, []);

  function fromArea() {
    const element = area.current;
    if (!element) return;
    setQuote(quoteOf(text, element.selectionStart, element.selectionEnd));
    setChecked(new Set());
  }

  function toggleSentence(index: number) {
    const next = new Set(checked);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    setChecked(next);
    const chosen = sentences.filter((_, i) => next.has(i));
    const first = chosen[0];
    const last = chosen[chosen.length - 1];
    setQuote(first && last ? quoteOf(text, first.start, last.end) : null);
  }

  async function cite() {
    if (!quote) return;
    setBusy(true);
    setError(null);
    try {
      await onCite(quote);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The citation could not be made.");
      setBusy(false);
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of controls around one text, not a form: a fieldset would announce it as one
    <div className="quote-chooser" role="group" aria-labelledby={`${baseId}-title`} data-testid="quote-chooser">
      <p id={`${baseId}-title`} className="quote-chooser-title">
        Choose the words to cite
      </p>
      <label htmlFor={`${baseId}-text`} className="small quote-chooser-label">
        The passage: move with the arrow keys and select with Shift and the arrow keys
      </label>
      <textarea
        ref={area}
        id={`${baseId}-text`}
        className="quote-chooser-text"
        aria-readonly="true"
        spellCheck={false}
        // biome-ignore lint/a11y/noAutofocus: opened by the writer to choose words: focus goes to the text it is about
        autoFocus={autoFocus}
        value={text}
        // Edits are refused before they happen; this keeps React's copy if one slips through.
        onChange={() => undefined}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
        rows={Math.min(8, Math.max(4, Math.ceil(text.length / 45)))}
        onSelect={fromArea}
        onKeyUp={fromArea}
        onMouseUp={fromArea}
      />
      {sentences.length > 1 ? (
        <fieldset className="quote-chooser-sentences">
          <legend className="small">Or pick sentences (from the first ticked to the last)</legend>
          {sentences.map((sentence, index) => (
            <label key={sentence.start} className="quote-chooser-sentence">
              <input type="checkbox" checked={checked.has(index)} onChange={() => toggleSentence(index)} />
              <span>{shortQuote(sentence.text, 120)}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <p className="small quote-chooser-status" role="status" aria-live="polite" data-testid="quote-chooser-status">
        {quote ? `Chosen: “${shortQuote(quote.text, 160)}”` : "Nothing chosen yet."}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={!quote || busy}
          onClick={() => void cite()}
        >
          Cite these words
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
