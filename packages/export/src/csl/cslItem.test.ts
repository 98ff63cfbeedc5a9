import { describe, expect, it } from "vitest";
import { CslItemError, validateCslItem } from "./cslItem.js";

function fieldOf(input: unknown): string {
  try {
    validateCslItem(input);
  } catch (error) {
    if (error instanceof CslItemError) return error.field;
    throw error;
  }
  throw new Error("accepted");
}

describe("validateCslItem", () => {
  it("keeps the known fields, normalised, and drops the rest", () => {
    expect(
      validateCslItem({
        id: "ignored",
        type: "article-journal",
        title: "  Storage\n costs   fall ",
        author: [
          { family: "Lee", given: "Min" },
          { literal: "Grid Office" },
          { family: "Beethoven", given: "Ludwig", "non-dropping-particle": "van", suffix: "Jr." },
        ],
        editor: [],
        issued: { "date-parts": [["2023", 6]] },
        accessed: {
          "date-parts": [
            [2024, 1, 5],
            [2024, 2, 1],
          ],
        },
        URL: "https://example.org/cost",
        DOI: "https://doi.org/10.1016/j.enpol.2023.113700",
        ISBN: "978-0-00-000000-2",
        publisher: "Elsevier",
        "publisher-place": "Amsterdam",
        "container-title": "Energy Policy",
        volume: 181,
        issue: "4",
        page: "113-120",
        edition: "2",
        number: "R1",
        abstract: "dropped",
        note: "dropped",
      }),
    ).toEqual({
      type: "article-journal",
      title: "Storage costs fall",
      author: [
        { family: "Lee", given: "Min" },
        { literal: "Grid Office" },
        { family: "van Beethoven, Jr.", given: "Ludwig" },
      ],
      issued: { "date-parts": [[2023, 6]] },
      accessed: { "date-parts": [[2024, 1, 5]] },
      URL: "https://example.org/cost",
      DOI: "10.1016/j.enpol.2023.113700",
      ISBN: "978-0-00-000000-2",
      publisher: "Elsevier",
      "publisher-place": "Amsterdam",
      "container-title": "Energy Policy",
      volume: "181",
      issue: "4",
      page: "113-120",
      edition: "2",
      number: "R1",
    });
  });

  it("names the first wrong field", () => {
    const ok = { type: "webpage", title: "T" };
    expect(fieldOf(null)).toBe("csl");
    expect(fieldOf([ok])).toBe("csl");
    expect(fieldOf({ title: "T" })).toBe("type");
    expect(fieldOf({ type: "blog", title: "T" })).toBe("type");
    expect(fieldOf({ type: "webpage" })).toBe("title");
    expect(fieldOf({ type: "webpage", title: "   " })).toBe("title");
    expect(fieldOf({ type: "webpage", title: 12 })).toBe("title");
    expect(fieldOf({ type: "webpage", title: "x".repeat(2001) })).toBe("title");
    expect(validateCslItem({ type: "webpage", title: "x".repeat(2000) }).title).toHaveLength(2000);
    expect(fieldOf({ ...ok, URL: "javascript:alert(1)" })).toBe("URL");
    expect(fieldOf({ ...ok, URL: "ftp://example.org/x" })).toBe("URL");
    expect(fieldOf({ ...ok, URL: "not a url" })).toBe("URL");
    expect(fieldOf({ ...ok, DOI: "doi-less" })).toBe("DOI");
    expect(fieldOf({ ...ok, author: "Lee" })).toBe("author");
    expect(fieldOf({ ...ok, author: [{ family: "Lee" }, { given: "" }] })).toBe("author[1]");
    expect(fieldOf({ ...ok, editor: [{ family: 3 }] })).toBe("editor[0].family");
    expect(fieldOf({ ...ok, author: Array.from({ length: 101 }, () => ({ family: "A" })) })).toBe("author");
    expect(fieldOf({ ...ok, issued: { "date-parts": [[2024, 13]] } })).toBe("issued");
    expect(fieldOf({ ...ok, issued: { raw: "last spring" } })).toBe("issued");
    expect(fieldOf({ ...ok, accessed: { "date-parts": [["soon"]] } })).toBe("accessed");
    expect(fieldOf({ ...ok, volume: "9".repeat(101) })).toBe("volume");
    expect(fieldOf({ ...ok, publisher: { name: "x" } })).toBe("publisher");
  });

  it("reads a lone given name as a literal name", () => {
    expect(validateCslItem({ type: "book", title: "T", author: [{ given: "Cher" }] }).author).toEqual([
      { literal: "Cher" },
    ]);
  });
});
