import { figureSpan } from "./claimLabels";

/** Characters of the passage kept on each side of the figure when the passage is long. */
const CONTEXT_CHARS = 160;

/**
 * A passage with its figure in a <mark>, cut around the figure when long. Every piece is React
 * text: a report's words never become markup.
 */
export function FigureInPassage({
  text,
  figure,
}: {
  text: string;
  figure: { raw: string; start: number; end: number } | null;
}) {
  const span = figure ? figureSpan(text, figure) : null;
  if (!span) {
    const shown = text.length > CONTEXT_CHARS * 3 ? `${text.slice(0, CONTEXT_CHARS * 3).trimEnd()}…` : text;
    return (
      <p className="claim-passage-text" data-testid="claim-passage-text">
        {shown}
      </p>
    );
  }
  const from = Math.max(0, span.start - CONTEXT_CHARS);
  const to = Math.min(text.length, span.end + CONTEXT_CHARS);
  return (
    <p className="claim-passage-text" data-testid="claim-passage-text">
      {from > 0 ? "…" : null}
      <span>{text.slice(from, span.start)}</span>
      <mark className="claim-passage-figure" data-testid="claim-passage-mark">
        {text.slice(span.start, span.end)}
      </mark>
      <span>{text.slice(span.end, to)}</span>
      {to < text.length ? "…" : null}
    </p>
  );
}
