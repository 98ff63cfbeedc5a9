import { Link } from "react-router";
import { STATUS_LABELS } from "../components/labels";
import { recommendationPath } from "../evidence/paths";
import { exportClaimWarning } from "../claims/claimLabels";
import "../styles/claims.css";
import type { ExportPreview, RecommendationWarning, SourcesNotChosenWarning } from "./exportApi";

const WARNING_LABELS: Record<RecommendationWarning["kind"], string> = {
  no_citations: "No citations",
  open_threads: "Open threads",
  not_approved: "Not approved",
};

interface ExportPreviewListProps {
  preview: ExportPreview;
  briefId: string;
  /** A recommendation's title (a sources warning names only its id). */
  titleOf: (recommendationId: string) => string;
}

/** What the export will hold, by sector, and what to look at before sending it, each linking to its recommendation. */
export function ExportPreviewList({ preview, briefId, titleOf }: ExportPreviewListProps) {
  const sectors = new Map<string, ExportPreview["included"]>();
  for (const row of preview.included) sectors.set(row.sector, [...(sectors.get(row.sector) ?? []), row]);
  const citations = preview.included.reduce((sum, row) => sum + row.citations, 0);
  const sourceWarnings = preview.warnings.filter(
    (warning): warning is SourcesNotChosenWarning => warning.kind === "sources_not_chosen",
  );
  const otherWarnings = preview.warnings.filter(
    (warning): warning is RecommendationWarning => warning.kind !== "sources_not_chosen",
  );
  const claimWarning = preview.claimWarnings ? exportClaimWarning(preview.claimWarnings) : null;
  const titleIn = (recommendationId: string) =>
    preview.included.find((row) => row.recommendationId === recommendationId)?.title ?? titleOf(recommendationId);

  return (
    <div className="export-preview">
      {claimWarning ? (
        <p className="banner banner-warning export-claim-warning" data-testid="export-claim-warning">
          <strong>Figures to check.</strong> {claimWarning}
        </p>
      ) : null}
      <p role="status">
        {preview.included.length === 0
          ? "No recommendation matches this selection: the export would hold only the title page."
          : `${preview.included.length} ${preview.included.length === 1 ? "recommendation" : "recommendations"}, ${citations} ${citations === 1 ? "footnote" : "footnotes"}.`}
      </p>
      {[...sectors].map(([sector, rows]) => (
        <section key={sector} aria-label={sector}>
          <h3>{sector}</h3>
          <ul>
            {rows.map((row) => (
              <li key={row.recommendationId}>
                {row.title}{" "}
                <span className="export-meta">
                  ({STATUS_LABELS[row.status]}, {row.citations} {row.citations === 1 ? "citation" : "citations"})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {sourceWarnings.length > 0 ? (
        <section
          aria-labelledby="export-sources-heading"
          className="export-warnings export-source-warnings"
          data-testid="export-source-warnings"
        >
          <h3 id="export-sources-heading">Sources not chosen ({sourceWarnings.length})</h3>
          <ul>
            {sourceWarnings.map((warning) => (
              <li key={`${warning.recommendationId}-${warning.number}`}>
                <Link to={recommendationPath(briefId, warning.recommendationId)}>
                  {titleIn(warning.recommendationId)}
                </Link>
                <span className="export-meta">, footnote {warning.number}</span> — {warning.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {otherWarnings.length > 0 ? (
        <section aria-labelledby="export-warnings-heading" className="export-warnings">
          <h3 id="export-warnings-heading">Check before exporting ({otherWarnings.length})</h3>
          <ul>
            {otherWarnings.map((warning) => (
              <li key={`${warning.recommendationId}-${warning.kind}`}>
                <strong>{WARNING_LABELS[warning.kind]}:</strong>{" "}
                <Link to={recommendationPath(briefId, warning.recommendationId)}>{warning.title}</Link> —{" "}
                {warning.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
