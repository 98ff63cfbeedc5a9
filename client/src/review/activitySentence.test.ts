import { describe, expect, it } from "vitest";
import type { ActivityView } from "../api/types";
import { activitySentence } from "./activitySentence";

function entry(type: ActivityView["type"], data: Record<string, unknown>): ActivityView {
  return {
    id: "a1",
    type,
    recommendationId: "r1",
    recommendationTitle: "Phase out coal",
    actor: { userId: "u1", name: "Rita Reviewer" },
    data,
    createdAt: "2025-03-10T12:00:00Z",
  };
}

describe("activitySentence", () => {
  it("says who requested changes and why", () => {
    expect(
      activitySentence(entry("status.changed", { from: "in_review", to: "changes_requested", note: "Add a source for the 2019 figure" }), {
        withTitle: false,
      }),
    ).toEqual({ actor: "Rita Reviewer", text: "requested changes:", detail: "Add a source for the 2019 figure" });
  });

  it("names the recommendation in the brief's feed", () => {
    expect(activitySentence(entry("status.changed", { from: "in_review", to: "approved", note: null }), { withTitle: true }).text).toBe(
      "approved “Phase out coal”",
    );
    expect(activitySentence(entry("status.changed", { from: "approved", to: "draft", note: null }), { withTitle: false }).text).toBe(
      "reopened as a draft",
    );
  });

  it("quotes the text a thread is about", () => {
    expect(activitySentence(entry("thread.created", { threadId: "t1", quote: "12 percent" }), { withTitle: true }).text).toBe(
      "commented on “12 percent” in “Phase out coal”",
    );
    expect(activitySentence(entry("thread.resolved", { threadId: "t1", quote: "12 percent" }), { withTitle: false }).text).toBe(
      "resolved the thread on “12 percent”",
    );
  });

  it("names a mentioned member when it can", () => {
    expect(
      activitySentence(entry("mention.created", { userId: "u2" }), { withTitle: false, nameOf: (id) => (id === "u2" ? "Eddie Editor" : null) })
        .text,
    ).toBe("mentioned Eddie Editor");
  });
});
