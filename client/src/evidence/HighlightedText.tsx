import { splitHighlights } from "./highlightRanges";

/** A passage's text with the query's matches in <mark>; every piece is React text, never markup. */
export function HighlightedText({
  text,
  highlights,
}: {
  text: string;
  highlights: Array<[number, number]> | undefined;
}) {
  return (
    <>
      {splitHighlights(text, highlights).map((piece, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, never reordered
        piece.match ? <mark key={index}>{piece.text}</mark> : <span key={index}>{piece.text}</span>,
      )}
    </>
  );
}
