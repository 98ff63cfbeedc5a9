import { AddSectorForm } from "./AddSectorForm";
import { SectorItem } from "./SectorItem";
import { useBriefDetails, useRecommendations, useSectors } from "./workspaceContext";

/** The left column: every sector of the brief with its recommendations. */
export function SectorSidebar() {
  const sectors = useSectors();
  const recommendations = useRecommendations();
  const details = useBriefDetails();
  const { manageSectors } = details.abilities;
  return (
    <nav className="sidebar" aria-label="Sectors and recommendations">
      <h2 className="sidebar-heading">Sectors</h2>
      {sectors.length === 0 ? (
        <p className="muted small sidebar-empty">
          {manageSectors
            ? "No sectors yet. Add the first one (Energy, Manufacturing…) below."
            : "No sectors yet. A lead of this brief sets them up."}
        </p>
      ) : (
        <ol className="sector-list">
          {sectors.map((sector, index) => (
            <SectorItem
              key={sector.id}
              sector={sector}
              index={index}
              recommendations={recommendations.filter((recommendation) => recommendation.sectorId === sector.id)}
            />
          ))}
        </ol>
      )}
      {manageSectors ? <AddSectorForm /> : null}
    </nav>
  );
}
