import { describe, expect, it } from "vitest";
import { splitFootnotes } from "./pdfFootnotes.js";
import { bodyLines, noteLines, pageOf, runsOf } from "./testing/pdfPages.js";

const sup = (text: string) => ({ sup: text });
const texts = (lines: readonly { text: string; markers?: number[] }[]) =>
  lines.map((line) => [line.text, line.markers ?? []]);

describe("splitFootnotes on hand-made pages", () => {
  it("reads markers glued to a word, after punctuation and several at once, and leaves the words spaced", () => {
    const page = pageOf(1, [
      ...bodyLines([
        ["The pact cut tariffs", sup("1"), " on fish in 2021 by law,", sup("2"), " as agreed."],
        ["Customs clear most loads in a day.", sup("3,4"), " Ports grew."],
      ]),
      ...noteLines([
        [sup("1"), " Ministry of Trade, Annual Review (Capital Press, 2022), p. 4."],
        [sup("2"), " Coral Strait Act of 2020, section 3."],
        [sup("3"), " Customs Office, Clearance Times, 2023."],
        [sup("4"), " Port Authority, Yearbook 2024."],
      ]),
    ]);
    const { body, notes } = splitFootnotes([page]);
    expect(texts(body[0]!.lines)).toEqual([
      ["The pact cut tariffs on fish in 2021 by law, as agreed.", [1, 2]],
      ["Customs clear most loads in a day. Ports grew.", [3, 4]],
    ]);
    expect(notes[0]).toEqual([
      { number: 1, text: "Ministry of Trade, Annual Review (Capital Press, 2022), p. 4.", url: null, urls: [] },
      { number: 2, text: "Coral Strait Act of 2020, section 3.", url: null, urls: [] },
      { number: 3, text: "Customs Office, Clearance Times, 2023.", url: null, urls: [] },
      { number: 4, text: "Port Authority, Yearbook 2024.", url: null, urls: [] },
    ]);
  });

  it("keeps a note that runs over the page break whole, on its first page, and joins a URL broken over lines", () => {
    const first = pageOf(1, [
      ...bodyLines([["Fleets land three million tonnes.", sup("1"), " Quotas were reset.", sup("2")]]),
      ...noteLines([
        [sup("1"), " Fisheries Board, “Landings,” 2023, https://example.org/fish/land-"],
        ["ings-2023.pdf."],
        [sup("2"), " Jane Roe, “Quota Reform and Its Critics,” Sea Policy Review, vol. 4 (May"],
      ]),
    ]);
    const second = pageOf(2, [
      ...bodyLines([["Two cold-storage hubs opened.", sup("3")]]),
      ...noteLines([
        ["2024), https://example.org/review/quota?id=7&page=2, and https://example.org/critics."],
        [sup("3"), " Harbour Office, press release, June 1, 2024."],
      ]),
    ]);
    const { body, notes } = splitFootnotes([first, second]);
    expect(texts(body[0]!.lines)).toEqual([["Fleets land three million tonnes. Quotas were reset.", [1, 2]]]);
    expect(texts(body[1]!.lines)).toEqual([["Two cold-storage hubs opened.", [3]]]);
    expect(notes).toEqual([
      [
        {
          number: 1,
          text: "Fisheries Board, “Landings,” 2023, https://example.org/fish/land-ings-2023.pdf.",
          url: "https://example.org/fish/land-ings-2023.pdf",
          urls: ["https://example.org/fish/land-ings-2023.pdf"],
        },
        {
          number: 2,
          text: "Jane Roe, “Quota Reform and Its Critics,” Sea Policy Review, vol. 4 (May 2024), https://example.org/review/quota?id=7&page=2, and https://example.org/critics.",
          url: "https://example.org/review/quota?id=7&page=2",
          urls: ["https://example.org/review/quota?id=7&page=2", "https://example.org/critics"],
        },
      ],
      [{ number: 3, text: "Harbour Office, press release, June 1, 2024.", url: null, urls: [] }],
    ]);
  });

  it('continues a note that says it does, "(continued...)", though it breaks off after a full stop', () => {
    const first = pageOf(1, [
      ...bodyLines([["Grants rose.", sup("1")]]),
      ...noteLines([[sup("1"), " Each award is capped by statute. The notice of funding says so. (continued...)"]]),
    ]);
    const second = pageOf(2, [
      ...bodyLines([["Loans fell.", sup("2")]]),
      ...noteLines([["See the agency's guidance, 2025."], [sup("2"), " Loan Office, Annual Data, 2025."]]),
    ]);
    expect(splitFootnotes([first, second]).notes.map((list) => list.map((note) => [note.number, note.text]))).toEqual([
      [[1, "Each award is capped by statute. The notice of funding says so. See the agency's guidance, 2025."]],
      [[2, "Loan Office, Annual Data, 2025."]],
    ]);
  });

  it("splits several notes set on one line, by superscript numbers and by numbers after a sentence's end", () => {
    const page = pageOf(1, [
      ...bodyLines([["Wind grew.", sup("1"), " Solar grew.", sup("2"), " Hydro fell.", sup("3")]]),
      ...noteLines([[sup("1"), " Ibid.", sup("2"), " Ibid., p. 4. 3 Energy Office, Outlook 2025."]]),
    ]);
    const { notes } = splitFootnotes([page]);
    expect(notes[0]!.map((note) => [note.number, note.text])).toEqual([
      [1, "Ibid."],
      [2, "Ibid., p. 4."],
      [3, "Energy Office, Outlook 2025."],
    ]);
  });

  it("does not glue a footer set below the notes in another size to the last note", () => {
    const page = pageOf(1, [
      ...bodyLines([["Trade reached a record.", sup("1")]]),
      ...noteLines([[sup("1"), " Statistics Office, Trade in Goods, 2024."]]),
      runsOf(40, 8, ["Regional Research Service 2"]),
    ]);
    const { body, notes } = splitFootnotes([page]);
    expect(notes[0]).toEqual([{ number: 1, text: "Statistics Office, Trade in Goods, 2024.", url: null, urls: [] }]);
    expect(texts(body[0]!.lines)).toEqual([
      ["Trade reached a record.", [1]],
      ["Regional Research Service 2", []],
    ]);
  });

  it("keeps figures, prices, a superscript ordinal and an exponent that fit no note in the text", () => {
    const page = pageOf(1, [
      ...bodyLines([
        ["In 2019 outlays were $614.5 billion,", sup("1"), " the 119", sup("th"), " Congress noted."],
        ["A cell holds 10", sup("9"), " atoms.", sup("2")],
      ]),
      ...noteLines([
        [sup("1"), " Budget Office, Outlays, 2020."],
        [sup("2"), " Physics Digest, 2021."],
      ]),
    ]);
    const { body } = splitFootnotes([page]);
    expect(texts(body[0]!.lines)).toEqual([
      ["In 2019 outlays were $614.5 billion, the 119th Congress noted.", [1]],
      ["A cell holds 109 atoms.", [2]],
    ]);
  });

  it("takes a number that is not the next note as the note's text, and never numbers a note twice", () => {
    const page = pageOf(1, [
      ...bodyLines([["Exports rose.", sup("1"), " Imports fell.", sup("2")]]),
      ...noteLines([
        [sup("1"), " Trade Office, Annual Report for"],
        ["2024. 1 See also the appendix."],
        [sup("2"), " Trade Office, Imports, 2024."],
      ]),
    ]);
    const { notes } = splitFootnotes([page]);
    expect(notes[0]!.map((note) => [note.number, note.text])).toEqual([
      [1, "Trade Office, Annual Report for 2024. 1 See also the appendix."],
      [2, "Trade Office, Imports, 2024."],
    ]);
  });

  it("reads endnotes gathered on a last page, and markers pages away from them, one of them unreadable", () => {
    const pages = [
      // Enough body text that its size, not the notes', is the body's.
      pageOf(
        1,
        bodyLines([
          ["Wind grew.", sup("1"), " Solar grew.", sup("2")],
          ["The grid took both without new lines of any length."],
        ]),
      ),
      pageOf(
        2,
        bodyLines([
          ["Hydro fell", " 3", " in a dry year.", sup("4")],
          ["Reservoirs were a third below their usual level."],
        ]),
      ),
      pageOf(3, [
        runsOf(720, 14, ["Notes"]),
        ...noteLines(
          [
            [sup("1"), " Energy Office, Wind, 2024."],
            [sup("2"), " Energy Office, Solar, 2024."],
            [sup("3"), " Water Board, Rivers, 2024."],
            [sup("4"), " Weather Office, Rainfall, 2024."],
          ],
          690,
        ),
      ]),
    ];
    const { body, notes } = splitFootnotes(pages);
    expect(body.map((page) => texts(page.lines))).toEqual([
      [
        ["Wind grew. Solar grew.", [1, 2]],
        ["The grid took both without new lines of any length.", []],
      ],
      [
        ["Hydro fell 3 in a dry year.", [4]],
        ["Reservoirs were a third below their usual level.", []],
      ],
      [["Notes", []]],
    ]);
    expect(notes.map((list) => list.map((note) => note.number))).toEqual([[], [], [1, 2, 3, 4]]);
  });

  it("reads a note line opening with the next number after a line left mid-sentence as the note going on", () => {
    const page = pageOf(1, [
      ...bodyLines([["Exports rose.", sup("1"), " Imports fell.", sup("2")]]),
      ...noteLines([
        ["1. Trade Office, Annual Report, 2024, citing"],
        ["2 U.S.C. §1 and its rules."],
        ["2. Trade Office, Imports, 2024."],
      ]),
    ]);
    expect(splitFootnotes([page]).notes[0]!.map((note) => [note.number, note.text])).toEqual([
      [1, "Trade Office, Annual Report, 2024, citing 2 U.S.C. §1 and its rules."],
      [2, "Trade Office, Imports, 2024."],
    ]);
  });

  it("falls back to URL lines and link annotations in a report without numbered notes", () => {
    const page = pageOf(
      1,
      [...bodyLines([["Tourism doubled in a decade."]]), runsOf(100, 8, ["https://example.org/tourism"])],
      [{ url: "https://example.org/vaccines", y: 600 }],
    );
    const { body, notes } = splitFootnotes([page]);
    expect(texts(body[0]!.lines)).toEqual([["Tourism doubled in a decade.", []]]);
    expect(notes[0]).toEqual([
      { text: "https://example.org/tourism", url: "https://example.org/tourism" },
      { text: "https://example.org/vaccines", url: "https://example.org/vaccines" },
    ]);
  });

  it("ignores link annotations in the body of a report with numbered notes", () => {
    const page = pageOf(
      1,
      [
        ...bodyLines([["Tourism doubled in a decade.", sup("1")]]),
        ...noteLines([[sup("1"), " Tourism Board, Arrivals, 2024."]]),
      ],
      [{ url: "https://example.org/body-link", y: 700 }],
    );
    expect(splitFootnotes([page]).notes).toEqual([
      [{ number: 1, text: "Tourism Board, Arrivals, 2024.", url: null, urls: [] }],
    ]);
  });
});
