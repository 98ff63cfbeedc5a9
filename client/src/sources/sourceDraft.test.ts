import { describe, expect, it } from "vitest";
import { cslFromDraft, draftFieldOf, draftFromCsl, EMPTY_DRAFT, parseDate, parseNames } from "./sourceDraft";
import type { CslItem } from "./sourceTypes";

describe("sourceDraft", () => {
  it("reads one name a line: a comma makes a person, none an organisation", () => {
    expect(parseNames("Okafor, Nneka\n\n  Port Authority of Valdora \nSilva,")).toEqual([
      { family: "Okafor", given: "Nneka" },
      { literal: "Port Authority of Valdora" },
      { family: "Silva" },
    ]);
  });

  it("reads a date as far as it is given and says what is wrong otherwise", () => {
    expect(parseDate("2024")).toEqual({ "date-parts": [[2024]] });
    expect(parseDate(" 2024-3-09 ")).toEqual({ "date-parts": [[2024, 3, 9]] });
    expect(parseDate("2024-13")).toBe("The month must be between 01 and 12.");
    expect(parseDate("March 2024")).toBe("Write the date as YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-03, 2024-03-12).");
  });

  it("builds a new source from the form, leaving empty fields out", () => {
    const result = cslFromDraft({
      ...EMPTY_DRAFT,
      type: "article-journal",
      title: "  Silt and the second canal ",
      authors: "Okafor, Nneka",
      date: "2023-11",
      doi: "https://doi.org/10.5555/silt.2023",
      container: "Journal of Harbour Studies",
    });
    expect(result).toEqual({
      csl: {
        type: "article-journal",
        title: "Silt and the second canal",
        author: [{ family: "Okafor", given: "Nneka" }],
        issued: { "date-parts": [[2023, 11]] },
        DOI: "10.5555/silt.2023",
        "container-title": "Journal of Harbour Studies",
      },
    });
  });

  it("names every field to fix", () => {
    expect(cslFromDraft({ ...EMPTY_DRAFT, url: "ftp://example.org/x", date: "soon", doi: "silt" })).toEqual({
      errors: {
        title: "Give the source a title.",
        date: "Write the date as YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-03, 2024-03-12).",
        url: "Give a full web address starting with http:// or https://.",
        doi: "A DOI starts with 10. and holds a slash, as in 10.1000/182.",
      },
    });
  });

  it("an edit keeps what the form does not show and what was left alone, exactly", () => {
    const original: CslItem = {
      type: "chapter",
      title: "Dredging",
      author: [{ family: "Okafor" }],
      editor: [{ family: "Silva", given: "Rui" }],
      issued: { "date-parts": [[2021]] },
      page: "12-30",
      publisher: "Harbour Press",
    };
    const draft = draftFromCsl(original);
    expect(draft.authors).toBe("Okafor,");
    const result = cslFromDraft({ ...draft, title: "Dredging, revised", publisher: "" }, original);
    expect(result).toEqual({
      csl: {
        type: "chapter",
        title: "Dredging, revised",
        author: [{ family: "Okafor" }],
        editor: [{ family: "Silva", given: "Rui" }],
        issued: { "date-parts": [[2021]] },
        page: "12-30",
      },
    });
  });

  it("maps the server's field names onto the form's", () => {
    expect(draftFieldOf("title")).toBe("title");
    expect(draftFieldOf("csl.author[2].family")).toBe("authors");
    expect(draftFieldOf("URL")).toBe("url");
    expect(draftFieldOf("container-title")).toBe("container");
    expect(draftFieldOf("csl.volume")).toBeNull();
    expect(draftFieldOf(undefined)).toBeNull();
  });
});
