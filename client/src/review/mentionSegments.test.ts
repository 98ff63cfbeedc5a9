import { describe, expect, it } from "vitest";
import { matchMembers, mentionQueryAt, mentionSegments } from "./mentionSegments";

describe("mentionSegments", () => {
  it("marks @Name mentions, longest name first, case-insensitively", () => {
    expect(mentionSegments("Ask @ana maría and @Ana, please.", ["Ana", "Ana María"])).toEqual([
      { text: "Ask ", mention: false },
      { text: "@ana maría", mention: true },
      { text: " and ", mention: false },
      { text: "@Ana", mention: true },
      { text: ", please.", mention: false },
    ]);
  });

  it("leaves email addresses and unknown names alone", () => {
    expect(mentionSegments("Mail ana@example.org or @Bob", ["Ana"])).toEqual([
      { text: "Mail ana@example.org or @Bob", mention: false },
    ]);
  });
});

describe("mentionQueryAt", () => {
  it("finds the query being typed after an @", () => {
    expect(mentionQueryAt("Thanks @Rit", 11)).toEqual({ start: 7, query: "Rit" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("Thanks @Rita Rev", 16)).toEqual({ start: 7, query: "Rita Rev" });
  });

  it("ignores an @ inside a word or before a line break", () => {
    expect(mentionQueryAt("ana@exa", 7)).toBeNull();
    expect(mentionQueryAt("@Rita\nnext", 10)).toBeNull();
  });
});

describe("matchMembers", () => {
  const members = [{ name: "Rita Reviewer" }, { name: "Eddie Editor" }, { name: "Lena Lead" }];
  it("matches the start of the name before the start of a later word", () => {
    expect(matchMembers(members, "e").map((m) => m.name)).toEqual(["Eddie Editor"]);
    expect(matchMembers(members, "re").map((m) => m.name)).toEqual(["Rita Reviewer"]);
    expect(matchMembers(members, "").map((m) => m.name)).toEqual(["Eddie Editor", "Lena Lead", "Rita Reviewer"]);
  });
});
