import type { Status } from "@accord/domain";

/** The name of the version a workflow transition saves (issue 18), by where it goes and from where. */
export function transitionVersionName(from: Status, to: Status): string {
  switch (to) {
    case "in_review":
      return "Submitted for review";
    case "changes_requested":
      return "Changes requested";
    case "approved":
      return "Approved";
    case "draft":
      return from === "approved" ? "Reopened" : "Returned to draft";
    default:
      return to satisfies never;
  }
}

/** An automatic version's name: edits gathered after a pause. */
export const AUTO_VERSION_NAME = "Edited";

/** The name of a restore: `Restored “<that version's name>”`. */
export function restoredVersionName(name: string): string {
  return `Restored “${name}”`;
}

/** Authors an automatic version names at most (VersionSummary.authorIds). */
export const MAX_VERSION_AUTHORS = 20;
