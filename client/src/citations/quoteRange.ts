import type { CitationQuote } from "./citationTypes";

/** Longest quote the client offers to cite (the server's own limit is larger). */
export const MAX_QUOTE_CHARS = 5000;

function isSpace(char: string | undefined): boolean {
  return char !== undefined && char.trim() === "";
}

/**
 * The words of `text` in [start, end) as a quote, without the spaces at either edge (a
 * double-click or a drag often takes one). Null when nothing but space is chosen, or the
 * range is not within the text. The quote's `text` is always exactly `text.slice(start, end)`:
 * that is what the server checks.
 */
export function quoteOf(text: string, start: number, end: number): CitationQuote | null {
  let from = Math.max(0, Math.min(start, end));
  let to = Math.min(text.length, Math.max(start, end));
  while (from < to && isSpace(text[from])) from += 1;
  while (to > from && isSpace(text[to - 1])) to -= 1;
  if (from >= to || to - from > MAX_QUOTE_CHARS) return null;
  return { text: text.slice(from, to), start: from, end: to };
}

/** Whether a quote is the whole passage (then the citation is made without one). */
export function isWholePassage(text: string, quote: CitationQuote): boolean {
  return quote.start === 0 && quote.end === text.length;
}

export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

/**
 * The passage's sentences as ranges of its text (the locale's sentence rules, through
 * Intl.Segmenter: no pattern runs over the text), each without its trailing space.
 */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const segmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });
  for (const { segment, index } of segmenter.segment(text)) {
    const quote = quoteOf(text, index, index + segment.length);
    if (quote) spans.push({ start: quote.start, end: quote.end, text: quote.text });
  }
  return spans;
}

/**
 * Where the page's selection falls in the passage text drawn inside `root` (whose text
 * content is exactly the passage's text), as offsets into that text; a selection reaching
 * beyond the passage is cut to it. Null when the selection does not touch it.
 */
export function selectionOffsets(
  root: HTMLElement,
  selection: Selection | null,
): { start: number; end: number } | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(root)) return null;
  const whole = document.createRange();
  whole.selectNodeContents(root);
  const length = whole.toString().length;
  const offsetOf = (container: Node, offset: number): number => {
    const point = document.createRange();
    point.setStart(container, offset);
    // (START_TO_START: the point against the passage's start; END_TO_START: against its end.)
    if (point.compareBoundaryPoints(Range.START_TO_START, whole) <= 0) return 0;
    if (point.compareBoundaryPoints(Range.END_TO_START, whole) >= 0) return length;
    const before = document.createRange();
    before.setStart(root, 0);
    before.setEnd(container, offset);
    return before.toString().length;
  };
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  return end > start ? { start, end } : null;
}

/** A quote shortened for a button or a list ("the first words … the last words"). */
export function shortQuote(text: string, max = 80): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half).trimEnd()} … ${text.slice(text.length - half).trimStart()}`;
}
