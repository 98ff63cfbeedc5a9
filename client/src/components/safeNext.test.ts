import { describe, expect, it } from "vitest";
import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it("keeps a path on this site", () => {
    expect(safeNext("/invite/abc")).toBe("/invite/abc");
    expect(safeNext("/briefs/b1/recommendations/r1?x=1")).toBe("/briefs/b1/recommendations/r1?x=1");
  });

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined])(
    "refuses %s and falls back to the briefs list",
    (next) => expect(safeNext(next)).toBe("/"),
  );
});
