import type { RecommendationStatus } from "./model.js";

/**
 * The words of a note and of the title page, shared by every renderer so the four formats
 * say the same thing. Markup is each renderer's business: these are plain strings.
 */

export const BIBLIOGRAPHY_HEADING = "Bibliography";
export const CONTENTS_HEADING = "Contents";
export const NOTES_HEADING = "Notes";

/** An ISO date as "7 March 2025", in UTC so the server's zone does not move it a day. */
export function displayDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    date,
  );
}

export function contributorsLine(contributors: readonly string[]): string {
  return contributors.length > 0 ? `Contributors: ${contributors.join(", ")}` : "";
}

const STATUS_LABELS: Record<RecommendationStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
};

/** Said under a recommendation's title only when it is not approved: the default export holds approved ones only. */
export function statusNote(status: RecommendationStatus): string | null {
  return status === "approved" ? null : `Status: ${STATUS_LABELS[status]} (not approved)`;
}
