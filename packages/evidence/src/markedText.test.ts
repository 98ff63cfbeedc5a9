import { describe, expect, it } from "vitest";
import { createMarkedLineJoiner } from "./hyphenation.js";
import { concatMarked, normalizeMarked, sliceMarked, type MarkedText } from "./markedText.js";
import { joinRunsAround, type PositionedText } from "./pdfLines.js";
import { randomString, seededRandom } from "./testing/random.js";
import { collapseSpaces } from "./textScan.js";

/** Text with markers written inline as `^n` (n a note number), taken out: what extractors hand over. */
function marked(source: string): MarkedText {
  const markers: MarkedText["markers"] = [];
  let text = "";
  for (const piece of source.split(/(\^\d+)/)) {
    if (/^\^\d+$/.test(piece)) markers.push({ number: Number(piece.slice(1)), at: text.length });
    else text += piece;
  }
  return { text, markers };
}

/** The marked text written back with `^n` at each marker: what the assertions read. */
function show({ text, markers }: MarkedText): string {
  let out = "";
  let from = 0;
  for (const marker of markers) {
    out += `${text.slice(from, marker.at)}^${marker.number}`;
    from = marker.at;
  }
  return out + text.slice(from);
}

describe("normalizeMarked", () => {
  it("collapses and trims whitespace as collapseSpaces(text).trim() does, on random text", () => {
    const random = seededRandom(14);
    const int = (max: number): number => Math.floor(random() * (max + 1));
    const alphabet = ["a", "b", " ", "  ", "\t", "\n", "\u00a0", ".", "é", "𝐀"];
    for (let round = 0; round < 2_000; round++) {
      const text = randomString(random, alphabet, int(20));
      const ats = Array.from({ length: int(4) }, () => int(text.length)).sort((a, b) => a - b);
      const result = normalizeMarked(
        text,
        ats.map((at, index) => ({ number: index + 1, at })),
      );
      expect(result.text).toBe(collapseSpaces(text).trim());
      expect(result.markers.map((marker) => marker.number)).toEqual(ats.map((_, index) => index + 1));
      for (const marker of result.markers) {
        expect(marker.at).toBeGreaterThanOrEqual(0);
        expect(marker.at).toBeLessThanOrEqual(result.text.length);
        if (marker.at > 0) expect(result.text[marker.at - 1]).not.toBe(" ");
      }
    }
  });

  it("keeps each marker after the word it followed; one after a space stands before the space", () => {
    expect(
      show(
        normalizeMarked("  Ports  grew,\tfast. ", [
          { number: 1, at: 14 },
          { number: 2, at: 21 },
        ]),
      ),
    ).toBe("Ports grew,^1 fast.^2");
    expect(show(normalizeMarked("Ports grew ", [{ number: 3, at: 11 }]))).toBe("Ports grew^3");
    expect(show(normalizeMarked("Ports   grew", [{ number: 4, at: 7 }]))).toBe("Ports^4 grew");
    expect(show(normalizeMarked("  Ports", [{ number: 5, at: 1 }]))).toBe("^5Ports");
    expect(show(normalizeMarked("Ports", [{ number: 6, at: 99 }]))).toBe("Ports^6");
  });
});

describe("concatMarked and sliceMarked", () => {
  it("shift markers to where each piece now starts, or where the slice begins", () => {
    expect(show(concatMarked([marked("Figure 2.^1"), marked("Tonnage^2 by port")], " "))).toBe(
      "Figure 2.^1 Tonnage^2 by port",
    );
    const item = marked("• Quotas^7");
    expect(show(sliceMarked(item.text, item.markers, 2))).toBe("Quotas^7");
    const odd = marked("•^1 Quotas");
    expect(show(sliceMarked(odd.text, odd.markers, 2))).toBe("^1Quotas");
  });
});

describe("createMarkedLineJoiner", () => {
  const join = createMarkedLineJoiner("The USMCA and trade-related rules; the USMCA again.");
  const joined = (...lines: string[]): string => show(join(lines.map(marked)));

  it("keeps a marker at a line's end before the space the join puts there", () => {
    expect(joined("Catches fell,^4", "and quotas^5 with them.^6")).toBe("Catches fell,^4 and quotas^5 with them.^6");
  });

  it("puts a marker that opens a line after the word that ended the line before", () => {
    expect(joined("Catches fell", "^4 and rose.")).toBe("Catches fell^4 and rose.");
  });

  it("moves markers with a word whose hyphen the join takes out", () => {
    expect(joined("the most pop-", "ular^2 topic")).toBe("the most popular^2 topic");
    expect(joined("the most pop-^2", "ular topic")).toBe("the most pop^2ular topic");
    expect(joined("the USM-", "CA^1 rules")).toBe("the USMCA^1 rules");
  });

  it("keeps markers around a kept hyphen, a dash and an empty line", () => {
    expect(joined("reviews trade-", "related^3 disputes")).toBe("reviews trade-related^3 disputes");
    expect(joined("companies—^1", "such as these^2")).toBe("companies—^1such as these^2");
    expect(joined("Ports grew.^1", "  ^2 ", "Then fell.")).toBe("Ports grew.^1^2 Then fell.");
  });
});

describe("joinRunsAround", () => {
  const run = (text: string, x: number, width: number): PositionedText => ({ text, x, y: 700, width, size: 10 });

  it("joins a PDF line's runs as its text reads and says after which run each marker stood", () => {
    // "Dues rose" [marker] " sharply" [marker], the second marker after a trailing space run.
    const runs = [run("Dues rose", 72, 45), run(" sharply", 121, 36), run(" ", 157, 3)];
    expect(joinRunsAround(runs, [1, 3])).toEqual({ text: "Dues rose sharply", at: [9, 17] });
  });

  it("puts a space where runs leave a gap, with the marker before it", () => {
    const runs = [run("Dues", 72, 20), run("rose.", 100, 24)];
    expect(joinRunsAround(runs, [1, 2])).toEqual({ text: "Dues rose.", at: [4, 10] });
  });
});
