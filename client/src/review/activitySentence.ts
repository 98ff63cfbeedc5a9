import type { Status } from "@accord/domain";
import type { ActivityView } from "../api/types";
import { STATUS_LABELS } from "../components/labels";

/** What an activity entry says after the actor's name: "requested changes: “Add a source”". */
export interface ActivitySentence {
  actor: string;
  /** Follows the actor's name, e.g. "approved “Phase out coal”". */
  text: string;
  /** A note or quote worth showing under the sentence. */
  detail: string | null;
}

const isStatus = (value: unknown): value is Status => typeof value === "string" && value in STATUS_LABELS;
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value.trim() : null);

function shorten(quote: string, max = 80): string {
  const flat = quote.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

function statusChange(from: Status | null, to: Status): string {
  switch (to) {
    case "in_review":
      return from === "changes_requested" ? "resubmitted for review" : "submitted for review";
    case "changes_requested":
      return "requested changes";
    case "approved":
      return "approved";
    case "draft":
      return from === "approved" ? "reopened as a draft" : "withdrew to draft";
    default: {
      const exhaustive: never = to;
      return exhaustive;
    }
  }
}

/**
 * An activity entry in plain words. `withTitle` names the recommendation (the brief's feed);
 * a recommendation's own feed leaves it out. `nameOf` names a mentioned member.
 */
export function activitySentence(
  entry: ActivityView,
  { withTitle, nameOf = () => null }: { withTitle: boolean; nameOf?: (userId: string) => string | null },
): ActivitySentence {
  const title = withTitle && entry.recommendationTitle ? `“${entry.recommendationTitle}”` : null;
  const on = title ? ` on ${title}` : "";
  const quote = text(entry.data.quote);
  const quoted = quote ? ` “${shorten(quote)}”` : "";
  const actor = entry.actor.name;
  switch (entry.type) {
    case "recommendation.created":
      return { actor, text: title ? `created ${title}` : "created this recommendation", detail: null };
    case "status.changed": {
      const to = entry.data.to;
      const from = isStatus(entry.data.from) ? entry.data.from : null;
      const verb = isStatus(to) ? statusChange(from, to) : "changed the status";
      const note = text(entry.data.note);
      return { actor, text: `${verb}${title ? ` ${verb === "requested changes" ? "on " : ""}${title}` : ""}${note ? ":" : ""}`, detail: note };
    }
    case "thread.created":
      return { actor, text: `commented on${quoted || " the text"}${title ? ` in ${title}` : ""}`, detail: null };
    case "thread.resolved":
      return { actor, text: `resolved the thread on${quoted || " the text"}${title ? ` in ${title}` : ""}`, detail: null };
    case "thread.reopened":
      return { actor, text: `reopened the thread on${quoted || " the text"}${title ? ` in ${title}` : ""}`, detail: null };
    case "comment.created":
      return { actor, text: `replied in a thread${on}`, detail: null };
    case "mention.created": {
      const who = typeof entry.data.userId === "string" ? nameOf(entry.data.userId) : null;
      return { actor, text: `mentioned ${who ?? "a member"}${on}`, detail: null };
    }
    default: {
      const exhaustive: never = entry.type;
      return { actor, text: String(exhaustive), detail: null };
    }
  }
}
