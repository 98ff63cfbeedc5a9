import { noteSegments } from "./noteSegments";
import { isSafeSourceUrl } from "./safeSourceUrl";

/**
 * A footnote's whole citation, with each of its URLs as an outside link where it is
 * written (see noteSegments). The text and URLs are the report's, so they are only ever
 * React text and hrefs that pass `isSafeSourceUrl`.
 */
export function NoteText({ text, urls }: { text: string; urls: string[] }) {
  const segments = noteSegments(text, urls);
  return (
    <>
      {segments.map((segment, index) =>
        segment.kind === "text" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, never reordered
          <span key={index}>{segment.text}</span>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one fixed text, never reordered
          <span key={index}>
            {segment.inText || index === 0 ? null : " "}
            <SourceLink url={segment.url} />
          </span>
        ),
      )}
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
