import { Link } from "react-router";
import { recommendationPath } from "../evidence/paths";
import { SourceView } from "../sources/SourceView";
import type { BriefSource } from "../sources/sourceTypes";
import { excerpt, type CitedItem } from "./citedItems";

interface CitedItemEntryProps {
  citation: CitedItem;
  briefId: string;
  recommendationTitle: string;
  sources: ReadonlyMap<string, BriefSource>;
}

/** One citation on the dashboard: which recommendation, the words cited, and the sources chosen for them. */
export function CitedItemEntry({ citation, briefId, recommendationTitle, sources }: CitedItemEntryProps) {
  const { passage } = citation;
  const direct = citation.sourceId !== null;
  const notes = citation.notes.map(
    (number) => passage?.footnotes.find((note) => note.number === number) ?? { number, text: "", urls: [] },
  );
  const chosenSources = citation.sourceIds
    .map((id) => sources.get(id))
    .filter((source): source is BriefSource => source !== undefined);

  return (
    <li className="dash-cited-item" data-testid="dashboard-citation" data-sources-chosen={citation.sourcesChosen}>
      <p className="dash-cited-item-recommendation">
        <Link to={recommendationPath(briefId, citation.recommendationId)}>{recommendationTitle}</Link>
      </p>

      {direct ? (
        <p className="dash-cited-item-direct">
          <span className="dash-cited-kind">Source cited directly</span>
          {citation.locator ? <span className="muted small"> · {citation.locator}</span> : null}
        </p>
      ) : citation.quote ? (
        <blockquote className="dash-cited-quote">“{citation.quote.text}”</blockquote>
      ) : (
        <p className="dash-cited-whole">
          <span className="dash-cited-kind">Whole passage</span>
          {passage ? <span className="dash-cited-excerpt"> {excerpt(passage.text)}</span> : null}
        </p>
      )}

      {passage ? (
        <p className="dash-cited-from muted small">
          {passage.reportTitle}, page {passage.page}
          {passage.section ? ` · ${passage.section}` : ""}
        </p>
      ) : null}

      <div className="dash-cited-sources">
        {direct ? (
          citation.source ? (
            <SourceView csl={citation.source.csl} compact />
          ) : (
            <span className="muted small">The source was deleted.</span>
          )
        ) : !citation.sourcesChosen ? (
          <div className="dash-unchosen" data-testid="dashboard-unchosen">
            <p className="dash-unchosen-label">
              <span className="dash-unchosen-mark" aria-hidden="true">
                !
              </span>
              Sources not chosen
            </p>
            <p className="muted small">
              Its report gives only the page's notes: open the recommendation to choose which apply.
            </p>
          </div>
        ) : notes.length === 0 && chosenSources.length === 0 ? (
          <p className="muted small">No sources: the passage is the report's own words.</p>
        ) : (
          <ul className="dash-cited-source-list" aria-label="Sources">
            {notes.map((note) => (
              <li key={`note-${note.number}`}>
                <span className="dash-cited-note-number">Note {note.number}</span>{" "}
                {note.text || <span className="muted">(not found in the report)</span>}
              </li>
            ))}
            {chosenSources.map((source) => (
              <li key={source.id}>
                <SourceView csl={source.csl} compact />
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
