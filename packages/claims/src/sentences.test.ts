import { describe, expect, it } from "vitest";
import { sentenceText, splitSentences } from "./sentences.js";

describe("splitSentences", () => {
  it("gives a citation right after the end to the sentence before, and counts a citation as one position", () => {
    const cite = { evidenceId: "e1", citationId: "c1" };
    const sentences = splitSentences([
      [{ text: "The U.S. bought $6.9 billion, e.g. No. 5." }, { cite }, { text: " Next one." }],
    ]);
    expect(sentences.map((s) => [s.from, s.to, sentenceText(s), s.cites])).toEqual([
      [0, 42, "The U.S. bought $6.9 billion, e.g. No. 5.", [cite]],
      [43, 52, "Next one.", []],
    ]);
  });
});
