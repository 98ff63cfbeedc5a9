import { TRANSITIONS } from "@accord/domain";
import { describe, expect, it } from "vitest";
import { transitionLabel } from "./labels";

describe("transitionLabel", () => {
  it("names every transition of the workflow distinctly from its source status", () => {
    expect(TRANSITIONS.map((t) => `${t.from}→${t.to}: ${transitionLabel(t.from, t.to)}`)).toEqual([
      "draft→in_review: Submit for review",
      "in_review→draft: Withdraw to draft",
      "in_review→changes_requested: Request changes",
      "in_review→approved: Approve",
      "changes_requested→in_review: Resubmit for review",
      "approved→draft: Reopen as draft",
    ]);
  });
});
