import { describe, expect, it } from "vitest";
import { activitySentence, type ActivityEntryView } from "./activitySentence";

function entry(type: ActivityEntryView["type"], data: Record<string, unknown>): ActivityEntryView {
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
      activitySentence(
        entry("status.changed", {
          from: "in_review",
          to: "changes_requested",
          note: "Add a source for the 2019 figure",
        }),
        {
          withTitle: false,
        },
      ),
    ).toEqual({ actor: "Rita Reviewer", text: "requested changes:", detail: "Add a source for the 2019 figure" });
  });

  it("names the recommendation in the brief's feed", () => {
    expect(
      activitySentence(entry("status.changed", { from: "in_review", to: "approved", note: null }), { withTitle: true })
        .text,
    ).toBe("approved “Phase out coal”");
    expect(
      activitySentence(entry("status.changed", { from: "approved", to: "draft", note: null }), { withTitle: false })
        .text,
    ).toBe("reopened as a draft");
  });

  it("quotes the text a thread is about", () => {
    expect(
      activitySentence(entry("thread.created", { threadId: "t1", quote: "12 percent" }), { withTitle: true }).text,
    ).toBe("commented on “12 percent” in “Phase out coal”");
    expect(
      activitySentence(entry("thread.resolved", { threadId: "t1", quote: "12 percent" }), { withTitle: false }).text,
    ).toBe("resolved the thread on “12 percent”");
  });

  it("names a mentioned member when it can", () => {
    expect(
      activitySentence(entry("mention.created", { userId: "u2" }), {
        withTitle: false,
        nameOf: (id) => (id === "u2" ? "Eddie Editor" : null),
      }).text,
    ).toBe("mentioned Eddie Editor");
  });

  it("says what a rename or a move changed", () => {
    expect(
      activitySentence(entry("recommendation.renamed", { from: "Grid links", to: "Cross-border grid links" }), {
        withTitle: true,
      }).text,
    ).toBe("renamed “Grid links” to “Cross-border grid links”");
    const energy = { sectorId: "s1", sectorName: "Energy" };
    const transport = { sectorId: "s2", sectorName: "Transport" };
    const across = entry("recommendation.moved", {
      from: { ...energy, position: 0 },
      to: { ...transport, position: 3 },
    });
    expect(activitySentence(across, { withTitle: true }).text).toBe("moved “Phase out coal” from Energy to Transport");
    expect(activitySentence(across, { withTitle: false }).text).toBe(
      "moved this recommendation from Energy to Transport",
    );
    const up = entry("recommendation.moved", { from: { ...energy, position: 4 }, to: { ...energy, position: 1 } });
    expect(activitySentence(up, { withTitle: false }).text).toBe("moved this recommendation up in Energy");
  });

  it("says what happened to the brief's reports, sectors and members", () => {
    const said = (type: ActivityEntryView["type"], data: Record<string, unknown>) =>
      activitySentence(
        { ...entry(type, data), recommendationId: null, recommendationTitle: null },
        { withTitle: true },
      );
    expect(said("report.imported", { reportId: "p1", title: "Grid study" })).toEqual({
      actor: "Rita Reviewer",
      text: "imported the report “Grid study”",
      detail: null,
    });
    expect(said("sector.created", { sectorId: "s1", name: "Energy" }).text).toBe("added the sector “Energy”");
    expect(said("sector.renamed", { sectorId: "s1", from: "Energy", to: "Energy and grids" }).text).toBe(
      "renamed the sector “Energy” to “Energy and grids”",
    );
    expect(said("sector.moved", { sectorId: "s1", name: "Transport", from: 1, to: 0 }).text).toBe(
      "moved the sector “Transport” up",
    );
    expect(said("sector.moved", { sectorId: "s1", name: "Energy", from: 0, to: 1 }).text).toBe(
      "moved the sector “Energy” down",
    );
    expect(said("sector.deleted", { sectorId: "s1", name: "Tourism" }).text).toBe("deleted the sector “Tourism”");
    expect(said("member.joined", { userId: "u2", name: "Mo Member", role: "editor" }).text).toBe(
      "joined the brief as editor",
    );
    expect(said("member.role_changed", { userId: "u2", name: "Mo Member", from: "editor", to: "reviewer" }).text).toBe(
      "changed the role of Mo Member from editor to reviewer",
    );
    expect(said("member.removed", { userId: "u2", name: "Mo Member", role: "reviewer" }).text).toBe(
      "removed Mo Member (reviewer) from the brief",
    );
  });

  it("passes markup in names through as characters (React renders them as text), and says something plain when an entry lacks a name", () => {
    // The sentence is React text: markup in a name stays characters, never HTML.
    expect(
      activitySentence(entry("sector.created", { name: "<img src=x onerror=alert(1)>" }), { withTitle: false }).text,
    ).toBe("added the sector “<img src=x onerror=alert(1)>”");
    expect(activitySentence(entry("sector.deleted", {}), { withTitle: false }).text).toBe("deleted a sector");
    expect(activitySentence(entry("recommendation.moved", {}), { withTitle: false }).text).toBe(
      "moved this recommendation from another sector to another sector",
    );
  });
});
