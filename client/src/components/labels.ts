import type { Role, Status } from "@accord/domain";

/** Words shown for the domain's values. Typed as Records so a new role or status fails the build here. */
export const ROLE_LABELS: Record<Role, string> = {
  lead: "Lead",
  editor: "Editor",
  reviewer: "Reviewer",
  viewer: "Viewer",
};

/** What each role does, worded to follow "you": "As an editor, you draft recommendations…". */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  lead: "set up sectors, invite people, approve and export",
  editor: "draft recommendations and submit them for review",
  reviewer: "read drafts, comment and request changes",
  viewer: "read everything and change nothing",
};

export const ROLE_OPTIONS = Object.keys(ROLE_LABELS) as Role[];

export const STATUS_LABELS: Record<Status, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  approved: "Approved",
};

/** The button for moving a recommendation to `to`, worded by where it comes from. */
export function transitionLabel(from: Status, to: Status): string {
  switch (to) {
    case "in_review":
      return from === "changes_requested" ? "Resubmit for review" : "Submit for review";
    case "draft":
      return from === "approved" ? "Reopen as draft" : "Withdraw to draft";
    case "changes_requested":
      return "Request changes";
    case "approved":
      return "Approve";
    default: {
      const exhaustive: never = to;
      return exhaustive;
    }
  }
}
