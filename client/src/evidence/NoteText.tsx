import type { ReactNode } from "react";
import { isSafeSourceUrl } from "./safeSourceUrl";

/**
 * A footnote's whole citation, with each of its URLs as an outside link where it is
 * written. The text and URLs are the report's, so they are only ever React text and
 * hrefs that pass `isSafeSourceUrl`. URLs the text does not spell out as such (one broken
 * over lines in the PDF, say) follow the text.
 */
export function NoteText({ text, urls }: { text: string; urls: string[] }) {
  const parts: ReactNode[] = [];
  const candidates = [...new Set(urls)].filter((url) => url.length > 0).sort((a, b) => b.length - a.length);
  const written = new Set<string>();
  let position = 0;
  // indexOf per URL from the current position: linear in the text for each URL, no regex on user text.
  while (position < text.length) {
    let next: { at: number; url: string } | null = null;
    for (const url of candidates) {
      const at = text.indexOf(url, position);
      if (at !== -1 && (next === null || at < next.at)) next = { at, url };
    }
    if (next === null) break;
    if (next.at > position) parts.push(text.slice(position, next.at));
    parts.push(<SourceLink key={`${next.at}`} url={next.url} />);
    written.add(next.url);
    position = next.at + next.url.length;
  }
  if (position < text.length) parts.push(text.slice(position));
  const rest = candidates.filter((url) => !written.has(url));
  return (
    <>
      {parts}
      {rest.map((url) => (
        <span key={`extra-${url}`}>
          {" "}
          <SourceLink url={url} />
        </span>
      ))}
    </>
  );
}

function SourceLink({ url }: { url: string }) {
  if (!isSafeSourceUrl(url)) return <span className="note-url">{url}</span>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="note-url">
      {url}
      <span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}
