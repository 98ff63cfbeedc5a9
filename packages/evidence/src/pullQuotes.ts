import type { DraftBlock } from "./model.js";

/** Shorter repeats ("Trade matters.") are too likely to be honest repetition to drop. */
const MIN_PULL_QUOTE_WORDS = 8;

/**
 * Drops pull-quotes: a paragraph whose words all appear, in order, inside another passage (a
 * longer one, or an identical earlier one). Layouts repeat a striking sentence in large type;
 * as evidence it would be a second copy of the same claim, citable twice with different pages.
 * Comparison ignores case, punctuation and line breaks, since the quote is typeset differently.
 */
export function dropRepeatedPassages(blocks: readonly DraftBlock[]): DraftBlock[] {
  const keys = blocks.map((block) => (block.kind === "heading" ? "" : ` ${normalise(block.text)} `));
  return blocks.filter((block, index) => {
    if (block.kind !== "paragraph") return true;
    const key = keys[index]!;
    if (key.trim().split(" ").length < MIN_PULL_QUOTE_WORDS) return true;
    const repeated = keys.some(
      (other, otherIndex) =>
        otherIndex !== index &&
        other.includes(key) &&
        (other.length > key.length || otherIndex < index),
    );
    return !repeated;
  });
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
