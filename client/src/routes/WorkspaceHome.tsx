import { Link } from "react-router";
import { STATUSES } from "../components/statuses";
import { ROLE_DESCRIPTIONS } from "../components/labels";
import { StatusPill } from "../components/StatusPill";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useWorkspace } from "../components/workspaceContext";
import { evidencePath } from "../evidence/paths";
import { ImportReportButton } from "../reports/ImportReportButton";
import { ReportList } from "../reports/ReportList";

/** `/briefs/:briefId`: the brief at a glance, and what to do next for the member's role. */
export function WorkspaceHome() {
  const { details, sectors, recommendations, briefId } = useWorkspace();
  const { brief, role, abilities } = details;
  useDocumentTitle(brief.title);
  const counts = STATUSES.map((status) => ({
    status,
    count: recommendations.filter((recommendation) => recommendation.status === status).length,
  }));
  const uncited = recommendations.filter((recommendation) => recommendation.citedEvidenceIds.length === 0).length;

  return (
    <section className="workspace-main workspace-wide" aria-labelledby="brief-heading">
      <p className="eyebrow">Brief</p>
      <h1 id="brief-heading">{brief.title}</h1>
      {brief.description ? <p className="lead-text">{brief.description}</p> : null}

      <div className="overview-grid">
        <div className="card">
          <h2>Progress</h2>
          {recommendations.length === 0 ? (
            <p className="muted">No recommendations yet.</p>
          ) : (
            <ul className="status-counts">
              {counts.map(({ status, count }) => (
                <li key={status}>
                  <StatusPill status={status} />
                  <span className="status-count">{count}</span>
                </li>
              ))}
            </ul>
          )}
          {uncited > 0 ? (
            <p className="muted small">
              {uncited} recommendation{uncited === 1 ? "" : "s"} cite{uncited === 1 ? "s" : ""} no evidence yet.
            </p>
          ) : null}
        </div>
        <div className="card">
          <div className="card-heading-row">
            <h2>Source reports</h2>
            <ImportReportButton variant="secondary" />
          </div>
          <ReportList />
          <p className="muted small">
            Their passages are the <Link to={evidencePath(briefId)}>evidence library</Link> that recommendations cite.
          </p>
        </div>
        <div className="card">
          <h2>Your part</h2>
          <p>As {role === "editor" ? "an" : "a"} {role}, you {ROLE_DESCRIPTIONS[role]}.</p>
          <p className="muted">{nextStep(sectors.length, recommendations.length, abilities)}</p>
        </div>
      </div>
    </section>
  );
}

function nextStep(
  sectorCount: number,
  recommendationCount: number,
  abilities: { manageSectors: boolean; createRecommendation: boolean; invite: boolean },
): string {
  if (sectorCount === 0)
    return abilities.manageSectors
      ? "Start by adding sectors in the left column, then invite your team from Members."
      : "A lead has not set up any sectors yet.";
  if (recommendationCount === 0)
    return abilities.createRecommendation
      ? "Add the first recommendation under a sector in the left column."
      : "Recommendations will appear in the left column as editors draft them.";
  return abilities.createRecommendation
    ? "Open a recommendation in the left column to edit it together with the others."
    : "Open a recommendation in the left column to read it.";
}
