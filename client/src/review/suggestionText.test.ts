import { describe, expect, it } from "vitest";
import { describeSuggestion, suggestionLabel } from "./suggestionText";

describe("describeSuggestion", () => {
  it("names an insertion, a deletion and a replacement", () => {
    expect(describeSuggestion({ inserted: " sharply", deleted: "" })).toBe("Insert “ sharply”");
    expect(describeSuggestion({ inserted: "", deleted: "roughly" })).toBe("Delete “roughly”");
    expect(describeSuggestion({ inserted: "15", deleted: "12" })).toBe("Replace “12” with “15”");
  });

  it("shortens a long quote to 80 characters", () => {
    const text = "a".repeat(200);
    expect(describeSuggestion({ inserted: text, deleted: "" })).toBe(`Insert “${"a".repeat(79)}…”`);
  });
});

describe("suggestionLabel", () => {
  it("names the author, or says they left", () => {
    expect(suggestionLabel("insert", "Ana Ruiz", Number.NaN)).toBe("Suggested by Ana Ruiz");
    expect(suggestionLabel("delete", null, 0)).toBe("Deletion suggested by a former member");
    expect(suggestionLabel("insert", "Ana Ruiz", Date.UTC(2026, 11, 6, 7, 2))).toMatch(/^Suggested by Ana Ruiz, .+/);
  });
});
