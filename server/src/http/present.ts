import { recommendationAbilities, type Recommendation, type Role, type User } from "@accord/domain";
import type { Evidence, RecommendationView, ReportSummary as ReportSummaryView, SessionUser } from "@accord/protocol";
import type { EvidenceRecord, ReportSummary } from "../store/reports.js";

export function presentUser(user: User): SessionUser {
  return { id: user.id, email: user.email, name: user.name };
}

export function presentRecommendation(recommendation: Recommendation, role: Role): RecommendationView {
  return { ...recommendation, abilities: recommendationAbilities(role, recommendation) };
}

/** A report in lists and in the import's answer: its counts, not its contents. */
export function presentReportSummary(report: ReportSummary): ReportSummaryView {
  return {
    id: report.id,
    briefId: report.briefId,
    title: report.title,
    metadata: { ...report.metadata, authors: [...report.metadata.authors] },
    format: report.format,
    createdAt: report.createdAt,
    ...report.counts,
  };
}

/** One passage as evidence. `section` is the section's title; highlights are offsets, never markup. */
export function presentEvidence(evidence: EvidenceRecord): Evidence {
  return {
    id: evidence.id,
    reportId: evidence.reportId,
    reportTitle: evidence.reportTitle,
    section: evidence.sectionTitle,
    page: evidence.page,
    kind: evidence.kind,
    sourcesFrom: evidence.sourcesFrom,
    /** Where each footnote marker stood in `text` (CITATIONS.md §1). */
    markers: evidence.markers.map(({ number, at }) => ({ number, at })),
    text: evidence.text,
    sources: evidence.sources,
    notes: evidence.notes,
    footnotes: evidence.footnotes,
    figures: evidence.figures,
    highlights: evidence.highlights,
  };
}
