import { useId, useMemo, useState } from "react";
import type { Evidence } from "@accord/protocol";
import type { CitationQuote } from "../citations/citationTypes";
import { useWorkspace } from "../components/workspaceContext";
import { EvidenceResult } from "./EvidenceResult";
import { useEvidenceSearch, type EvidenceFilters } from "./useEvidenceSearch";
import { useReport } from "./useReport";
import { useReports } from "./useReports";

interface EvidenceSearchProps {
  /** The narrow column next to the editor, or a page of its own. */
  layout: "panel" | "page";
  onCite?: ((evidence: Evidence, quote: CitationQuote | null) => Promise<void>) | undefined;
}

interface Group {
  key: string;
  reportTitle: string;
  section: string | null;
  items: Evidence[];
}

/** Consecutive passages of one report section, for browsing when there is no query. */
function groupBySection(evidence: Evidence[]): Group[] {
  const groups: Group[] = [];
  for (const item of evidence) {
    const last = groups[groups.length - 1];
    if (last && last.items[0]?.reportId === item.reportId && last.section === item.section) last.items.push(item);
    else
      groups.push({
        key: `${groups.length}:${item.id}`,
        reportTitle: item.reportTitle,
        section: item.section,
        items: [item],
      });
  }
  return groups;
}

/**
 * Search box, report and section filters, and the passages that match: search-as-you-type
 * with the matches marked, or, with no query, the passages in reading order under their
 * section headings.
 */
export function EvidenceSearch({ layout, onCite }: EvidenceSearchProps) {
  const { api, briefId } = useWorkspace();
  const [filters, setFilters] = useState<EvidenceFilters>({ q: "", reportId: "", section: "" });
  const reports = useReports(api, briefId);
  const report = useReport(api, briefId, filters.reportId || null);
  const limit = layout === "panel" ? 40 : 100;
  const search = useEvidenceSearch(api, briefId, filters, limit);
  const searchId = useId();
  const reportId = useId();
  const sectionId = useId();
  const compact = layout === "panel";

  const evidence = search.status === "loaded" ? search.evidence : search.status === "loading" ? search.previous : null;
  const query = search.status === "loaded" ? search.query : "";
  const groups = useMemo(() => (evidence && !query ? groupBySection(evidence) : null), [evidence, query]);
  const reportList = reports.status === "loaded" ? reports.reports : [];
  const manyReports = reportList.length > 1 && !filters.reportId;
  const sections = report.status === "loaded" ? report.report.sections : [];

  if (reports.status === "loaded" && reportList.length === 0) {
    return (
      <div className="evidence-empty">
        <p className="coming-soon-title">No report imported yet</p>
        <p className="muted small">
          Once a lead imports the source report, its passages and their sources are listed here to search and cite.
        </p>
      </div>
    );
  }

  return (
    <div className={`evidence-search evidence-search-${layout}`}>
      {/* biome-ignore lint/a11y/useSemanticElements: the search landmark on a div: <search> is not in every browser the app supports */}
      <div className="evidence-controls" role="search" aria-label="Evidence">
        <div className="field evidence-query">
          <label htmlFor={searchId}>Search evidence</label>
          <input
            id={searchId}
            type="search"
            value={filters.q}
            placeholder="e.g. tariffs, 62 percent"
            autoComplete="off"
            onChange={(event) => setFilters((current) => ({ ...current, q: event.target.value }))}
          />
        </div>
        <div className="evidence-filters">
          <div className="field">
            <label htmlFor={reportId}>Report</label>
            <select
              id={reportId}
              value={filters.reportId}
              onChange={(event) => setFilters((current) => ({ ...current, reportId: event.target.value, section: "" }))}
            >
              <option value="">All reports</option>
              {reportList.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={sectionId}>Section</label>
            <select
              id={sectionId}
              value={filters.section}
              disabled={!filters.reportId}
              title={filters.reportId ? undefined : "Choose a report to filter by its sections"}
              onChange={(event) => setFilters((current) => ({ ...current, section: event.target.value }))}
            >
              <option value="">All sections</option>
              {sections.map((section) => (
                <option key={section.index} value={section.title}>
                  {section.title}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      <p className="evidence-count muted small" role="status" aria-live="polite" data-testid="evidence-count">
        {search.status === "loading" && !evidence
          ? "Searching…"
          : evidence
            ? countLabel(evidence.length, query, limit)
            : ""}
      </p>
      {search.status === "failed" ? (
        <p className="field-error" role="alert">
          {search.message}
        </p>
      ) : null}

      {evidence && groups ? (
        <div className="evidence-groups" aria-busy={search.status === "loading"}>
          {groups.map((group) => (
            <section
              key={group.key}
              className="evidence-group"
              aria-label={group.section ?? "Before the first section"}
            >
              <h3 className="evidence-group-heading">
                {group.section ?? "Before the first section"}
                {manyReports ? <span className="muted small"> · {group.reportTitle}</span> : null}
              </h3>
              <ul className="evidence-results">
                {group.items.map((item) => (
                  <EvidenceResult
                    key={item.id}
                    evidence={item}
                    briefId={briefId}
                    onCite={onCite}
                    grouped
                    showReportTitle={false}
                    compact={compact}
                  />
                ))}
              </ul>
            </section>
          ))}
        </div>
      ) : evidence ? (
        <ul className="evidence-results" aria-busy={search.status === "loading"} aria-label="Matching passages">
          {evidence.map((item) => (
            <EvidenceResult
              key={item.id}
              evidence={item}
              briefId={briefId}
              onCite={onCite}
              grouped={false}
              showReportTitle={manyReports}
              compact={compact}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function countLabel(count: number, query: string, limit: number): string {
  const passages = `${count === limit ? `First ${count}` : count} passage${count === 1 ? "" : "s"}`;
  if (!query) return count === 0 ? "No passages." : `${passages}, in reading order.`;
  return count === 0 ? `No passage matches “${query}”.` : `${passages} match “${query}”.`;
}
