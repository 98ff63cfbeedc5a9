import { isSafeSourceUrl } from "../evidence/safeSourceUrl";
import { doiUrl, formatDate, formatNames, publicationLine, typeLabel } from "./formatSource";
import type { CslItem } from "./sourceTypes";

interface SourceViewProps {
  csl: CslItem;
  /** The title's heading level in the page's outline. */
  headingLevel?: 3 | 4;
  /** One line (authors, title, date) for lists of citations; the links stay. */
  compact?: boolean;
}

/** A bibliography source as a person reads it: what it is, its title, who wrote it and when, where to find it. */
export function SourceView({ csl, headingLevel = 3, compact = false }: SourceViewProps) {
  const authors = formatNames(csl.author);
  const date = formatDate(csl.issued);
  const publication = publicationLine(csl);
  const links = <SourceAddress csl={csl} />;

  if (compact) {
    return (
      <span className="bib-source-compact">
        {authors ? <span className="bib-source-authors">{authors}, </span> : null}
        <cite className="bib-source-title-inline">{csl.title}</cite>
        {date ? <span className="bib-source-date"> ({date})</span> : null}
        {csl.URL || csl.DOI ? <span className="bib-source-links-inline"> {links}</span> : null}
      </span>
    );
  }

  const Heading = headingLevel === 3 ? "h3" : "h4";
  return (
    <div className="bib-source-view">
      <p className="bib-source-type">{typeLabel(csl.type)}</p>
      <Heading className="bib-source-title">{csl.title}</Heading>
      {authors || date ? (
        <p className="bib-source-byline">
          {authors ? <span>{authors}</span> : <span className="muted">No author given</span>}
          {date ? (
            <>
              <span className="bib-source-dot" aria-hidden="true">
                ·
              </span>
              <span>{date}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {publication ? <p className="bib-source-publication">{publication}</p> : null}
      {csl.URL || csl.DOI ? <p className="bib-source-links">{links}</p> : null}
    </div>
  );
}

/** The source's web address and DOI, each a link when it is a web address. */
function SourceAddress({ csl }: { csl: CslItem }) {
  const url = csl.URL?.trim();
  const doi = csl.DOI?.trim();
  return (
    <>
      {url ? (
        isSafeSourceUrl(url) ? (
          <a href={url} target="_blank" rel="noopener noreferrer" className="bib-source-url">
            {url}
          </a>
        ) : (
          <span className="bib-source-url">{url}</span>
        )
      ) : null}
      {url && doi ? (
        <span className="bib-source-dot" aria-hidden="true">
          ·
        </span>
      ) : null}
      {doi ? (
        <span className="bib-source-doi">
          DOI{" "}
          <a href={doiUrl(doi)} target="_blank" rel="noopener noreferrer">
            {doi}
          </a>
        </span>
      ) : null}
    </>
  );
}
