import type { Status } from "@accord/domain";
import { STATUS_LABELS } from "./labels";

export function StatusPill({ status }: { status: Status }) {
  return (
    <span className={`pill pill-status pill-${status}`} data-status={status}>
      <span className="visually-hidden">Status: </span>
      {STATUS_LABELS[status]}
    </span>
  );
}
