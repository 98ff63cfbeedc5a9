import { STATUS_LABELS } from "../components/labels";
import type { ExportPreview } from "./exportApi";

const WARNING_LABELS: Record<ExportPreview["warnings"][number]["kind"], string> = {
  no_citations: "No citations",
  open_threads: "Open threads",
  not_approved: "Not approved",
};

/** What the export will hold, by sector, and what to look at before sending it. */
export function ExportPreviewList({ preview }: { preview: ExportPreview }) {
  const sectors = new Map<string, ExportPreview["included"]>();
  for (const row of preview.included) sectors.set(row.sector, [...(sectors.get(row.sector) ?? []), row]);
  const citations = preview.included.reduce((sum, row) => sum + row.citations, 0);

  return (
    <div className="export-preview">
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
                {row.title} <span className="export-meta">({STATUS_LABELS[row.status]}, {row.citations} {row.citations === 1 ? "citation" : "citations"})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {preview.warnings.length > 0 ? (
        <section aria-labelledby="export-warnings-heading" className="export-warnings">
          <h3 id="export-warnings-heading">Check before exporting ({preview.warnings.length})</h3>
          <ul>
            {preview.warnings.map((warning) => (
              <li key={`${warning.recommendationId}-${warning.kind}`}>
                <strong>{WARNING_LABELS[warning.kind]}:</strong> {warning.title} — {warning.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
