import type { ClaimFindingView } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import {
  approveAnywayQuestion,
  claimsSummary,
  exportClaimWarning,
  figureSpan,
  openClaims,
  orderFindings,
} from "./claimLabels";

const none = { mismatch: 0, unsupported: 0, notFound: 0, inconsistent: 0 };

function finding(id: string, block: number, from: number, ignored = false): ClaimFindingView {
  return {
    id,
    kind: "mismatch",
    figure: { kind: "percent", raw: "62 percent", value: 62, unit: "percent", hedge: null },
    at: { block, from, to: from + 10 },
    sentence: "Imports rose 62 percent.",
    passages: [],
    ignored: ignored
      ? { reason: "Rounded on purpose.", userId: "u1", userName: "Ada", at: "2026-12-06T18:00:00.000Z" }
      : null,
  };
}

describe("claim labels", () => {
  it("sums the open findings and says what they are, a wrong figure first", () => {
    expect(openClaims({ mismatch: 2, unsupported: 1, notFound: 3, inconsistent: 1 })).toBe(7);
    expect(claimsSummary(none)).toBe("Every figure agrees with its evidence.");
    expect(claimsSummary({ ...none, mismatch: 1 })).toBe("1 figure to check: 1 differs from the cited passage.");
    expect(claimsSummary({ mismatch: 2, unsupported: 1, notFound: 1, inconsistent: 1 })).toBe(
      "5 figures to check: 2 differ from the cited passage, 1 stated differently elsewhere, 1 not found in the cited passage, 1 without a citation.",
    );
  });

  it("asks the lead to confirm with the count, in the singular too", () => {
    expect(approveAnywayQuestion(2)).toBe("2 figures disagree with the evidence they cite. Approve anyway?");
    expect(approveAnywayQuestion(1)).toBe("1 figure disagrees with the evidence it cites. Approve anyway?");
  });

  it("warns in the export preview only when figures disagree", () => {
    expect(exportClaimWarning({ mismatch: 0, inconsistent: 0 })).toBeNull();
    expect(exportClaimWarning({ mismatch: 3, inconsistent: 0 })).toBe(
      "3 figures disagree with the evidence they cite. Check them in each recommendation's Figures tab before sending the brief.",
    );
    expect(exportClaimWarning({ mismatch: 1, inconsistent: 1 })).toBe(
      "1 figure disagrees with the evidence it cites, and 1 figure is stated differently in two recommendations. Check them in each recommendation's Figures tab before sending the brief.",
    );
  });

  it("orders findings as the text does, ignored ones last", () => {
    const ordered = orderFindings([
      finding("c", 1, 4),
      finding("a", 0, 9, true),
      finding("b", 0, 30),
      finding("d", 0, 2),
    ]);
    expect(ordered.map((entry) => entry.id)).toEqual(["d", "b", "c", "a"]);
  });

  it("marks the passage's figure at its offsets, else where its words first are, else nowhere", () => {
    const text = "Imports reached $614.5 billion in 2023.";
    expect(figureSpan(text, { raw: "$614.5 billion", start: 16, end: 30 })).toEqual({ start: 16, end: 30 });
    expect(figureSpan(text, { raw: "$614.5 billion", start: 0, end: 14 })).toEqual({ start: 16, end: 30 });
    expect(figureSpan(text, { raw: "26 percent", start: 3, end: 13 })).toBeNull();
    expect(figureSpan(text, { raw: "", start: 0, end: 0 })).toBeNull();
  });
});
