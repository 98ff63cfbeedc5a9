import type { DashboardCounts } from "@accord/protocol";
import { STATUS_LABELS } from "../components/labels";
import { STATUSES } from "../components/statuses";
import { StatusBar } from "./StatusBar";
import { plural, totalOf } from "./statusSummary";
import { disagreeing, openClaims } from "../claims/claimLabels";
import "../styles/claims.css";

interface SectorProgressProps {
  name: string;
  counts: DashboardCounts;
  /** The totals row reads a little stronger. */
  total?: boolean;
  /** Citations whose sources nobody chose yet (CITATIONS.md §2 `sourcesChosen`); absent until counted. */
  unchosenSources?: number | undefined;
}

/**
 * One sector's (or the whole brief's) recommendations by status, open threads, uncited ones,
 * figures the claim check found (issue 19) and citations whose sources are not chosen.
 */
export function SectorProgress({ name, counts, total = false, unchosenSources }: SectorProgressProps) {
  const recommendations = totalOf(counts.counts);
  // Absent in an answer from a server older than issue 19.
  const claims = counts.claims as DashboardCounts["claims"] | undefined;
  const figures = claims ? openClaims(claims) : 0;
  return (
    <li
      className={`sector-progress${total ? " sector-progress-total" : ""}`}
      data-testid={total ? "progress-total" : `progress-${name}`}
    >
      <div className="sector-progress-head">
        <span className="sector-progress-name">{name}</span>
        <span className="muted small">{plural(recommendations, "recommendation")}</span>
      </div>
      <StatusBar label={name} counts={counts.counts} />
      <div className="sector-progress-facts">
        <span className="status-numbers">
          {recommendations === 0 ? <span className="muted">None yet</span> : null}
          {STATUSES.filter((status) => counts.counts[status] > 0).map((status) => (
            <span key={status} className="status-number" data-status={status}>
              <span className={`status-swatch status-bar-${status}`} aria-hidden="true" />
              <span className="status-number-value">{counts.counts[status]}</span> {STATUS_LABELS[status].toLowerCase()}
            </span>
          ))}
        </span>
        <span className="review-facts">
          <span className={counts.openThreads > 0 ? "fact fact-threads" : "fact muted"}>
            {plural(counts.openThreads, "open thread")}
          </span>
          <span className={counts.withoutCitations > 0 ? "fact no-citations" : "fact muted"}>
            {counts.withoutCitations} without citations
          </span>
          {claims ? (
            <span
              className={
                figures === 0 ? "fact muted" : disagreeing(claims) > 0 ? "fact claim-count-danger" : "fact claim-count"
              }
              data-testid="claim-count"
              title={
                figures > 0
                  ? `${claims.mismatch} differ from their evidence, ${claims.inconsistent} stated differently, ${claims.notFound} not found, ${claims.unsupported} without a citation`
                  : undefined
              }
            >
              {plural(figures, "figure")} to check
            </span>
          ) : null}
          {unchosenSources !== undefined ? (
            <span className={unchosenSources > 0 ? "fact unchosen-count" : "fact muted"} data-testid="unchosen-sources">
              {unchosenSources} with sources not chosen
            </span>
          ) : null}
        </span>
      </div>
    </li>
  );
}
