import { describe, expect, it } from "vitest";
import { splitHighlights } from "./highlightRanges";

describe("splitHighlights", () => {
  it("returns the whole text when nothing matches", () => {
    expect(splitHighlights("Tariffs fell.", [])).toEqual([{ text: "Tariffs fell.", match: false }]);
    expect(splitHighlights("Tariffs fell.", undefined)).toEqual([{ text: "Tariffs fell.", match: false }]);
  });

  it("marks each range", () => {
    expect(
      splitHighlights("Tariffs fell and tariffs rose", [
        [0, 7],
        [17, 24],
      ]),
    ).toEqual([
      { text: "Tariffs", match: true },
      { text: " fell and ", match: false },
      { text: "tariffs", match: true },
      { text: " rose", match: false },
    ]);
  });

  it("sorts, merges overlaps, clamps and drops empty ranges", () => {
    expect(
      splitHighlights("abcdefgh", [
        [5, 99],
        [1, 3],
        [2, 4],
        [6, 6],
        [-4, 0],
      ]),
    ).toEqual([
      { text: "a", match: false },
      { text: "bcd", match: true },
      { text: "e", match: false },
      { text: "fgh", match: true },
    ]);
  });

  it("keeps markup-looking text as text", () => {
    const pieces = splitHighlights("<img src=x onerror=alert(1)>", [[1, 4]]);
    expect(pieces.map((piece) => piece.text).join("")).toBe("<img src=x onerror=alert(1)>");
  });
});
