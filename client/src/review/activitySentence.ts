import type { Role, Status } from "@accord/domain";
import type { ActivityView } from "@accord/protocol";
import { ROLE_LABELS, STATUS_LABELS } from "../components/labels";

/** An activity entry (its `type` is the domain's ActivityType, so the switch below is exhaustive). */
export type ActivityEntryView = ActivityView;

/** What an activity entry says after the actor's name: "requested changes: “Add a source”". */
export interface ActivitySentence {
  actor: string;
  /** Follows the actor's name, e.g. "approved “Phase out coal”". */
  text: string;
  /** A note or quote worth showing under the sentence. */
  detail: string | null;
}

const isStatus = (value: unknown): value is Status => typeof value === "string" && value in STATUS_LABELS;
const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : null;

function shorten(quote: string, max = 80): string {
  const flat = quote.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

const isRole = (value: unknown): value is Role => typeof value === "string" && value in ROLE_LABELS;
const roleWord = (value: unknown): string => (isRole(value) ? ROLE_LABELS[value].toLowerCase() : "another role");
const quoted = (value: unknown, otherwise: string): string => {
  const name = text(value);
  return name ? `“${shorten(name)}”` : otherwise;
};
/** "the sector “Energy”", or "a sector" when the entry holds no name. */
const named = (kind: string, value: unknown): string =>
  text(value) ? `the ${kind} ${quoted(value, "")}` : `a ${kind}`;
const position = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** "up" or "down" from one position to another (positions may have gaps, so no places are counted). */
function direction(from: unknown, to: unknown): string {
  const before = position(from);
  const after = position(to);
  if (before === null || after === null || before === after) return "to another place";
  return after < before ? "up" : "down";
}

/** One end of a recommendation's move, as the entry recorded it: `{sectorId, sectorName, position}`. */
interface Place {
  sectorId: string | null;
  sectorName: string;
  position: number | null;
}

function place(value: unknown): Place {
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return {
    sectorId: typeof record.sectorId === "string" ? record.sectorId : null,
    sectorName: text(record.sectorName) ?? "another sector",
    position: position(record.position),
  };
}

/** "from Energy to Transport", or within one sector "up in Energy". */
function recommendationMove(data: Record<string, unknown>): string {
  const from = place(data.from);
  const to = place(data.to);
  if (from.sectorId !== null && from.sectorId === to.sectorId)
    return `${direction(from.position, to.position)} in ${to.sectorName}`;
  return `from ${from.sectorName} to ${to.sectorName}`;
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
  entry: ActivityEntryView,
  { withTitle, nameOf = () => null }: { withTitle: boolean; nameOf?: (userId: string) => string | null },
): ActivitySentence {
  const title = withTitle && entry.recommendationTitle ? `“${entry.recommendationTitle}”` : null;
  const on = title ? ` on ${title}` : "";
  const quote = text(entry.data.quote);
  const quotedText = quote ? ` “${shorten(quote)}”` : "";
  const actor = entry.actor.name;
  switch (entry.type) {
    case "recommendation.created":
      return { actor, text: title ? `created ${title}` : "created this recommendation", detail: null };
    case "status.changed": {
      const to = entry.data.to;
      const from = isStatus(entry.data.from) ? entry.data.from : null;
      const verb = isStatus(to) ? statusChange(from, to) : "changed the status";
      const note = text(entry.data.note);
      return {
        actor,
        text: `${verb}${title ? ` ${verb === "requested changes" ? "on " : ""}${title}` : ""}${note ? ":" : ""}`,
        detail: note,
      };
    }
    case "thread.created":
      return { actor, text: `commented on${quotedText || " the text"}${title ? ` in ${title}` : ""}`, detail: null };
    case "thread.resolved":
      return {
        actor,
        text: `resolved the thread on${quotedText || " the text"}${title ? ` in ${title}` : ""}`,
        detail: null,
      };
    case "thread.reopened":
      return {
        actor,
        text: `reopened the thread on${quotedText || " the text"}${title ? ` in ${title}` : ""}`,
        detail: null,
      };
    case "comment.created":
      return { actor, text: `replied in a thread${on}`, detail: null };
    case "mention.created": {
      const who = typeof entry.data.userId === "string" ? nameOf(entry.data.userId) : null;
      return { actor, text: `mentioned ${who ?? "a member"}${on}`, detail: null };
    }
    case "recommendation.renamed":
      return {
        actor,
        text: `renamed ${quoted(entry.data.from, "this recommendation")} to ${quoted(entry.data.to, "a new title")}`,
        detail: null,
      };
    case "recommendation.moved":
      return { actor, text: `moved ${title ?? "this recommendation"} ${recommendationMove(entry.data)}`, detail: null };
    case "report.imported":
      return { actor, text: `imported ${named("report", entry.data.title)}`, detail: null };
    case "sector.created":
      return { actor, text: `added ${named("sector", entry.data.name)}`, detail: null };
    case "sector.renamed":
      return {
        actor,
        text: `renamed ${named("sector", entry.data.from)} to ${quoted(entry.data.to, "a new name")}`,
        detail: null,
      };
    case "sector.moved":
      return {
        actor,
        text: `moved ${named("sector", entry.data.name)} ${direction(entry.data.from, entry.data.to)}`,
        detail: null,
      };
    case "sector.deleted":
      return { actor, text: `deleted ${named("sector", entry.data.name)}`, detail: null };
    case "member.joined":
      return { actor, text: `joined the brief as ${roleWord(entry.data.role)}`, detail: null };
    case "member.role_changed":
      return {
        actor,
        text: `changed the role of ${text(entry.data.name) ?? "a member"} from ${roleWord(entry.data.from)} to ${roleWord(entry.data.to)}`,
        detail: null,
      };
    case "member.removed":
      return {
        actor,
        text: `removed ${text(entry.data.name) ?? "a member"} (${roleWord(entry.data.role)}) from the brief`,
        detail: null,
      };
    case "claim.ignored":
      return {
        actor,
        text: `ignored a figure check: ${text(entry.data.raw) ?? "a figure"}${on}`,
        detail: text(entry.data.reason),
      };
    case "claim.unignored":
      return {
        actor,
        text: `no longer ignores the figure check of ${text(entry.data.raw) ?? "a figure"}${on}`,
        detail: null,
      };
    default: {
      const exhaustive: never = entry.type;
      return { actor, text: String(exhaustive), detail: null };
    }
  }
}
