import type { ReportSummary } from "@accord/protocol";

/** What the import found, as four counts. */
export function ImportSummary({ report }: { report: ReportSummary }) {
  const counts = [
    { label: "Sections", value: report.sections },
    { label: "Pages", value: report.pages },
    { label: "Passages", value: report.passages },
    { label: "Footnotes", value: report.footnotes },
  ];
  return (
    <div className="import-summary" data-testid="import-summary">
      <p className="import-summary-title" role="status">
        Imported “{report.title}”.
      </p>
      <dl className="import-counts">
        {counts.map((count) => (
          <div key={count.label} className="import-count">
            <dt>{count.label}</dt>
            <dd data-testid={`import-count-${count.label.toLowerCase()}`}>{count.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
