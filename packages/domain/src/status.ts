import { z } from "zod";
import type { Role } from "./roles.js";

export const STATUSES = ["draft", "in_review", "changes_requested", "approved"] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

/**
 * The workflow as data: each allowed move and the roles that may make it.
 * Anything not listed here is not a transition (409), whoever asks.
 */
export const TRANSITIONS: ReadonlyArray<{ from: Status; to: Status; roles: readonly Role[] }> = [
  { from: "draft", to: "in_review", roles: ["editor", "lead"] },
  { from: "in_review", to: "draft", roles: ["editor", "lead"] },
  { from: "in_review", to: "changes_requested", roles: ["reviewer", "lead"] },
  { from: "in_review", to: "approved", roles: ["lead"] },
  { from: "changes_requested", to: "in_review", roles: ["editor", "lead"] },
  { from: "approved", to: "draft", roles: ["lead"] },
];

export type TransitionCheck = { ok: true } | { ok: false; reason: "not_a_transition" | "forbidden" };

export function checkTransition(role: Role, from: Status, to: Status): TransitionCheck {
  const transition = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!transition) return { ok: false, reason: "not_a_transition" };
  if (!transition.roles.includes(role)) return { ok: false, reason: "forbidden" };
  return { ok: true };
}

/** The statuses this role may move a recommendation to from `from`. */
export function allowedTransitions(role: Role, from: Status): Status[] {
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role)).map((t) => t.to);
}
