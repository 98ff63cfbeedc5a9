import { useDocumentTitle } from "../components/useDocumentTitle";
import { useBriefDetails } from "../components/workspaceContext";
import { EvidenceSearch } from "../evidence/EvidenceSearch";
import { ImportReportButton } from "../reports/ImportReportButton";
import { ReportList } from "../reports/ReportList";

/** `/briefs/:briefId/evidence`: the brief's reports and every passage in them, to search and browse. */
export function EvidencePage() {
  const details = useBriefDetails();
  useDocumentTitle(`Evidence · ${details.brief.title}`);
  return (
    <section className="workspace-main workspace-wide evidence-page" aria-labelledby="evidence-heading">
      <div className="page-heading-row">
        <div>
          <p className="eyebrow">Brief</p>
          <h1 id="evidence-heading">Evidence</h1>
          <p className="muted">
            The passages of the imported reports, with their figures and sources. Recommendations cite them.
          </p>
        </div>
        <ImportReportButton />
      </div>
      <ReportList heading />
      <EvidenceSearch layout="page" />
    </section>
  );
}
