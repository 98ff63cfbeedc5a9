import type { ReportMetadata } from "@accord/protocol";

/** What a report says about itself, read-only: authors, publisher, date and number, the ones it has. */
export function ReportMetadataList({ metadata, showTitle = false }: { metadata: ReportMetadata; showTitle?: boolean }) {
  const rows = [
    showTitle ? { label: "Title", value: metadata.title, key: "title" } : null,
    { label: metadata.authors.length === 1 ? "Author" : "Authors", value: metadata.authors.join("; "), key: "authors" },
    { label: "Publisher", value: metadata.publisher ?? "", key: "publisher" },
    { label: "Date", value: metadata.date ?? "", key: "date" },
    { label: "Report number", value: metadata.reportNumber ?? "", key: "reportNumber" },
  ].filter((row): row is { label: string; value: string; key: string } => row !== null);
  return (
    <dl className="report-metadata" data-testid="report-metadata">
      {rows.map((row) => (
        <div key={row.key} className="report-metadata-row">
          <dt>{row.label}</dt>
          <dd data-testid={`report-metadata-${row.key}`} className={row.value ? undefined : "muted"}>
            {row.value || "Not given"}
          </dd>
        </div>
      ))}
    </dl>
  );
}
