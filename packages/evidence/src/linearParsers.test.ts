import { describe, expect, it } from "vitest";
import { countWords, createLineJoiner } from "./hyphenation.js";
import type { DraftBlock } from "./model.js";
import { dropRepeatedPassages } from "./pullQuotes.js";
import { legacyDropRepeatedPassages, legacyLineJoiner } from "./testing/legacyParsers.js";
import { randomString, seededRandom } from "./testing/random.js";

// The linear parsers replaced regexes that backtrack on hostile input. On short random input,
// where backtracking costs nothing, they must answer exactly as those regexes did.

describe("the line joiner and the pull-quote check agree with their quadratic predecessors", () => {
  it("createLineJoiner joins 5,000 random paragraphs as before", () => {
    const random = seededRandom(3);
    const alphabet = [
      "pop",
      "ular",
      "-",
      "‐",
      "—",
      "–",
      "U.S.",
      "Trade",
      "related",
      "trade-related",
      " ",
      "  ",
      "COVID",
      "19",
      "non",
      "European",
      "𝐀",
    ];
    for (let n = 0; n < 5_000; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        randomString(random, alphabet, Math.floor(random() * 5)),
      );
      const document = `${lines.join("\n")} ${randomString(random, alphabet, 8)}`;
      const counts = countWords(document);
      const legacy = legacyLineJoiner((word) => counts.get(word.toLowerCase()) ?? 0);
      expect({ lines, joined: createLineJoiner(document)(lines) }).toEqual({ lines, joined: legacy(lines) });
    }
  });

  it("dropRepeatedPassages drops the same paragraphs as comparing every pair, on 3,000 random reports", () => {
    const random = seededRandom(5);
    const vocabulary = ["trade", "grew", "Fish", "ports", "the", "of", "in", "2019", "rose."];
    let dropped = 0;
    const sentence = (words: number) =>
      Array.from({ length: words }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" ");
    for (let n = 0; n < 3_000; n++) {
      const blocks: DraftBlock[] = [];
      for (let b = 0; b < 2 + Math.floor(random() * 8); b++) {
        const pick = random();
        const kind = pick < 0.15 ? "heading" : pick < 0.3 ? "list_item" : "paragraph";
        // Repeat (part of) an earlier block often enough for quotes to occur.
        const earlier = blocks[Math.floor(random() * blocks.length)];
        const text =
          earlier && random() < 0.5
            ? earlier.text
                .split(" ")
                .slice(Math.floor(random() * 3))
                .join(" ")
                .toUpperCase()
            : sentence(6 + Math.floor(random() * 8));
        blocks.push({ kind, text, firstPage: 1, lastPage: 1 });
      }
      const kept = dropRepeatedPassages(blocks);
      expect({ blocks, kept }).toEqual({ blocks, kept: legacyDropRepeatedPassages(blocks) });
      dropped += blocks.length - kept.length;
    }
    expect(dropped).toBe(1780);
  });
});
