import { Link } from "react-router";
import { ROLE_DESCRIPTIONS } from "../components/labels";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useBriefDetails, useRecommendations, useSectors, useWorkspace } from "../components/workspaceContext";
import { CitedEvidence } from "../dashboard/CitedEvidence";
import { unchosenCount } from "../dashboard/citedItems";
import { SectorProgress } from "../dashboard/SectorProgress";
import { StatusLegend } from "../dashboard/StatusLegend";
import { useDashboard } from "../dashboard/useDashboard";
import { useSectorCitations } from "../dashboard/useSectorCitations";
import { evidencePath } from "../evidence/paths";
import { ImportReportButton } from "../reports/ImportReportButton";
import { ReportList } from "../reports/ReportList";
import { ActivityItem } from "../review/ActivityItem";
import { useMembers } from "../review/useMembers";
import { sourcesPath } from "../sources/paths";
import { useApiRequest } from "../sources/useApiRequest";
import { useBibliographyApi } from "../sources/useBibliographyApi";

/** `/briefs/:briefId`: the brief's dashboard: where each sector stands, what happened lately, the source reports. */
export function WorkspaceHome() {
  const { api, briefId } = useWorkspace();
  const details = useBriefDetails();
  const sectors = useSectors();
  const recommendations = useRecommendations();
  const members = useMembers(api, briefId);
  const nameOf = (userId: string) => members.find((member) => member.userId === userId)?.name ?? null;
  const { brief, role, abilities } = details;
  useDocumentTitle(brief.title);
  // Any change to the recommendations (status, citations, a new one), the sectors or new activity
  // refreshes the counts (realtime/liveQueryKeys.ts).
  const dashboard = useDashboard(api, briefId);
  const request = useApiRequest();
  const bibliography = useBibliographyApi();
  const cited = useSectorCitations(
    request,
    bibliography,
    briefId,
    sectors.map((sector) => sector.id),
  );
  const unchosenIn = (sectorId: string) =>
    cited.status === "loaded" ? unchosenCount(cited.bySector.get(sectorId) ?? []) : undefined;
  const unchosenTotal =
    cited.status === "loaded"
      ? [...cited.bySector.values()].reduce((sum, citations) => sum + unchosenCount(citations), 0)
      : undefined;

  return (
    <section className="workspace-main workspace-wide dashboard" aria-labelledby="brief-heading">
      <p className="eyebrow">Brief</p>
      <h1 id="brief-heading">{brief.title}</h1>
      {brief.description ? <p className="lead-text">{brief.description}</p> : null}

      <div className="dashboard-grid">
        <div className="dashboard-column">
          <section className="card dashboard-progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading">Progress by sector</h2>
            <StatusLegend />
            {dashboard.status === "loading" ? <LoadingState label="Counting…" /> : null}
            {dashboard.status === "failed" ? (
              <p role="alert" className="banner banner-error">
                {dashboard.message}
              </p>
            ) : null}
            {dashboard.status === "loaded" ? (
              dashboard.dashboard.sectors.length === 0 ? (
                <p className="muted">{nextStep(sectors.length, recommendations.length, abilities)}</p>
              ) : (
                <ul className="sector-progress-list">
                  {dashboard.dashboard.sectors.map((sector) => (
                    <SectorProgress
                      key={sector.sectorId}
                      name={sector.name}
                      counts={sector}
                      unchosenSources={unchosenIn(sector.sectorId)}
                    />
                  ))}
                  <SectorProgress
                    name="All sectors"
                    counts={dashboard.dashboard.totals}
                    total
                    unchosenSources={unchosenTotal}
                  />
                </ul>
              )
            ) : null}
          </section>

          <CitedEvidence briefId={briefId} sectors={sectors} recommendations={recommendations} state={cited} />

          <section className="card" aria-labelledby="part-heading">
            <h2 id="part-heading">Your part</h2>
            <p>
              As {role === "editor" ? "an" : "a"} {role}, you {ROLE_DESCRIPTIONS[role]}.
            </p>
            <p className="muted">{nextStep(sectors.length, recommendations.length, abilities)}</p>
          </section>
        </div>

        <div className="dashboard-column">
          <section className="card dashboard-activity" aria-labelledby="recent-heading">
            <h2 id="recent-heading">Recent activity</h2>
            {dashboard.status === "loaded" ? (
              dashboard.dashboard.recentActivity.length === 0 ? (
                <p className="muted small">Nothing has happened yet.</p>
              ) : (
                <ol className="activity-list">
                  {dashboard.dashboard.recentActivity.map((entry) => (
                    <ActivityItem key={entry.id} entry={entry} withTitle nameOf={nameOf} />
                  ))}
                </ol>
              )
            ) : null}
          </section>

          <section className="card" aria-labelledby="reports-heading">
            <div className="card-heading-row">
              <h2 id="reports-heading">Source reports</h2>
              <ImportReportButton variant="secondary" />
            </div>
            <ReportList />
            <p className="muted small">
              Their passages are the <Link to={evidencePath(briefId)}>evidence library</Link> that recommendations cite.
              Web pages, articles and books beyond them are the brief's{" "}
              <Link to={sourcesPath(briefId)}>bibliography sources</Link>.
            </p>
          </section>
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
