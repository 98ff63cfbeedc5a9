import { STATUS_LABELS } from "../components/labels";
import { STATUSES } from "../components/statuses";

/** The colours of the status bars, named. */
export function StatusLegend() {
  return (
    <ul className="status-legend" aria-label="Legend">
      {STATUSES.map((status) => (
        <li key={status}>
          <span className={`status-swatch status-bar-${status}`} aria-hidden="true" />
          {STATUS_LABELS[status]}
        </li>
      ))}
    </ul>
  );
}
