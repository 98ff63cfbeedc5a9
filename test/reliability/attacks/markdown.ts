import type { Random } from "../prng.js";

/**
 * Report texts that cost a careless parser quadratic time or more: runs of the characters
 * that open an inline construct and never close it, a heading or URL that a pattern scans
 * again from every position, and passages a per-pair check compares with every other.
 * Each is small enough to upload in a moment (at most ~500 KB).
 */

const TITLE = "# A report\n\nAn ordinary first paragraph.\n\n";

export const markdownAttacks = {
  /** The 11-second freeze: image openers that are never closed. */
  "a paragraph of `![` × 40,000": () => `${TITLE}${"![".repeat(40_000)}\n`,
  "a heading line of 32,000 spaces": () => `${TITLE}#${" ".repeat(32_000)}Heading\n\nText under it.\n`,
  "a footnote URL followed by 40,000 dots": () =>
    `${TITLE}A claim.[^1]\n\n[^1]: https://example.org/source${".".repeat(40_000)}\n`,
  "`[` × 40,000": () => `${TITLE}${"[".repeat(40_000)}\n`,
  // Variants of the same class with other delimiters: a fix for the four payloads alone fails these.
  "`](` × 40,000": () => `${TITLE}${"](".repeat(40_000)}\n`,
  "`**` × 40,000": () => `${TITLE}${"**a".repeat(40_000)}\n`,
  "`[x](` × 20,000, never closed": () => `${TITLE}${"[x](".repeat(20_000)}\n`,
} satisfies Record<string, () => string>;

/** `count` paragraphs of eight distinct-looking words each: the pull-quote check's all-pairs worst case. */
export function manyShortParagraphs(random: Random, count: number, { markdown }: { markdown: boolean }): string {
  const word = () => random.string(random.int(3, 9), "abcdefghijklmnopqrstuvwxyz");
  const paragraphs: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 8 }, word);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    paragraphs.push(`${words.join(" ")}.`);
  }
  return `${(markdown ? TITLE : "A report\n\n") + paragraphs.join("\n\n")}\n`;
}
