import { createHash } from "node:crypto";
import type { DraftBlock } from "./model.js";
import { textKey } from "./textScan.js";

/** Shorter repeats ("Trade matters.") are too likely to be honest repetition to drop. */
const MIN_PULL_QUOTE_WORDS = 8;
/**
 * Longer paragraphs are not looked for inside other passages, only among identical ones: a
 * pull-quote is a sentence or two set large, and every length looked for costs a pass over the
 * whole report (see below).
 */
export const MAX_PULL_QUOTE_WORDS = 80;

/**
 * Drops pull-quotes: a paragraph whose words all appear, in order, inside another passage (a
 * longer one, or an identical earlier one). Layouts repeat a striking sentence in large type;
 * as evidence it would be a second copy of the same claim, citable twice with different pages.
 * Comparison ignores case, punctuation and line breaks, since the quote is typeset differently.
 *
 * By hashing rather than comparing every pair of passages (which took seconds for 10,000
 * short paragraphs): identical passages meet in a map of their normalised text; containment is
 * found by hashing every run of k consecutive words of every longer passage, for each length k
 * that some candidate has (at most MAX_PULL_QUOTE_WORDS - MIN_PULL_QUOTE_WORDS + 1 lengths),
 * and looking the hash up among the candidates of that length. A hash hit is confirmed word by
 * word, so a collision never drops a paragraph. Linear in the report's words for each length.
 */
export function dropRepeatedPassages(blocks: readonly DraftBlock[]): DraftBlock[] {
  const ids = new Map<string, number>();
  const words = blocks.map((block) => (block.kind === "heading" ? null : wordIdsOf(block.text, ids)));

  const dropped = new Uint8Array(blocks.length);
  // Identical passages: a paragraph goes when an earlier passage has the same words.
  const firstWithWords = new Map<string, number>();
  const candidatesByLength = new Map<number, number[]>();
  blocks.forEach((block, index) => {
    const own = words[index];
    if (!own) return;
    const key = digestOf(own);
    const first = firstWithWords.get(key);
    if (first === undefined) firstWithWords.set(key, index);
    if (block.kind !== "paragraph" || own.length < MIN_PULL_QUOTE_WORDS) return;
    if (first !== undefined) dropped[index] = 1;
    else if (own.length <= MAX_PULL_QUOTE_WORDS) {
      const list = candidatesByLength.get(own.length);
      if (list) list.push(index);
      else candidatesByLength.set(own.length, [index]);
    }
  });

  // Containment in a longer passage. Identical candidates form one group: found once, all go.
  for (const [length, candidates] of candidatesByLength) {
    const groups = new Map<number, Array<{ words: Int32Array; members: number[]; found: boolean }>>();
    for (const index of candidates) {
      const own = words[index]!;
      const hash = windowHash(own, 0, length);
      const list = groups.get(hash) ?? [];
      const group = list.find((g) => sameWords(g.words, 0, own, length));
      if (group) group.members.push(index);
      else list.push({ words: own, members: [index], found: false });
      groups.set(hash, list);
    }
    let remaining = [...groups.values()].reduce((sum, list) => sum + list.length, 0);
    const power = powerOf(length);
    for (const other of words) {
      if (!other || other.length <= length || remaining === 0) continue;
      let hash = windowHash(other, 0, length);
      for (let start = 0; ; start++) {
        for (const group of groups.get(hash) ?? []) {
          if (group.found || !sameWords(other, start, group.words, length)) continue;
          group.found = true;
          remaining--;
          for (const member of group.members) dropped[member] = 1;
        }
        if (start + length >= other.length) break;
        hash = roll(hash, other[start]!, other[start + length]!, power);
      }
    }
  }
  return blocks.filter((_, index) => !dropped[index]);
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The ids of a passage's words (case, punctuation and line breaks ignored). Words become ids as
 * they are found and their strings are let go: holding every word of a long passage as a string
 * made the garbage collector's work per byte grow with the passage.
 */
function wordIdsOf(text: string, ids: Map<string, number>): Int32Array {
  const found: number[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const key = textKey(match[0]);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    found.push(id);
  }
  return Int32Array.from(found);
}

/** A key for a passage's whole word sequence (identical passages share it). */
function digestOf(words: Int32Array): string {
  return createHash("sha256")
    .update(new Uint8Array(words.buffer, words.byteOffset, words.byteLength))
    .digest("base64");
}

// A polynomial rolling hash modulo 2^32 over mixed word ids (Math.imul keeps it in 32 bits).
const BASE = 0x01000193;

function mix(id: number): number {
  let x = Math.imul(id ^ (id >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function windowHash(words: Int32Array, start: number, length: number): number {
  let hash = 0;
  for (let i = start; i < start + length; i++) hash = (Math.imul(hash, BASE) + mix(words[i]!)) >>> 0;
  return hash;
}

/** BASE^(length-1): the weight of the word leaving the window. */
function powerOf(length: number): number {
  let power = 1;
  for (let i = 1; i < length; i++) power = Math.imul(power, BASE) >>> 0;
  return power;
}

function roll(hash: number, leaving: number, entering: number, power: number): number {
  const without = (hash - Math.imul(mix(leaving), power)) >>> 0;
  return (Math.imul(without, BASE) + mix(entering)) >>> 0;
}

function sameWords(a: Int32Array, start: number, b: Int32Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[start + i] !== b[i]) return false;
  return true;
}
