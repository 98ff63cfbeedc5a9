import { describe, expect, it } from "vitest";
import { countWords, createLineJoiner } from "./hyphenation.js";
import { atxHeading, listItem } from "./markdownImporter.js";
import { plainInline, type InlineReference } from "./markdownInline.js";
import type { DraftBlock } from "./model.js";
import { dropRepeatedPassages } from "./pullQuotes.js";
import {
  legacyDropRepeatedPassages,
  legacyHeading,
  legacyLineJoiner,
  legacyListItem,
  legacyPlainInline,
} from "./testing/legacyParsers.js";
import { randomString, seededRandom } from "./testing/random.js";

// The linear parsers replaced regexes that backtrack on hostile input. On short random input,
// where backtracking costs nothing, they must answer exactly as those regexes did.

const INLINE_ALPHABET = ["[^1]", "](u)", "![", "](u \"t\")", "!", "[", "]", "(", ")", "^", '"', " ", "\t", "\u2028", "*", "**", "_", "__", "`", "\\", "<", ">", "a", "b", "1", "é", "𝐀", "http://", "https://", "x.y", "\n"];

describe("the linear Markdown parsers agree with the regexes they replaced", () => {
  it("plainInline: same text and the same references, on 10,000 random strings", () => {
    const random = seededRandom(12);
    const seen = { footnote: 0, link: 0, changed: 0 };
    for (let n = 0; n < 10_000; n++) {
      const input = randomString(random, INLINE_ALPHABET, 1 + Math.floor(random() * 24));
      const ours: InlineReference[] = [];
      const theirs: InlineReference[] = [];
      const text = plainInline(input, ours);
      expect({ input, text, refs: ours }).toEqual({ input, text: legacyPlainInline(input, theirs), refs: theirs });
      for (const reference of ours) seen[reference.kind]++;
      if (text !== input.replace(/\s+/g, " ").trim()) seen.changed++;
    }
    // The random strings do exercise the parser (the counts are fixed by the seed).
    expect(seen).toEqual({ footnote: 4085, link: 663, changed: 5832 });
  });

  it("plainInline on the shapes that matter: images, footnotes, links with titles, emphasis", () => {
    for (const input of [
      "See ![a chart](chart.png) and [^1] then [the outlook](https://example.org/o \"Outlook\") or <https://example.org/x>.",
      "**Bold** and __also__, *em* and _em_, snake_case_name, 2*3*4, `code`, \\*escaped\\*.",
      "Trade [^a] [^b]grew [text](url) [unclosed](url and ![alt](",
    ]) {
      const ours: InlineReference[] = [];
      const theirs: InlineReference[] = [];
      expect([plainInline(input, ours), ours]).toEqual([legacyPlainInline(input, theirs), theirs]);
    }
  });

  it("atxHeading and listItem: same answers on 10,000 random lines", () => {
    const random = seededRandom(7);
    const alphabet = ["#", "##", " ", "  ", "\t", "\u2028", "a", "B", "-", "*", "+", "1", "9.", "3)", "1234567890.", "x #"];
    const seen = { headings: 0, items: 0 };
    for (let n = 0; n < 10_000; n++) {
      const line = randomString(random, alphabet, 1 + Math.floor(random() * 12));
      if (atxHeading(line)) seen.headings++;
      if (listItem(line) !== null) seen.items++;
      expect({ line, heading: atxHeading(line) }).toEqual({ line, heading: legacyHeading(line) });
      expect({ line, item: listItem(line) }).toEqual({ line, item: legacyListItem(line) });
    }
    expect(seen).toEqual({ headings: 298, items: 735 });
  });
});

describe("the line joiner and the pull-quote check agree with their quadratic predecessors", () => {
  it("createLineJoiner joins 5,000 random paragraphs as before", () => {
    const random = seededRandom(3);
    const alphabet = ["pop", "ular", "-", "‐", "—", "–", "U.S.", "Trade", "related", "trade-related", " ", "  ", "COVID", "19", "non", "European", "𝐀"];
    for (let n = 0; n < 5_000; n++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomString(random, alphabet, Math.floor(random() * 5)));
      const document = lines.join("\n") + " " + randomString(random, alphabet, 8);
      const counts = countWords(document);
      const legacy = legacyLineJoiner((word) => counts.get(word.toLowerCase()) ?? 0);
      expect({ lines, joined: createLineJoiner(document)(lines) }).toEqual({ lines, joined: legacy(lines) });
    }
  });

  it("dropRepeatedPassages drops the same paragraphs as comparing every pair, on 3,000 random reports", () => {
    const random = seededRandom(5);
    const vocabulary = ["trade", "grew", "Fish", "ports", "the", "of", "in", "2019", "rose."];
    let dropped = 0;
    const sentence = (words: number) => Array.from({ length: words }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" ");
    for (let n = 0; n < 3_000; n++) {
      const blocks: DraftBlock[] = [];
      for (let b = 0; b < 2 + Math.floor(random() * 8); b++) {
        const pick = random();
        const kind = pick < 0.15 ? "heading" : pick < 0.3 ? "list_item" : "paragraph";
        // Repeat (part of) an earlier block often enough for quotes to occur.
        const earlier = blocks[Math.floor(random() * blocks.length)];
        const text =
          earlier && random() < 0.5
            ? earlier.text.split(" ").slice(Math.floor(random() * 3)).join(" ").toUpperCase()
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
