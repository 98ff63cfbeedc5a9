import { useEffect, useState, type RefObject } from "react";
import type { CitationQuote } from "./citationTypes";
import { quoteOf, selectionOffsets } from "./quoteRange";

/**
 * The words a person has selected (mouse or keyboard) inside a passage's text, as a quote of
 * it; null when the page's selection is elsewhere or empty. `root` must hold exactly the
 * passage's text.
 */
export function useSelectedQuote(
  root: RefObject<HTMLElement | null>,
  text: string,
  enabled: boolean,
): CitationQuote | null {
  const [quote, setQuote] = useState<CitationQuote | null>(null);
  useEffect(() => {
    if (!enabled) {
      setQuote(null);
      return;
    }
    const update = () => {
      const element = root.current;
      const offsets = element ? selectionOffsets(element, document.getSelection()) : null;
      const next = offsets ? quoteOf(text, offsets.start, offsets.end) : null;
      setQuote((current) => (current?.start === next?.start && current?.end === next?.end ? current : next));
    };
    document.addEventListener("selectionchange", update);
    return () => document.removeEventListener("selectionchange", update);
  }, [root, text, enabled]);
  return quote;
}
