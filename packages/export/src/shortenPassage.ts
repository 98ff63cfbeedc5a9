/** About how much of a cited passage a footnote quotes. @default 300 */
export const PASSAGE_NOTE_CHARS = 300;

/**
 * The passage as a note quotes it: whole if short, otherwise cut at the last word boundary
 * before `maxChars` with an ellipsis, so a note never ends mid-word.
 */
export function shortenPassage(text: string, maxChars = PASSAGE_NOTE_CHARS): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, maxChars + 1);
  const boundary = cut.search(/\s\S*$/);
  // One very long "word" (a URL) has no boundary worth keeping: cut it hard.
  const end = boundary > maxChars / 2 ? boundary : maxChars;
  return `${clean.slice(0, end).replace(/[\s,;:.\-–—]+$/, "")}…`;
}
