import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import type { CitedPassage } from "@accord/protocol";
import { createCitationsApi } from "../citations/citationsApi";
import type { CitationQuote } from "../citations/citationTypes";
import { lastRecommendation, type CiteIntoState } from "../citations/pendingCitation";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useRecommendations, useWorkspace } from "../components/workspaceContext";
import { evidencePath, recommendationPath } from "../evidence/paths";
import { useReport } from "../evidence/useReport";
import { ReportMetadataList } from "../reports/ReportMetadataList";
import { ReportPageView } from "../reports/ReportPageView";

/** The passage a link points at: `?passage=<id>`, or the `#passage-<id>` anchor. */
function targetPassage(search: URLSearchParams, hash: string): string | null {
  const fromQuery = search.get("passage");
  if (fromQuery) return fromQuery;
  if (hash.startsWith("#passage-")) {
    try {
      return decodeURIComponent(hash.slice("#passage-".length));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * `/briefs/:briefId/reports/:reportId`: the report page by page, its sections as headings,
 * each page's footnotes, and which recommendations cite each passage. A link to one
 * passage scrolls to it and highlights it.
 */
export function ReportViewerPage() {
  const { reportId = "" } = useParams();
  const [search] = useSearchParams();
  const { hash } = useLocation();
  const { api, briefId } = useWorkspace();
  const recommendations = useRecommendations();
  // "Cited by" changes when recommendations do: their changes refetch the report (realtime/liveQueryKeys.ts).
  const state = useReport(api, briefId, reportId);
  const target = targetPassage(search, hash);
  const navigate = useNavigate();
  const citationsApi = useMemo(() => createCitationsApi(), []);
  const citeIntoId = useId();

  // Where words chosen here are cited: a recommendation whose body this person may edit,
  // by default the one they last had open.
  const writable = useMemo(
    () => recommendations.filter((recommendation) => recommendation.abilities.editBody),
    [recommendations],
  );
  const [citeInto, setCiteInto] = useState<string>(() => lastRecommendation(briefId) ?? "");
  const citeIntoChosen = writable.some((recommendation) => recommendation.id === citeInto)
    ? citeInto
    : (writable[0]?.id ?? "");
  const onCite = useCallback(
    async (passage: CitedPassage, quote: CitationQuote) => {
      if (!citeIntoChosen) return;
      const { citation } = await citationsApi.create(briefId, { evidenceId: passage.id, quote });
      const next: CiteIntoState = { insertCitation: { citationId: citation.id, evidenceId: passage.id } };
      navigate(recommendationPath(briefId, citeIntoChosen), { state: next });
    },
    [citationsApi, briefId, citeIntoChosen, navigate],
  );
  useDocumentTitle(state.status === "loaded" ? state.report.title : "Report");

  const loaded = state.status === "loaded";
  useEffect(() => {
    if (!loaded || !target) return;
    const element = document.getElementById(`passage-${target}`);
    if (!element) return;
    element.scrollIntoView({ block: "center", behavior: "auto" });
    element.focus({ preventScroll: true });
  }, [loaded, target]);

  const sectionAnchors = useMemo(() => {
    const anchors = new Map<string, string>();
    if (state.status === "loaded")
      for (const section of state.report.sections)
        if (!anchors.has(section.title)) anchors.set(section.title, `section-${section.index}`);
    return anchors;
  }, [state]);

  switch (state.status) {
    case "idle":
    case "loading":
      return (
        <section className="workspace-main workspace-wide">
          <LoadingState label="Opening the report…" />
        </section>
      );
    case "not_found":
      return (
        <section className="workspace-main workspace-wide" aria-labelledby="report-missing">
          <h1 id="report-missing">Report not found</h1>
          <p>It may have been removed from this brief.</p>
          <Link to={evidencePath(briefId)}>Back to the evidence</Link>
        </section>
      );
    case "failed":
      return (
        <section className="workspace-main workspace-wide">
          <h1>The report could not be loaded</h1>
          <p role="alert">{state.message}</p>
        </section>
      );
    case "loaded":
      break;
    default: {
      const exhaustive: never = state;
      return exhaustive;
    }
  }

  const { report } = state;
  const passageCount = report.pages.reduce((sum, page) => sum + page.passages.length, 0);
  const citedCount = report.pages.reduce(
    (sum, page) => sum + page.passages.filter((passage) => passage.citedBy.length > 0).length,
    0,
  );
  let sectionBefore: string | null = null;
  const claimed = new Set<string>();

  return (
    <section className="workspace-main workspace-wide report-viewer" aria-labelledby="report-heading">
      <p className="eyebrow">
        <Link to={evidencePath(briefId)}>Evidence</Link> / Report
      </p>
      <h1 id="report-heading">{report.title}</h1>
      {report.metadata ? <ReportMetadataList metadata={report.metadata} /> : null}
      <p className="muted small">
        {report.pages.length} page{report.pages.length === 1 ? "" : "s"} · {passageCount} passages · {citedCount} cited
        by recommendations
      </p>
      {report.sections.length > 0 ? (
        <nav className="report-contents" aria-label="Sections of the report">
          <details>
            <summary>Sections ({report.sections.length})</summary>
            <ol>
              {report.sections.map((section) => (
                <li key={section.index}>
                  <a href={`#section-${section.index}`}>{section.title}</a>
                </li>
              ))}
            </ol>
          </details>
        </nav>
      ) : null}
      {writable.length > 0 ? (
        <div className="field report-cite-into">
          <label htmlFor={citeIntoId}>Cite selected words into</label>
          <select id={citeIntoId} value={citeIntoChosen} onChange={(event) => setCiteInto(event.target.value)}>
            {writable.map((recommendation) => (
              <option key={recommendation.id} value={recommendation.id}>
                {recommendation.title}
              </option>
            ))}
          </select>
          <p className="field-hint">
            Select words of a passage and choose Cite selection, or use its Quote words… button.
          </p>
        </div>
      ) : null}
      <div className="report-document">
        {report.pages.map((page) => {
          const before = sectionBefore;
          const last = page.passages[page.passages.length - 1];
          if (last) sectionBefore = last.section;
          return (
            <ReportPageView
              key={page.number}
              page={page}
              briefId={briefId}
              targetId={target}
              sectionBefore={before}
              onCite={citeIntoChosen ? onCite : undefined}
              sectionAnchor={(title) => {
                // Only the first heading of a section carries its anchor.
                const anchor = sectionAnchors.get(title);
                if (!anchor || claimed.has(anchor)) return undefined;
                claimed.add(anchor);
                return anchor;
              }}
            />
          );
        })}
      </div>
    </section>
  );
}
