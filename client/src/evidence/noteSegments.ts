/** `inText`: the URL is where the citation writes it; false: it follows the text (separate it by a space). */
export type NoteSegment = { kind: "text"; text: string } | { kind: "url"; url: string; inText: boolean };

/**
 * A footnote's text cut into plain text and its URLs, where each URL is written; URLs the text
 * does not contain verbatim (one the PDF broke over two lines, say) come last, in their order.
 * At each step the earliest URL wins, the longest when two start at the same place (so
 * `https://a.org/x/y` is not cut short by `https://a.org/x`). `indexOf`, not a regex: the text is
 * the report's, and the work stays linear in its length for each URL.
 */
export function noteSegments(text: string, urls: readonly string[]): NoteSegment[] {
  const candidates = [...new Set(urls)].filter((url) => url.length > 0).sort((a, b) => b.length - a.length);
  const segments: NoteSegment[] = [];
  const written = new Set<string>();
  const nextAt = new Map<string, number>();
  let position = 0;
  while (position < text.length) {
    let best: { at: number; url: string } | null = null;
    for (const url of candidates) {
      // Remember where each URL next occurs, so that no search goes over the same text twice.
      let at = nextAt.get(url);
      if (at === undefined || (at !== -1 && at < position)) {
        at = text.indexOf(url, position);
        nextAt.set(url, at);
      }
      if (at !== -1 && (best === null || at < best.at)) best = { at, url };
    }
    if (best === null) break;
    if (best.at > position) segments.push({ kind: "text", text: text.slice(position, best.at) });
    segments.push({ kind: "url", url: best.url, inText: true });
    written.add(best.url);
    position = best.at + best.url.length;
  }
  if (position < text.length) segments.push({ kind: "text", text: text.slice(position) });
  for (const url of urls) {
    if (url.length > 0 && !written.has(url)) {
      segments.push({ kind: "url", url, inText: false });
      written.add(url);
    }
  }
  return segments;
}
