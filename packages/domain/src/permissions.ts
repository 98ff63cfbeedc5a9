import type { Role } from "./roles.js";
import { allowedTransitions, type Status } from "./status.js";

/**
 * Every action a member can take on a brief. Routes, the socket.io join and the
 * document-socket upgrade all ask `can(role, action)`; nothing else decides.
 */
export const ACTIONS = [
  "brief.read",
  "brief.update",
  "member.list",
  "member.manage",
  "invite.create",
  "sector.manage",
  "recommendation.create",
  "recommendation.update",
  "recommendation.delete",
  "recommendation.editBody",
  "thread.create",
  "comment.create",
  "report.import",
  "brief.export",
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  lead: new Set(ACTIONS),
  editor: new Set<Action>([
    "brief.read",
    "member.list",
    "recommendation.create",
    "recommendation.update",
    "recommendation.editBody",
    "thread.create",
    "comment.create",
  ]),
  reviewer: new Set<Action>(["brief.read", "member.list", "thread.create", "comment.create"]),
  viewer: new Set<Action>(["brief.read", "member.list"]),
};

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].has(action);
}

/**
 * Whether this role may change a recommendation's body right now. An approved
 * recommendation is frozen for everyone until a lead reopens it.
 */
export function canEditRecommendationBody(role: Role, recommendation: { status: Status }): boolean {
  return can(role, "recommendation.editBody") && recommendation.status !== "approved";
}

/**
 * What approval locks besides the body: a recommendation's title, its sector and its place in
 * the sector change only after a lead reopens it (approved→draft).
 */
export const APPROVAL_LOCKED_FIELDS = ["title", "sectorId", "position"] as const;
export type ApprovalLockedField = (typeof APPROVAL_LOCKED_FIELDS)[number];

/** Whether this role may rename the recommendation or move it (to another sector or place) right now. */
export function canRenameOrMoveRecommendation(role: Role, recommendation: { status: Status }): boolean {
  return can(role, "recommendation.update") && recommendation.status !== "approved";
}

export interface BriefAbilities {
  updateBrief: boolean;
  manageMembers: boolean;
  invite: boolean;
  manageSectors: boolean;
  createRecommendation: boolean;
  importReports: boolean;
  export: boolean;
  comment: boolean;
}

export function briefAbilities(role: Role): BriefAbilities {
  return {
    updateBrief: can(role, "brief.update"),
    manageMembers: can(role, "member.manage"),
    invite: can(role, "invite.create"),
    manageSectors: can(role, "sector.manage"),
    createRecommendation: can(role, "recommendation.create"),
    importReports: can(role, "report.import"),
    export: can(role, "brief.export"),
    comment: can(role, "comment.create"),
  };
}

export interface RecommendationAbilities {
  update: boolean;
  delete: boolean;
  editBody: boolean;
  comment: boolean;
  transitions: Status[];
}

export function recommendationAbilities(role: Role, recommendation: { status: Status }): RecommendationAbilities {
  return {
    update: can(role, "recommendation.update"),
    delete: can(role, "recommendation.delete"),
    editBody: canEditRecommendationBody(role, recommendation),
    comment: can(role, "comment.create"),
    transitions: allowedTransitions(role, recommendation.status),
  };
}
