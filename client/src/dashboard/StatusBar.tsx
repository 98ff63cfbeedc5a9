import type { Status } from "@accord/domain";
import { STATUSES } from "../components/statuses";
import { statusSummary, totalOf } from "./statusSummary";

/** A stacked horizontal bar of recommendations by status; its label gives the counts in words. */
export function StatusBar({ label, counts }: { label: string; counts: Record<Status, number> }) {
  const total = totalOf(counts);
  return (
    <div className="status-bar" role="img" aria-label={`${label}: ${statusSummary(counts)}`} data-testid="status-bar">
      {total === 0 ? <span className="status-bar-empty" /> : null}
      {STATUSES.filter((status) => counts[status] > 0).map((status) => (
        <span key={status} className={`status-bar-segment status-bar-${status}`} style={{ flexGrow: counts[status] }} />
      ))}
    </div>
  );
}
