import { describe, expect, it } from "vitest";
import { canEditComment, findMentions } from "./review.js";

const members = [
  { userId: "u1", name: "Ana" },
  { userId: "u2", name: "Ana María López" },
  { userId: "u3", name: "Tom" },
];

describe("mentions", () => {
  it("finds members by full name, longest first, each once", () => {
    expect(findMentions("@Ana María López and @tom, please check. @Tom again", members)).toEqual(["u2", "u3"]);
    expect(findMentions("Thanks @Ana!", members)).toEqual(["u1"]);
  });
  it("ignores email addresses, unknown names and name prefixes", () => {
    expect(findMentions("write to ana@example.org or @Tommy or @Nobody", members)).toEqual([]);
  });
});

describe("comment authorship", () => {
  it("lets only the author edit or delete", () => {
    expect(canEditComment("u1", { authorId: "u1" })).toBe(true);
    expect(canEditComment("u2", { authorId: "u1" })).toBe(false);
  });
});
