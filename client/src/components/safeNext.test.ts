import { describe, expect, it } from "vitest";
import { inviteTokenOf, safeNext } from "./safeNext";

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

describe("inviteTokenOf", () => {
  it("reads the token of an invite path", () => {
    expect(inviteTokenOf("/invite/abc_DEF-12")).toBe("abc_DEF-12");
    expect(inviteTokenOf("/invite/abc?x=1")).toBe("abc");
  });

  it.each(["/", "/invite/", "/invite/a/b", "/briefs/b1", "/invite/%E0%A4%A", null, undefined])(
    "finds none in %s",
    (path) => expect(inviteTokenOf(path)).toBeNull(),
  );
});
