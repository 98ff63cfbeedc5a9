import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  can,
  canEditRecommendationBody,
  canRenameOrMoveRecommendation,
  recommendationAbilities,
  type Action,
} from "./permissions.js";
import { ROLES, type Role } from "./roles.js";
import { allowedTransitions, checkTransition, STATUSES } from "./status.js";

// The whole policy as one table: a change to who may do what shows up here as a diff.
const EXPECTED: Record<Action, Record<Role, boolean>> = {
  "brief.read": { lead: true, editor: true, reviewer: true, viewer: true },
  "brief.update": { lead: true, editor: false, reviewer: false, viewer: false },
  "member.list": { lead: true, editor: true, reviewer: true, viewer: true },
  "member.manage": { lead: true, editor: false, reviewer: false, viewer: false },
  "invite.create": { lead: true, editor: false, reviewer: false, viewer: false },
  "sector.manage": { lead: true, editor: false, reviewer: false, viewer: false },
  "recommendation.create": { lead: true, editor: true, reviewer: false, viewer: false },
  "recommendation.update": { lead: true, editor: true, reviewer: false, viewer: false },
  "recommendation.delete": { lead: true, editor: false, reviewer: false, viewer: false },
  "recommendation.editBody": { lead: true, editor: true, reviewer: false, viewer: false },
  "thread.create": { lead: true, editor: true, reviewer: true, viewer: false },
  "comment.create": { lead: true, editor: true, reviewer: true, viewer: false },
  "report.import": { lead: true, editor: false, reviewer: false, viewer: false },
  "brief.export": { lead: true, editor: false, reviewer: false, viewer: false },
};

describe("permissions: role × action", () => {
  it("covers every action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    for (const role of ROLES) {
      it(`${role} ${EXPECTED[action][role] ? "may" : "may not"} ${action}`, () => {
        expect(can(role, action)).toBe(EXPECTED[action][role]);
      });
    }
  }

  it("freezes an approved recommendation's body for every role", () => {
    const table = ROLES.map((role) => [role, ...STATUSES.map((status) => canEditRecommendationBody(role, { status }))]);
    expect(table).toEqual([
      ["lead", true, true, true, false],
      ["editor", true, true, true, false],
      ["reviewer", false, false, false, false],
      ["viewer", false, false, false, false],
    ]);
  });
});

describe("workflow: role × from × to", () => {
  // Every allowed move, written out; every other (role, from, to) must be refused.
  const ALLOWED = new Set([
    "editor draft→in_review",
    "lead draft→in_review",
    "editor in_review→draft",
    "lead in_review→draft",
    "reviewer in_review→changes_requested",
    "lead in_review→changes_requested",
    "lead in_review→approved",
    "editor changes_requested→in_review",
    "lead changes_requested→in_review",
    "lead approved→draft",
  ]);
  const MOVES = new Set([
    "draft→in_review",
    "in_review→draft",
    "in_review→changes_requested",
    "in_review→approved",
    "changes_requested→in_review",
    "approved→draft",
  ]);

  for (const role of ROLES) {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const key = `${role} ${from}→${to}`;
        const expected = ALLOWED.has(key)
          ? { ok: true }
          : { ok: false, reason: MOVES.has(`${from}→${to}`) ? "forbidden" : "not_a_transition" };
        it(key, () => expect(checkTransition(role, from, to)).toEqual(expected));
      }
    }
  }

  it("lists the moves each role may make as its abilities", () => {
    expect(allowedTransitions("reviewer", "in_review")).toEqual(["changes_requested"]);
    expect(allowedTransitions("lead", "in_review")).toEqual(["draft", "changes_requested", "approved"]);
    expect(recommendationAbilities("viewer", { status: "draft" })).toEqual({
      update: false,
      delete: false,
      editBody: false,
      comment: false,
      transitions: [],
    });
  });
});

describe("canRenameOrMoveRecommendation", () => {
  // Approval locks title, sector and order for everyone; a lead reopens it first.
  for (const role of ROLES) {
    for (const status of STATUSES) {
      const expected = (role === "lead" || role === "editor") && status !== "approved";
      it(`${role} on ${status}: ${expected}`, () =>
        expect(canRenameOrMoveRecommendation(role, { status })).toBe(expected));
    }
  }
});
