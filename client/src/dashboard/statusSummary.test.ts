import { describe, expect, it } from "vitest";
import { plural, statusSummary, totalOf } from "./statusSummary";

describe("statusSummary", () => {
  const counts = { draft: 2, in_review: 1, changes_requested: 0, approved: 3 };
  it("says every status's count, in workflow order", () => {
    expect(statusSummary(counts)).toBe("2 draft, 1 in review, 0 changes requested, 3 approved");
    expect(totalOf(counts)).toBe(6);
  });
  it("pluralises", () => {
    expect(plural(1, "open thread")).toBe("1 open thread");
    expect(plural(0, "open thread")).toBe("0 open threads");
  });
});
