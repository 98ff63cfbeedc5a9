import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { CITATION_NODE } from "./citationNumbers.js";
import { textblockText } from "./ClaimHighlights.js";

/** A figure's sentence in the document: where it starts, where a new citation of it goes, and what it cites. */
export interface ClaimSentence {
  from: number;
  /** Right after the sentence's end punctuation and the citations that follow it ("…billion.[1]|"). */
  to: number;
  /** The evidence ids its citations name (a stored citation's node carries its evidence id too). */
  citedEvidence: string[];
}

const CITE = "\uFFFC";
const CLOSERS = new Set(['"', "'", ")", "]", "\u201d", "\u2019"]);
/** Short words that a full stop follows without ending the sentence ("e.g. 40 percent"). */
const ABBREVIATIONS = new Set(["e.g", "i.e", "vs", "no", "nos", "mr", "mrs", "ms", "dr", "st", "fig", "approx", "cf"]);

function isSpace(character: string | undefined): boolean {
  return character === " " || character === "\n" || character === "\t" || character === "\u00a0";
}

function isUpper(character: string | undefined): boolean {
  return character !== undefined && character.toLowerCase() !== character;
}

/** The word before `end` (letters and inner full stops), read backwards without a regular expression. */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && !isSpace(text[start - 1]) && text[start - 1] !== CITE && text[start - 1] !== "(") start -= 1;
  return text.slice(start, end);
}

/** Whether the punctuation at `index` ends a sentence: followed by a space, a citation, a closer or the block's end, and not an abbreviation's. */
function endsSentence(text: string, index: number): boolean {
  const mark = text[index];
  if (mark !== "." && mark !== "!" && mark !== "?") return false;
  const after = text[index + 1];
  if (after !== undefined && !isSpace(after) && after !== CITE && !CLOSERS.has(after)) return false;
  if (mark !== ".") return true;
  const word = wordBefore(text, index);
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // "U.S." and "U.K.": single capitals between full stops.
  const last = word[word.length - 1];
  if (word.length >= 1 && isUpper(last) && (word.length === 1 || word[word.length - 2] === ".")) return false;
  return true;
}

/** The block offset just past the sentence that holds `offset`: its end punctuation, closers, then its citations. */
function endOf(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && !endsSentence(text, index)) index += 1;
  if (index >= text.length) index = text.length;
  else index += 1;
  while (index < text.length && CLOSERS.has(text[index] as string)) index += 1;
  while (index < text.length && text[index] === CITE) index += 1;
  return index;
}

/** The block offset where the sentence that holds `offset` begins. */
function startOf(text: string, offset: number): number {
  let index = offset - 1;
  while (index >= 0) {
    if (isSpace(text[index])) {
      let before = index - 1;
      while (before >= 0 && text[before] === CITE) before -= 1;
      while (before >= 0 && CLOSERS.has(text[before] as string)) before -= 1;
      if (before >= 0 && endsSentence(text, before)) return index + 1;
    }
    index -= 1;
  }
  return 0;
}

/**
 * The sentence of the figure at `range`, read as the claim check reads it: end punctuation ends a
 * sentence unless an abbreviation's, and citations right after it belong to it. Null when the
 * range is not inside one textblock. Linear in the block's length.
 */
export function claimSentence(doc: ProseMirrorNode, range: { from: number; to: number }): ClaimSentence | null {
  if (range.from < 0 || range.to > doc.content.size || range.to < range.from) return null;
  const $from = doc.resolve(range.from);
  const block = $from.parent;
  if (!block.isTextblock || range.to > $from.end()) return null;
  const base = $from.start();
  const text = textblockText(block);
  const from = startOf(text, range.from - base);
  const to = endOf(text, Math.max(range.to - base, from));
  const citedEvidence: string[] = [];
  block.forEach((child, offset) => {
    if (child.type.name !== CITATION_NODE || offset < from || offset >= to) return;
    const evidenceId = child.attrs.evidenceId;
    if (typeof evidenceId === "string" && !citedEvidence.includes(evidenceId)) citedEvidence.push(evidenceId);
  });
  return { from: base + from, to: base + to, citedEvidence };
}
