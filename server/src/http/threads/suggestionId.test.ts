import { createThreadSchema, SUGGESTION_ID_REGEX } from "@accord/domain";
import { newSuggestionId, SUGGESTION_ID_PATTERN } from "@accord/editor";
import { describe, expect, it } from "vitest";

describe("a thread's suggestion id", () => {
  it("is checked with the editor's own pattern (the domain keeps a copy: it imports no editor)", () => {
    expect(SUGGESTION_ID_REGEX.source).toBe(SUGGESTION_ID_PATTERN.source);
    expect(SUGGESTION_ID_REGEX.flags).toBe(SUGGESTION_ID_PATTERN.flags);
  });

  it("accepts an id the editor makes and refuses one it never would", () => {
    const base = { anchor: { from: {}, to: {} }, quote: "120", body: "Why?" };
    const id = newSuggestionId();
    expect(createThreadSchema.parse({ ...base, suggestionId: id }).suggestionId).toBe(id);
    expect(createThreadSchema.parse(base).suggestionId).toBeUndefined();
    expect(createThreadSchema.safeParse({ ...base, suggestionId: "short" }).success).toBe(false);
    expect(createThreadSchema.safeParse({ ...base, suggestionId: "has space in it" }).success).toBe(false);
  });
});
