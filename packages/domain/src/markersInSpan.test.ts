import { describe, expect, it } from "vitest";
import { markersInSpan } from "./markersInSpan.js";

type PassageMarker = { number: number; at: number };

/** A passage with markers written inline as `^n`, taken out: the text and where each stood. */
function passage(marked: string): { text: string; markers: PassageMarker[] } {
  const markers: PassageMarker[] = [];
  let text = "";
  for (const piece of marked.split(/(\^\d+)/)) {
    if (piece.startsWith("^")) markers.push({ number: Number(piece.slice(1)), at: text.length });
    else text += piece;
  }
  return { text, markers };
}

/** The notes for the first occurrence of `quote` in the passage. */
function notesFor(marked: string, quote: string): number[] {
  const { text, markers } = passage(marked);
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in "${text}"`);
  return markersInSpan(text, markers, start, start + quote.length);
}

describe("markersInSpan", () => {
  const harbour = "The new harbour will store 7 gigawatts.^4 Its cranes^5 arrive in 2031,^6 after a review.^7";

  it("a marker right after the quote's last word belongs to it, across the punctuation that ends the sentence", () => {
    expect(notesFor(harbour, "7 gigawatts")).toEqual([4]);
    expect(notesFor(harbour, "Its cranes")).toEqual([5]);
    expect(notesFor(harbour, "2031")).toEqual([6]);
  });

  it("markers inside the quote belong to it, in order; the one after the next word does not", () => {
    expect(notesFor(harbour, "7 gigawatts. Its cranes arrive in 2031")).toEqual([4, 5, 6]);
    expect(notesFor(harbour, "Its")).toEqual([]);
    expect(notesFor(harbour, "cranes arrive")).toEqual([5]);
    expect(notesFor(harbour, "will store 7")).toEqual([]);
  });

  it("a marker standing just before the quote (after the character before it) does not belong to it", () => {
    expect(notesFor(harbour, " Its cranes")).toEqual([5]);
    expect(notesFor(harbour, "arrive in")).toEqual([]);
  });

  it("closing quotes and brackets between the quote and its marker still count; a space or a word does not", () => {
    expect(notesFor("He called it “a fair deal.”^2 Others did not.", "a fair deal")).toEqual([2]);
    expect(notesFor("Prices rose (by a third).)^3", "by a third")).toEqual([3]);
    expect(notesFor("Prices rose by a third ^3 in May.", "by a third")).toEqual([]);
    expect(notesFor("Prices rose by a thirdfold^3.", "by a third")).toEqual([]);
    expect(notesFor("Sales were 62 percent^1.", "62")).toEqual([]);
  });

  it("the whole passage takes every marker; a note cited twice is given once", () => {
    const { text, markers } = passage("Quotas^2 were cut,^3 and cut again.^2");
    expect(markersInSpan(text, markers, 0, text.length)).toEqual([2, 3]);
    expect(markers.map((marker) => marker.at)).toEqual([6, 16, 31]);
  });

  it("a marker at offset 0 (a heading's note, carried to the passage under it) belongs to no quote", () => {
    const text = "Storage grew fast.";
    expect(markersInSpan(text, [{ number: 1, at: 0 }], 0, text.length)).toEqual([]);
  });

  it("letters beyond the BMP end the punctuation run like any letter", () => {
    const text = "Named 𝐀𝐁.";
    expect(markersInSpan(text, [{ number: 9, at: text.length }], 0, 5)).toEqual([]);
    expect(markersInSpan(text, [{ number: 9, at: text.length }], 6, text.length - 1)).toEqual([9]);
  });

  it("runs in time linear in the text: 200,000 markers after a long run of punctuation", () => {
    const text = `word${".".repeat(200_000)}`;
    const markers = Array.from({ length: 200_000 }, (_, index) => ({ number: index + 1, at: 5 + index }));
    // A scan per marker (4e10 steps) would far outrun the test's timeout; linear takes milliseconds.
    expect(markersInSpan(text, markers, 0, 4)).toHaveLength(200_000);
  });
});
