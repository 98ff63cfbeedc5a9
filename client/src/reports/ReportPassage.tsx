import { useId, useRef } from "react";
import { Link } from "react-router";
import type { CitedPassage } from "@accord/protocol";
import type { CitationQuote } from "../citations/citationTypes";
import { SpanCiteControls } from "../citations/SpanCiteControls";
import { FigureChips } from "../evidence/FigureChips";
import { recommendationPath } from "../evidence/paths";

interface ReportPassageProps {
  passage: CitedPassage;
  briefId: string;
  /** The passage a link pointed at: scrolled to and highlighted. */
  targeted: boolean;
  as: "div" | "li";
  /** Cite some of its words into the chosen recommendation; absent when this person cannot. */
  onCite?: ((passage: CitedPassage, quote: CitationQuote) => Promise<void>) | undefined;
}

/** One passage of the report, marked when recommendations cite it, with links to them. */
export function ReportPassage({ passage, briefId, targeted, as: Element, onCite }: ReportPassageProps) {
  const cited = passage.citedBy.length > 0;
  const textRef = useRef<HTMLSpanElement>(null);
  const placeId = useId();
  return (
    <Element
      id={`passage-${passage.id}`}
      tabIndex={-1}
      className={`passage${passage.kind === "caption" ? " passage-caption" : ""}${cited ? " passage-cited" : ""}${targeted ? " passage-targeted" : ""}`}
      data-testid="report-passage"
      data-cited={cited}
      data-targeted={targeted}
      aria-current={targeted ? "location" : undefined}
    >
      <p className="passage-text">
        {passage.kind === "caption" ? <span className="passage-kind">Caption </span> : null}
        <span ref={textRef} data-passage-text="">
          {passage.text}
        </span>
        {passage.footnotes.map((number) => (
          <a key={number} href={`#footnote-${number}`} className="footnote-ref" aria-label={`Footnote ${number}`}>
            {number}
          </a>
        ))}
      </p>
      <FigureChips figures={passage.figures} />
      {cited ? (
        <p className="passage-cited-by" data-testid="passage-cited-by">
          <span className="passage-cited-label">Cited by</span>{" "}
          {passage.citedBy.map((citation, index) => (
            <span key={citation.recommendationId}>
              {index > 0 ? ", " : null}
              <Link to={recommendationPath(briefId, citation.recommendationId)}>{citation.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {onCite ? (
        <div className="passage-cite-actions">
          <span id={placeId} className="visually-hidden">
            Page {passage.page}
            {passage.section ? `, ${passage.section}` : ""}
          </span>
          <SpanCiteControls
            text={passage.text}
            textRef={textRef}
            describedBy={placeId}
            onCite={(quote) => onCite(passage, quote)}
          />
        </div>
      ) : null}
    </Element>
  );
}
