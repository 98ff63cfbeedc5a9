import type { CitationQuote } from "./citationTypes";

/** Characters of the passage kept on each side of the quote when the passage is long. */
const CONTEXT_CHARS = 160;

/**
 * A passage with the cited words in a <mark>; null quote marks nothing (the whole passage
 * is cited). Long passages are cut around the quote. Every piece is React text.
 */
export function QuoteInPassage({
  text,
  quote,
  className,
  testId = "quote-in-passage",
}: {
  text: string;
  quote: CitationQuote | null;
  className?: string;
  testId?: string;
}) {
  const valid = quote !== null && quote.start >= 0 && quote.end <= text.length && quote.start < quote.end;
  if (!valid) {
    const shown = text.length > CONTEXT_CHARS * 3 ? `${text.slice(0, CONTEXT_CHARS * 3).trimEnd()}…` : text;
    return (
      <p className={className} data-testid={testId}>
        {shown}
      </p>
    );
  }
  const from = Math.max(0, quote.start - CONTEXT_CHARS);
  const to = Math.min(text.length, quote.end + CONTEXT_CHARS);
  return (
    <p className={className} data-testid={testId}>
      {from > 0 ? "…" : null}
      <span>{text.slice(from, quote.start)}</span>
      <mark className="cited-quote" data-testid="cited-quote">
        {text.slice(quote.start, quote.end)}
      </mark>
      <span>{text.slice(quote.end, to)}</span>
      {to < text.length ? "…" : null}
    </p>
  );
}
