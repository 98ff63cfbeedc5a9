import type { Brief } from "@accord/domain";
import type { CitedPassage, ExportCitation, ExportReport, ReportMetadata } from "@accord/export";
import type { BuildRequest } from "./exportProtocol.js";
import type { Store } from "../store/Store.js";

/** What the export needs of the store besides the bodies: the build request's data half. */
export type CitedData = Pick<BuildRequest, "evidence" | "reports" | "citations" | "sources"> & {
  style: BuildRequest["input"]["style"];
};

/**
 * Everything the read bodies cite, loaded from the store and limited to the brief: the
 * citations their nodes name, the passages those citations and the older evidence-only nodes
 * point to, each cited report's metadata and the footnotes any note may cite (a citation's
 * chosen notes, a legacy node's default ones), the bibliography sources chosen or cited
 * directly, and the brief's style (with the lead's CSL file when it is "custom").
 *
 * Ids of other briefs come back from no query here (the store answers only the brief's), so
 * a forged id in a body is simply absent from the maps and the export leaves its node out.
 */
export async function loadCited(
  store: Store,
  brief: Brief,
  evidenceIds: readonly string[],
  citationIds: readonly string[],
): Promise<CitedData> {
  const citations = await store.getCitations(brief.id, citationIds);
  const passageIds = new Set(evidenceIds);
  const sourceIds = new Set<string>();
  for (const citation of citations) {
    if (citation.evidenceId) passageIds.add(citation.evidenceId);
    if (citation.sourceId) sourceIds.add(citation.sourceId);
    for (const id of citation.sourceIds) sourceIds.add(id);
  }
  const [passages, sources, summaries, custom] = await Promise.all([
    store.getEvidence(brief.id, [...passageIds]),
    store.getSources(brief.id, [...sourceIds]),
    store.listReports(brief.id),
    brief.citationStyle === "custom" ? store.getCustomCitationStyle(brief.id) : Promise.resolve(null),
  ]);

  // The footnote numbers each cited report must answer.
  const numbers = new Map<string, Set<number>>();
  const want = (reportId: string, list: readonly number[]) => {
    let set = numbers.get(reportId);
    if (!set) {
      set = new Set();
      numbers.set(reportId, set);
    }
    for (const n of list) set.add(n);
  };
  for (const passage of passages) want(passage.reportId, passage.footnotes);
  for (const citation of citations) if (citation.reportId) want(citation.reportId, citation.notes);

  const metadata = new Map<string, ReportMetadata>(summaries.map((report) => [report.id, report.metadata]));
  const reports: CitedData["reports"] = [];
  for (const [reportId, set] of numbers) {
    const reportMetadata = metadata.get(reportId);
    if (!reportMetadata) continue;
    const footnotes = await store.getFootnotes(
      reportId,
      [...set].sort((a, b) => a - b),
    );
    const report: ExportReport = {
      metadata: reportMetadata,
      footnotes: new Map(footnotes.map((note) => [note.number, { text: note.text, urls: note.urls }])),
    };
    reports.push([reportId, { metadata: report.metadata, footnotes: [...report.footnotes] }]);
  }

  const evidence = passages.map((e): [string, CitedPassage] => [
    e.id,
    {
      reportId: e.reportId,
      text: e.text,
      section: e.sectionTitle,
      page: e.page,
      footnotes: e.footnotes,
      sourcesFrom: e.sourcesFrom,
    },
  ]);
  const exportCitations = citations.map((c): [string, ExportCitation] => [
    c.id,
    {
      id: c.id,
      evidenceId: c.evidenceId,
      reportId: c.reportId,
      quote: c.quote,
      notes: c.notes,
      sourceIds: c.sourceIds,
      sourcesChosen: c.sourcesChosen,
      sourceId: c.sourceId,
      locator: c.locator,
    },
  ]);
  return {
    evidence,
    reports,
    citations: exportCitations,
    sources: sources.map((source) => [source.id, source.csl]),
    // A "custom" brief whose file is somehow gone falls back to the default, never fails the export.
    style: custom
      ? { id: "custom", xml: custom.xml }
      : { id: brief.citationStyle === "custom" ? "" : brief.citationStyle, xml: null },
  };
}
