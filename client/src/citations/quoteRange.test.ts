import { describe, expect, it } from "vitest";
import { isWholePassage, quoteOf, sentenceSpans, shortQuote } from "./quoteRange";

const TEXT = "Port volumes rose 14 percent. Cold storage lags behind demand.";

describe("quoteOf", () => {
  it("keeps the exact words of the range, without the spaces at its edges", () => {
    expect(quoteOf(TEXT, 17, 30)).toEqual({ text: "14 percent.", start: 18, end: 29 });
    expect(TEXT.slice(18, 29)).toBe("14 percent.");
  });

  it("takes a reversed range as the same range", () => {
    expect(quoteOf(TEXT, 28, 18)).toEqual({ text: "14 percent", start: 18, end: 28 });
  });

  it("refuses a range of spaces, an empty one, and cuts one beyond the text", () => {
    expect(quoteOf(TEXT, 29, 30)).toBeNull();
    expect(quoteOf(TEXT, 5, 5)).toBeNull();
    expect(quoteOf(TEXT, 30, 999)).toEqual({ text: "Cold storage lags behind demand.", start: 30, end: TEXT.length });
  });

  it("counts UTF-16 units, as the server does", () => {
    const text = "Émissions 🌍 baissent";
    expect(quoteOf(text, 10, 12)).toEqual({ text: "🌍", start: 10, end: 12 });
  });
});

describe("sentenceSpans", () => {
  it("gives each sentence as a range without its trailing space", () => {
    expect(sentenceSpans(TEXT)).toEqual([
      { start: 0, end: 29, text: "Port volumes rose 14 percent." },
      { start: 30, end: TEXT.length, text: "Cold storage lags behind demand." },
    ]);
  });
});

describe("isWholePassage and shortQuote", () => {
  it("knows the whole passage", () => {
    expect(isWholePassage(TEXT, { text: TEXT, start: 0, end: TEXT.length })).toBe(true);
    expect(isWholePassage(TEXT, { text: "Port", start: 0, end: 4 })).toBe(false);
  });

  it("shortens a long quote around its middle", () => {
    expect(shortQuote("a".repeat(50) + "b".repeat(50), 21)).toBe("aaaaaaaaa … bbbbbbbbb");
    expect(shortQuote("short")).toBe("short");
  });
});
