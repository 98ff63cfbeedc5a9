import { describe, expect, it } from "vitest";
import {
  BibliographyParseError,
  MAX_BIBLIOGRAPHY_ENTRIES,
  parseBibliography,
  type BibliographyFormat,
} from "./parseBibliography.js";

function refusal(text: string, format: BibliographyFormat): { message: string; entry: number | null } {
  try {
    parseBibliography(text, format);
  } catch (error) {
    if (error instanceof BibliographyParseError) return { message: error.message, entry: error.entry };
    throw error;
  }
  throw new Error("accepted");
}

const BIBTEX = `% exported by a reference manager
@string{ep = "Energy Policy"}
@article{lee2023,
  title   = {Storage Costs {Fall} in \\textit{Three} Markets},
  author  = {Lee, Min and van der Berg, Anna},
  journal = ep,
  year    = 2023,
  month   = jun,
  volume  = 181,
  pages   = {113--120},
  doi     = {10.1016/j.enpol.2023.113700}
}

@book{bakke2016, title = "The Grid", author = {Bakke, Gretchen}, publisher = {Bloomsbury}, address = {New York}, year = {2016}}
@misc{eia2021,
  title = {Battery Storage in the United States},
  author = {{U.S. Energy Information Administration}},
  url = {https://www.eia.gov/analysis/storage/},
  year = {2021}
}`;

describe("parseBibliography: BibTeX", () => {
  it("reads entries as checked CSL items, @string macros and all", () => {
    expect(parseBibliography(BIBTEX, "bibtex")).toEqual([
      {
        type: "article-journal",
        title: "Storage Costs Fall in <i>Three</i> Markets",
        author: [
          { family: "Lee", given: "Min" },
          { family: "van der Berg", given: "Anna" },
        ],
        issued: { "date-parts": [[2023, 6]] },
        DOI: "10.1016/j.enpol.2023.113700",
        "container-title": "Energy Policy",
        volume: "181",
        page: "113-120",
      },
      {
        type: "book",
        title: "The Grid",
        author: [{ family: "Bakke", given: "Gretchen" }],
        issued: { "date-parts": [[2016]] },
        publisher: "Bloomsbury",
        "publisher-place": "New York",
      },
      {
        type: "document",
        title: "Battery Storage in the United States",
        // Double braces: a corporate name, kept whole as the family name.
        author: [{ family: "U.S. Energy Information Administration" }],
        issued: { "date-parts": [[2021]] },
        URL: "https://www.eia.gov/analysis/storage/",
      },
    ]);
  });

  it("refuses malformed BibTeX whole, naming the entry, instead of reading half of it", () => {
    const good = "@book{ok, title = {Fine}}\n";
    expect(refusal(`${good}@article{broken, title = {Unclosed, year = 2020}`, "bibtex")).toEqual({
      message: 'Entry 2 ("broken") is not well-formed BibTeX: expected "rbrace", got EOF at line 2 col 49:',
      entry: 2,
    });
    expect(refusal(`${good}@article{nocomma, title = {A} year = 2020}`, "bibtex")).toEqual({
      message: 'Entry 2 ("nocomma") is not well-formed BibTeX: expected "rbrace", got "identifier" at line 2 col 31:',
      entry: 2,
    });
    expect(refusal(`${good}@article{noequals, title {A}}`, "bibtex").entry).toBe(2);
    expect(refusal(`${good}@article broken, title = {A}}`, "bibtex").entry).toBe(2);
    expect(refusal(`${good}@misc{nolabel title = {A}}`, "bibtex").entry).toBe(2);
    // A bare word that no @string defines would read as nothing.
    expect(refusal(`${good}@article{bare, title = {A}, journal = Energy}`, "bibtex")).toEqual({
      message: 'Entry 2 ("bare"): "Energy" (line 2) is neither quoted nor braced nor a @string macro.',
      entry: 2,
    });
    // An entry that lost its "@" would be a comment to BibTeX, silently dropped: refused.
    expect(refusal(`${good}misc{lost, title = {B}}\n@misc{c, title = {C}}`, "bibtex")).toEqual({
      message:
        'Line 2: text between entries holds braces, like an entry missing its "@" (an entry starts like @article{key, …}).',
      entry: 2,
    });
    // Comments without braces, and @comment, stay comments.
    expect(
      parseBibliography(`% Encoding: UTF-8\n@comment{jabref-meta: {x}}\n${good}Notes: read later.`, "bibtex"),
    ).toEqual([{ type: "book", title: "Fine" }]);
  });

  it("refuses text without entries and entries that are not usable sources", () => {
    expect(refusal("Just some words.", "bibtex").message).toBe(
      "No BibTeX entries found (an entry starts like @article{key, …}).",
    );
    // A URL is not fetched: it is text without entries.
    expect(refusal("https://doi.org/10.1016/j.enpol.2023.113700", "bibtex").message).toBe(
      "No BibTeX entries found (an entry starts like @article{key, …}).",
    );
    expect(refusal("@book{ok, title = {Fine}}\n@misc{untitled, year = 2020}", "bibtex")).toEqual({
      message: 'Entry "untitled": title: is required',
      entry: 2,
    });
    expect(refusal("@misc{js, title = {X}, url = {javascript:alert(1)}}", "bibtex")).toEqual({
      message: 'Entry "js": URL: must be an http(s) address',
      entry: 1,
    });
  });

  it("bounds a paste: at most 500 entries, and @string macros cannot expand without limit", () => {
    const entry = (i: number) => `@misc{k${i}, title = {Title ${i}}}\n`;
    expect(
      parseBibliography(Array.from({ length: MAX_BIBLIOGRAPHY_ENTRIES }, (_, i) => entry(i)).join(""), "bibtex"),
    ).toHaveLength(500);
    expect(
      refusal(Array.from({ length: MAX_BIBLIOGRAPHY_ENTRIES + 1 }, (_, i) => entry(i)).join(""), "bibtex"),
    ).toEqual({ message: "A paste may hold at most 500 entries.", entry: 501 });

    // Each macro doubles the one before: 40 lines would ask for 8 TB of text.
    let bomb = '@string{s0 = "abcdefgh"}\n';
    for (let i = 1; i <= 40; i++) bomb += `@string{s${i} = s${i - 1} # s${i - 1}}\n`;
    bomb += "@misc{k, title = s40}";
    const started = Date.now();
    expect(refusal(bomb, "bibtex")).toEqual({
      message: "The entries' @string macros expand to more text than a bibliography can hold.",
      entry: 20,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

const RIS = `TY  - JOUR
AU  - Lee, Min
TI  - Storage Costs Fall
T2  - Energy Policy
PY  - 2023
VL  - 181
SP  - 113
EP  - 120
DO  - 10.1016/j.enpol.2023.113700
ER  - 

TY  - ELEC
AU  - U.S. Energy Information Administration
TI  - Battery Storage in the United States
UR  - https://www.eia.gov/analysis/storage/
PY  - 2021
ER  - 
`;

describe("parseBibliography: RIS", () => {
  it("reads records as checked CSL items", () => {
    expect(parseBibliography(RIS, "ris")).toEqual([
      {
        type: "article-journal",
        title: "Storage Costs Fall",
        author: [{ family: "Lee", given: "Min" }],
        issued: { "date-parts": [[2023]] },
        DOI: "10.1016/j.enpol.2023.113700",
        "container-title": "Energy Policy",
        volume: "181",
        page: "113-120",
      },
      {
        type: "webpage",
        title: "Battery Storage in the United States",
        author: [{ literal: "U.S. Energy Information Administration" }],
        issued: { "date-parts": [[2021]] },
        URL: "https://www.eia.gov/analysis/storage/",
      },
    ]);
  });

  it("refuses text that is not RIS, naming the line or record", () => {
    expect(refusal("Just some words.", "ris")).toEqual({
      message: 'Line 1 is not RIS: expected a tag line such as "TY  - JOUR".',
      entry: 1,
    });
    expect(refusal("", "ris").message).toBe('No RIS records found (a record starts with "TY  - ").');
    expect(refusal("TI  - Orphan title\nER  - \n", "ris")).toEqual({
      message: 'Line 1 ("TI") is outside a record: every RIS record starts with a "TY  - " line.',
      entry: 1,
    });
    expect(refusal(`${RIS}stray words after the last record\n`, "ris")).toEqual({
      message: 'Line 18 is not RIS: expected a tag line such as "TY  - JOUR".',
      entry: 3,
    });
    expect(refusal(`${RIS}TY  - JOUR\nPY  - 2020\nER  - \n`, "ris")).toEqual({
      message: "Record 3 (line 18): title: is required",
      entry: 3,
    });
  });
});
