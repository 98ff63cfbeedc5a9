import { isSafeSourceUrl } from "../evidence/safeSourceUrl";
import type { BriefSource, CslName } from "./citationTypes";

function nameOf(name: CslName): string {
  return "literal" in name ? name.literal : [name.given, name.family].filter(Boolean).join(" ");
}

/** A bibliography source in one line: its authors, title and year, its URL as a safe link. */
export function SourceTitle({ source }: { source: BriefSource }) {
  const { csl } = source;
  const authors = (csl.author ?? []).slice(0, 3).map(nameOf).filter(Boolean).join(", ");
  const year = csl.issued?.["date-parts"]?.[0]?.[0];
  const url = csl.URL ?? (csl.DOI ? `https://doi.org/${csl.DOI}` : null);
  return (
    <span className="source-title">
      {authors ? <span>{authors}, </span> : null}
      <cite>{csl.title}</cite>
      {year ? <span> ({year})</span> : null}
      {url && isSafeSourceUrl(url) ? (
        <>
          {" "}
          <a href={url} target="_blank" rel="noopener noreferrer" className="note-url">
            {url}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </>
      ) : null}
    </span>
  );
}
