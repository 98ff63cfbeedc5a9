import { describe, expect, it } from "vitest";
import { withoutFieldPrefix } from "./fieldMessage";

describe("withoutFieldPrefix", () => {
  it("drops a leading field name, and only that", () => {
    expect(withoutFieldPrefix('bibtex: Entry 1 ("broken2024") is not well-formed BibTeX')).toBe(
      'Entry 1 ("broken2024") is not well-formed BibTeX',
    );
    expect(withoutFieldPrefix("csl.URL: must be an http(s) address")).toBe("Must be an http(s) address");
    expect(withoutFieldPrefix("A pasted bibliography may be at most 1024 KiB.")).toBe(
      "A pasted bibliography may be at most 1024 KiB.",
    );
    expect(withoutFieldPrefix("Entry 2 failed: no title")).toBe("Entry 2 failed: no title");
  });
});
