import { isSafeSourceUrl } from "./safeSourceUrl";

/** "https://www.as-coa.org/articles/x" → "as-coa.org"; the full address is in the title. */
function shortLabel(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/**
 * A passage's sources as outside links. The report's text decides these URLs, so only
 * http(s) and mailto become links; anything else is shown as text.
 */
export function SourceLinks({ sources, label = "Sources" }: { sources: string[]; label?: string }) {
  const unique = [...new Set(sources)];
  if (unique.length === 0) return null;
  return (
    <div className="source-links">
      <span className="source-links-label">{label}:</span>
      <ul>
        {unique.map((url) => (
          <li key={url}>
            {isSafeSourceUrl(url) ? (
              <a href={url} target="_blank" rel="noopener noreferrer" title={url}>
                {shortLabel(url)}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            ) : (
              <span title={url}>{shortLabel(url)}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
