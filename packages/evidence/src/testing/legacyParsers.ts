// The regex implementations that markdownInline.ts and markdownImporter.ts replaced (they backtrack
// quadratically on hostile input). Kept only as the reference the differential tests compare the
// linear parsers with, on short random inputs where backtracking costs nothing. Not used on user text.

import type { LineJoiner } from "../hyphenation.js";
import type { InlineReference } from "../markdownInline.js";
import type { DraftBlock } from "../model.js";

const INLINE = new RegExp(
  [
    String.raw`!\[(?<alt>[^\]]*)\]\([^)]*\)`,
    String.raw`\s*\[\^(?<label>[^\]\s]+)\]`,
    String.raw`\[(?<linkText>[^\]]+)\]\((?<href>[^)\s]+)(?:\s+"[^"]*")?\)`,
    String.raw`<(?<autolink>https?:\/\/[^>\s]+)>`,
  ].join("|"),
  "g",
);

/**
 * Reduces a block's inline Markdown to the plain text a reader sees, reporting footnote
 * references (`[^n]`) and links (`[text](url)`, `<url>`) in reading order. Images keep their
 * alt text; emphasis, code marks and backslash escapes are removed.
 */
export function legacyPlainInline(markdown: string, references: InlineReference[] = []): string {
  const text = markdown.replace(INLINE, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.alt !== undefined) return groups.alt;
    if (groups.label !== undefined) {
      references.push({ kind: "footnote", label: groups.label });
      return "";
    }
    if (groups.href !== undefined) {
      const linkText = legacyStripMarks(groups.linkText ?? "");
      references.push({ kind: "link", text: linkText, url: groups.href });
      return linkText;
    }
    const url = groups.autolink ?? "";
    references.push({ kind: "link", text: url, url });
    return url;
  });
  return legacyStripMarks(text).replace(/\s+/g, " ").trim();
}

export function legacyStripMarks(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, "$2")
    .replace(/(?<![\p{L}\p{N}*_])([*_])(?=\S)(.+?)(?<=\S)\1(?![\p{L}\p{N}*_])/gu, "$2")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1");
}

const LEGACY_HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;

export function legacyHeading(line: string): { level: number; text: string } | null {
  const match = LEGACY_HEADING.exec(line);
  return match ? { level: match[1]!.length, text: match[2] ?? "" } : null;
}

const LEGACY_LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;

export function legacyListItem(line: string): string | null {
  const match = LEGACY_LIST_ITEM.exec(line);
  return match ? (match[1] ?? "") : null;
}

/** The line joiner before hyphenation.ts read only the end of the text joined so far; `seen` stands in for its word counts. */
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
        otherIndex !== index &&
        other.includes(key) &&
        (other.length > key.length || otherIndex < index),
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
