/**
 * A footnote marker inside a passage's text (CITATIONS.md §1): its note's number, and `at`, the
 * UTF-16 offset just after the character it followed. Written out rather than named, so that it
 * matches the entities' own marker type without a second export of one name.
 */
type Marker = { readonly number: number; readonly at: number };

/** Punctuation, which takes in every quote and bracket, opening or closing (`.`, `,`, `”`, `)`). */
const PUNCTUATION = /^\p{P}$/u;

/**
 * The notes whose markers belong to the quote `[start, end)` of `text`, in marker order, each
 * number once. A marker belongs to it when it stands after the quote's first character
 * (`start < at`) and nothing but punctuation lies between the quote's end and it: the note on
 * "… 7 gigawatts.”" belongs to the quote "7 gigawatts", the note after the next word does not.
 *
 * Linear: the end of the punctuation after the quote is found once, not per marker.
 */
export function markersInSpan(text: string, markers: readonly Marker[], start: number, end: number): number[] {
  let reach = end;
  // Step by code point: a letter outside the BMP is two code units and still a letter.
  while (reach < text.length) {
    const character = String.fromCodePoint(text.codePointAt(reach)!);
    if (!PUNCTUATION.test(character)) break;
    reach += character.length;
  }
  const numbers: number[] = [];
  const seen = new Set<number>();
  for (const marker of markers) {
    if (marker.at <= start || marker.at > reach || seen.has(marker.number)) continue;
    seen.add(marker.number);
    numbers.push(marker.number);
  }
  return numbers;
}
