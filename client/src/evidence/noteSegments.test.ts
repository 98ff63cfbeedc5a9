import { describe, expect, it } from "vitest";
import { noteSegments } from "./noteSegments";

describe("noteSegments", () => {
  it("links each URL where the citation writes it, the rest stays text", () => {
    expect(
      noteSegments('Grid Operator, "Plan", https://example.org/plan and https://example.org/annex.', [
        "https://example.org/plan",
        "https://example.org/annex",
      ]),
    ).toEqual([
      { kind: "text", text: 'Grid Operator, "Plan", ' },
      { kind: "url", url: "https://example.org/plan", inText: true },
      { kind: "text", text: " and " },
      { kind: "url", url: "https://example.org/annex", inText: true },
      { kind: "text", text: "." },
    ]);
  });

  it("prefers the longer URL where two start at the same place, and finds a URL written twice both times", () => {
    expect(
      noteSegments("See https://a.org/x/y; also https://a.org/x", ["https://a.org/x", "https://a.org/x/y"]),
    ).toEqual([
      { kind: "text", text: "See " },
      { kind: "url", url: "https://a.org/x/y", inText: true },
      { kind: "text", text: "; also " },
      { kind: "url", url: "https://a.org/x", inText: true },
    ]);
    expect(noteSegments("https://a.org then https://a.org", ["https://a.org"])).toEqual([
      { kind: "url", url: "https://a.org", inText: true },
      { kind: "text", text: " then " },
      { kind: "url", url: "https://a.org", inText: true },
    ]);
  });

  it("puts URLs the text does not spell out after it, once each, and keeps a note without URLs as text", () => {
    expect(
      noteSegments("Survey, p. 4, https://example.org/sur-", [
        "https://example.org/survey",
        "https://example.org/survey",
      ]),
    ).toEqual([
      { kind: "text", text: "Survey, p. 4, https://example.org/sur-" },
      { kind: "url", url: "https://example.org/survey", inText: false },
    ]);
    expect(noteSegments("Ibid., p. 4.", [])).toEqual([{ kind: "text", text: "Ibid., p. 4." }]);
    expect(noteSegments("", ["https://example.org/only"])).toEqual([
      { kind: "url", url: "https://example.org/only", inText: false },
    ]);
  });
});
