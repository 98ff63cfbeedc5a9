// The quadratic implementations that hyphenation.ts and pullQuotes.ts replaced (the Markdown ones
// went with the hand-written Markdown parser, now markdown-it). Kept only as the reference the differential tests compare the
// linear parsers with, on short random inputs where backtracking costs nothing. Not used on user text.

import type { LineJoiner } from "../hyphenation.js";
import type { DraftBlock } from "../model.js";

export function legacyLineJoiner(seen: (word: string) => number): LineJoiner {
  const keepsHyphen = (head: string, tail: string): boolean => {
    if (/\p{Ll}/u.test(head) && /^\p{Lu}/u.test(tail)) return true;
    return seen(`${head}-${tail}`) > seen(`${head}${tail}`);
  };

  const joinTwo = (left: string, right: string): string => {
    if (left === "") return right;
    if (right === "") return left;
    if (/[-‐]$/.test(left)) {
      const head = /(\p{L}+)[-‐]$/u.exec(left)?.[1];
      const tail = /^\p{L}+/u.exec(right)?.[0];
      if (head === undefined || tail === undefined) return left + right;
      return keepsHyphen(head, tail) ? left + right : left.slice(0, -1) + right;
    }
    if (/[—–]$/.test(left)) return left + right;
    return `${left} ${right}`;
  };

  return (lines) => lines.map((line) => line.trim().replace(/\s+/g, " ")).reduce(joinTwo, "");
}

const MIN_PULL_QUOTE_WORDS = 8;

export function legacyDropRepeatedPassages(blocks: readonly DraftBlock[]): DraftBlock[] {
  const keys = blocks.map((block) => (block.kind === "heading" ? "" : ` ${legacyNormalise(block.text)} `));
  return blocks.filter((block, index) => {
    if (block.kind !== "paragraph") return true;
    const key = keys[index]!;
    if (key.trim().split(" ").length < MIN_PULL_QUOTE_WORDS) return true;
    const repeated = keys.some(
      (other, otherIndex) =>
        otherIndex !== index && other.includes(key) && (other.length > key.length || otherIndex < index),
    );
    return !repeated;
  });
}

function legacyNormalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
