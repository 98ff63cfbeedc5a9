import type { Status } from "@accord/domain";
import { STATUS_LABELS } from "../components/labels";
import { STATUSES } from "../components/statuses";

/** "2 draft, 1 in review, 0 changes requested, 3 approved": a status bar's words for screen readers. */
export function statusSummary(counts: Record<Status, number>): string {
  return STATUSES.map((status) => `${counts[status]} ${STATUS_LABELS[status].toLowerCase()}`).join(", ");
}

export function totalOf(counts: Record<Status, number>): number {
  return STATUSES.reduce((sum, status) => sum + counts[status], 0);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
