import { useId, useState, type RefObject } from "react";
import type { CitationQuote } from "./citationTypes";
import { QuoteChooser } from "./QuoteChooser";
import { shortQuote } from "./quoteRange";
import { useSelectedQuote } from "./useSelectedQuote";

interface SpanCiteControlsProps {
  /** The passage's text, and the element that draws exactly it (where a mouse selection is read). */
  text: string;
  textRef: RefObject<HTMLElement | null>;
  /** Cites a part of the passage; rejects with the message to show. */
  onCite: (quote: CitationQuote) => Promise<void>;
  /** The passage's place ("Shipping · Page 1"), read with the buttons. */
  describedBy?: string | undefined;
}

/**
 * Citing part of a passage: "Cite selection" once words of it are selected with the mouse,
 * and "Quote words…", which opens the keyboard chooser. Failures (the server refusing the
 * quote) are shown as they are said.
 */
export function SpanCiteControls({ text, textRef, onCite, describedBy }: SpanCiteControlsProps) {
  const [choosing, setChoosing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selected = useSelectedQuote(textRef, text, !choosing);
  const chooserId = useId();

  async function citeSelected(quote: CitationQuote) {
    setError(null);
    try {
      await onCite(quote);
      document.getSelection()?.removeAllRanges();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The citation could not be made.");
    }
  }

  return (
    <>
      {selected ? (
        <button
          type="button"
          className="button button-primary button-small"
          data-testid="cite-selection"
          aria-describedby={describedBy}
          title={`Cite “${shortQuote(selected.text, 200)}”`}
          // Keep both selections: the passage's words and the editor's cursor.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => void citeSelected(selected)}
        >
          Cite selection
        </button>
      ) : null}
      <button
        type="button"
        className="button button-secondary button-small"
        aria-expanded={choosing}
        aria-controls={choosing ? chooserId : undefined}
        aria-describedby={describedBy}
        title="Cite only some words of this passage"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => {
          setError(null);
          setChoosing((open) => !open);
        }}
      >
        Quote words…
      </button>
      {error ? (
        <p className="field-error span-cite-error" role="alert" data-testid="cite-error">
          {error}
        </p>
      ) : null}
      {choosing ? (
        <div id={chooserId} className="span-cite-chooser">
          <QuoteChooser
            text={text}
            onCite={async (quote) => {
              await onCite(quote);
              setChoosing(false);
            }}
            onCancel={() => setChoosing(false)}
          />
        </div>
      ) : null}
    </>
  );
}
