import { Fragment, type ReactNode } from "react";
import type { CitedPassage, ReportPage } from "@accord/protocol";
import type { CitationQuote } from "../citations/citationTypes";
import { NoteText } from "../evidence/NoteText";
import { ReportPassage } from "./ReportPassage";

interface ReportPageViewProps {
  page: ReportPage;
  briefId: string;
  targetId: string | null;
  /** The section the previous page ended in: a heading is drawn only where a section starts. */
  sectionBefore: string | null;
  sectionAnchor: (title: string) => string | undefined;
  /** Cite some words of a passage; absent when this person cannot cite. */
  onCite?: ((passage: CitedPassage, quote: CitationQuote) => Promise<void>) | undefined;
}

/** One page of a report: its passages under their section headings, and its footnotes. */
export function ReportPageView({ page, briefId, targetId, sectionBefore, sectionAnchor, onCite }: ReportPageViewProps) {
  const blocks: ReactNode[] = [];
  let section = sectionBefore;
  let list: CitedPassage[] = [];
  const flushList = () => {
    if (list.length === 0) return;
    const items = list;
    list = [];
    blocks.push(
      <ul key={`list-${items[0]?.id}`} className="passage-list">
        {items.map((passage) => (
          <ReportPassage
            key={passage.id}
            passage={passage}
            briefId={briefId}
            targeted={passage.id === targetId}
            as="li"
            onCite={onCite}
          />
        ))}
      </ul>,
    );
  };

  for (const passage of page.passages) {
    if (passage.section !== section && passage.section !== null) {
      flushList();
      blocks.push(
        <h2 key={`section-${passage.id}`} id={sectionAnchor(passage.section)} className="report-section-heading">
          {passage.section}
        </h2>,
      );
    }
    section = passage.section;
    if (passage.kind === "list_item") list.push(passage);
    else {
      flushList();
      blocks.push(
        <ReportPassage
          key={passage.id}
          passage={passage}
          briefId={briefId}
          targeted={passage.id === targetId}
          as="div"
          onCite={onCite}
        />,
      );
    }
  }
  flushList();

  const headingId = `page-${page.number}`;
  return (
    <section className="report-page" aria-labelledby={headingId} data-testid="report-page">
      <p className="report-page-number" id={headingId}>
        Page {page.number}
      </p>
      {blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks of one page, never reordered
        <Fragment key={index}>{block}</Fragment>
      ))}
      {page.footnotes.length > 0 ? (
        <footer className="report-footnotes">
          <p className="visually-hidden">Footnotes of page {page.number}</p>
          <ol>
            {page.footnotes.map((footnote) => (
              <li key={footnote.number} id={`footnote-${footnote.number}`} value={footnote.number}>
                <NoteText text={footnote.text} urls={footnote.urls ?? (footnote.url ? [footnote.url] : [])} />
              </li>
            ))}
          </ol>
        </footer>
      ) : null}
    </section>
  );
}
