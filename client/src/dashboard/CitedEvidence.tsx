import type { RecommendationView, Sector } from "@accord/protocol";
import { LoadingState } from "../components/LoadingState";
import { CitedItemEntry } from "./CitedItemEntry";
import { unchosenCount } from "./citedItems";
import { plural } from "./statusSummary";
import type { SectorCitationsState } from "./useSectorCitations";

interface CitedEvidenceProps {
  briefId: string;
  sectors: readonly Sector[];
  recommendations: readonly RecommendationView[];
  state: SectorCitationsState;
}

/** The dashboard's cited evidence: per sector, what its recommendations cite and from which sources, folded until opened. */
export function CitedEvidence({ briefId, sectors, recommendations, state }: CitedEvidenceProps) {
  const titleOf = (recommendationId: string) =>
    recommendations.find((r) => r.id === recommendationId)?.title ?? "A recommendation";
  return (
    <section className="card dash-cited-evidence" aria-labelledby="dash-cited-evidence-heading">
      <h2 id="dash-cited-evidence-heading">Cited evidence</h2>
      {state.status === "loading" ? <LoadingState label="Reading the citations…" /> : null}
      {state.status === "failed" ? (
        <p role="alert" className="banner banner-error">
          {state.message}
        </p>
      ) : null}
      {state.status === "loaded" ? (
        sectors.length === 0 ? (
          <p className="muted small">Nothing is cited yet.</p>
        ) : (
          <ul className="dash-cited-sector-list">
            {sectors.map((sector) => {
              const citations = state.bySector.get(sector.id) ?? [];
              const unchosen = unchosenCount(citations);
              return (
                <li key={sector.id}>
                  <details className="dash-cited-sector" data-testid={`cited-sector-${sector.name}`}>
                    <summary>
                      <span className="dash-cited-sector-name">{sector.name}</span>
                      <span className="muted small">{plural(citations.length, "citation")}</span>
                      {unchosen > 0 ? (
                        <span className="fact unchosen-count">{unchosen} with sources not chosen</span>
                      ) : null}
                    </summary>
                    {citations.length === 0 ? (
                      <p className="muted small dash-cited-empty">
                        No recommendation in this sector cites anything yet.
                      </p>
                    ) : (
                      <ol className="dash-cited-list">
                        {citations.map((citation, index) => (
                          <CitedItemEntry
                            // biome-ignore lint/suspicious/noArrayIndexKey: a recommendation may cite one passage twice: the position tells them apart, in reading order
                            key={`${citation.id ?? "node"}-${index}`}
                            citation={citation}
                            briefId={briefId}
                            recommendationTitle={titleOf(citation.recommendationId)}
                            sources={state.sources}
                          />
                        ))}
                      </ol>
                    )}
                  </details>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </section>
  );
}
