import { ServerEvent } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import { staleQueryKeys } from "./liveQueryKeys";

const briefId = "b1";
const selfId = "u-self";
const at = "2026-12-05T10:00:00.000Z";

describe("staleQueryKeys", () => {
  it("a recommendation change refetches the list, activity, dashboard, citations and report pages", () => {
    for (const type of [
      ServerEvent.RecommendationCreated,
      ServerEvent.RecommendationUpdated,
      ServerEvent.RecommendationDeleted,
    ]) {
      expect(
        staleQueryKeys(briefId, selfId, { type, briefId, id: "r1", sectorId: "s1", status: "draft", updatedAt: at }),
      ).toEqual([
        ["brief", "b1", "recommendations"],
        ["brief", "b1", "activity"],
        ["brief", "b1", "dashboard"],
        ["brief", "b1", "citations"],
        ["brief", "b1", "reports"],
      ]);
    }
  });

  it("sectors refetch the sectors, the dashboard and the per-sector citations", () => {
    expect(staleQueryKeys(briefId, selfId, { type: ServerEvent.SectorsUpdated, briefId })).toEqual([
      ["brief", "b1", "sectors"],
      ["brief", "b1", "dashboard"],
      ["brief", "b1", "citations"],
    ]);
  });

  it("the brief's own change refetches only its details", () => {
    expect(staleQueryKeys(briefId, selfId, { type: ServerEvent.BriefUpdated, briefId, updatedAt: at })).toEqual([
      ["brief", "b1", "details"],
    ]);
  });

  it("someone else's role refetches members and invites; one's own also the abilities in details and recommendations", () => {
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.MemberUpdated, briefId, userId: "u-other", role: "editor" }),
    ).toEqual([
      ["brief", "b1", "members"],
      ["brief", "b1", "invites"],
    ]);
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.MemberUpdated, briefId, userId: selfId, role: "viewer" }),
    ).toEqual([
      ["brief", "b1", "members"],
      ["brief", "b1", "invites"],
      ["brief", "b1", "details"],
      ["brief", "b1", "recommendations"],
    ]);
    // Removed: the workspace says so instead of asking a brief that now answers 404.
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.MemberUpdated, briefId, userId: selfId, role: null }),
    ).toEqual([
      ["brief", "b1", "members"],
      ["brief", "b1", "invites"],
    ]);
  });

  it("every report change refetches the reports and the evidence", () => {
    const expected = [
      ["brief", "b1", "reports"],
      ["brief", "b1", "evidence"],
    ];
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.ReportImported, briefId, reportId: "p1", title: "T" }),
    ).toEqual(expected);
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.ReportUpdated, briefId, reportId: "p1", title: "T" }),
    ).toEqual(expected);
    expect(staleQueryKeys(briefId, selfId, { type: ServerEvent.ReportDeleted, briefId, reportId: "p1" })).toEqual(
      expected,
    );
  });

  it("a thread or comment refetches that recommendation's threads only, and the activity", () => {
    for (const type of [
      ServerEvent.ThreadCreated,
      ServerEvent.ThreadUpdated,
      ServerEvent.ThreadDeleted,
      ServerEvent.CommentCreated,
      ServerEvent.CommentUpdated,
      ServerEvent.CommentDeleted,
    ]) {
      expect(staleQueryKeys(briefId, selfId, { type, briefId, recommendationId: "r7", threadId: "t1" })).toEqual([
        ["brief", "b1", "threads", "r7"],
        ["brief", "b1", "activity"],
        ["brief", "b1", "dashboard"],
      ]);
    }
  });

  it("activity, citations and sources each refetch what shows them", () => {
    expect(
      staleQueryKeys(briefId, selfId, {
        type: ServerEvent.ActivityCreated,
        briefId,
        recommendationId: null,
        activityId: "a1",
      }),
    ).toEqual([
      ["brief", "b1", "activity"],
      ["brief", "b1", "dashboard"],
    ]);
    expect(
      staleQueryKeys(briefId, selfId, { type: ServerEvent.CitationUpdated, briefId, citationId: "c1", updatedAt: at }),
    ).toEqual([["brief", "b1", "citations"]]);
    expect(
      staleQueryKeys(briefId, selfId, {
        type: ServerEvent.SourceUpdated,
        briefId,
        sourceIds: ["s1"],
        change: "deleted",
      }),
    ).toEqual([
      ["brief", "b1", "sources"],
      ["brief", "b1", "citations"],
    ]);
  });

  it("a saved version refetches that recommendation's versions and the reader's last review of it", () => {
    expect(
      staleQueryKeys(briefId, selfId, {
        type: ServerEvent.VersionCreated,
        briefId,
        recommendationId: "r7",
        version: { id: "v1", name: "Submitted for review" },
      }),
    ).toEqual([["brief", "b1", "versions", "r7"]]);
  });

  it("a claim check refetches that recommendation's findings, the dashboard's counts and every export preview", () => {
    expect(
      staleQueryKeys(briefId, selfId, {
        type: ServerEvent.ClaimsUpdated,
        briefId,
        recommendationId: "r7",
        counts: { mismatch: 2, unsupported: 0, notFound: 1, inconsistent: 0 },
      }),
    ).toEqual([
      ["brief", "b1", "claims", "r7"],
      ["brief", "b1", "dashboard"],
      ["brief", "b1", "exportPreview"],
    ]);
  });
});
