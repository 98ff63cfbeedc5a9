import { agrees, comparableClass, contentWords } from "./agree.js";
import { type BodyFigure, bodyFigures, findingId } from "./checkClaims.js";
import { MAX_KEYED_FIGURES } from "./limits.js";
import { CITE_MARK, sentenceText } from "./sentences.js";
import type { BodyBlock, ClaimFigure, ClaimFinding } from "./types.js";

export interface ClaimKey {
  key: string;
  figure: ClaimFigure;
  at: ClaimFinding["at"];
  sentence: string;
}

/** Words after a figure looked at for its subject, and content words kept of them. */
const SUBJECT_WORDS = 5;
const SUBJECT_KEPT = 3;

/**
 * What quantity each figure of a body states, for the brief-wide pass: its comparable class
 * (kind and unit), its subject — the first ≤ 3 content words among the 5 words after it
 * (lowercased, stemmed, stop words out: "62 percent of Mexico's exports" → "mexico export") — and
 * the year its sentence states, if one. A figure with no subject words, and years, have no key.
 * `read`: the body's figures when the check read them already (the first MAX_KEYED_FIGURES are keyed).
 */
export function claimKeys(
  body: readonly BodyBlock[],
  read: readonly BodyFigure[] = bodyFigures(body, MAX_KEYED_FIGURES),
): ClaimKey[] {
  const keys: ClaimKey[] = [];
  const figures = read.slice(0, MAX_KEYED_FIGURES);
  const yearOf = new Map<unknown, number>();
  const shown = new Map<unknown, string>();
  for (const item of figures)
    if (item.figure.kind === "year" && !yearOf.has(item.sentence)) yearOf.set(item.sentence, item.figure.value);
  for (const item of figures) {
    if (item.figure.kind === "year") continue;
    const after = item.sentence.marked
      .slice(item.end, item.end + 80)
      .split(CITE_MARK)
      .join(" ");
    const words = after.split(/\s+/).filter(Boolean).slice(0, SUBJECT_WORDS).join(" ");
    const subject = contentWords(words).slice(0, SUBJECT_KEPT);
    if (subject.length === 0) continue;
    const year = yearOf.get(item.sentence);
    let sentence = shown.get(item.sentence);
    if (sentence === undefined) {
      sentence = sentenceText(item.sentence);
      shown.set(item.sentence, sentence);
    }
    keys.push({
      key: [comparableClass(item.figure), subject.join(" "), year ?? ""].join("|"),
      figure: item.figure,
      at: item.at,
      sentence,
    });
  }
  return keys;
}

/** Recommendations of one key compared (a key stated in 500 recommendations compares the first 50). */
const MAX_PER_KEY = 50;

/**
 * Figures stating the same quantity (same key) that disagree, neither agreeing with the other
 * under the claim check's tolerance, across the recommendations of a brief: each gets an
 * "inconsistent" finding naming the other recommendations and how they state it.
 */
export function inconsistencies(byRecommendation: Map<string, ClaimKey[]>): Map<string, ClaimFinding[]> {
  const byKey = new Map<string, Array<{ recommendationId: string; item: ClaimKey; occurrence: number }>>();
  for (const [recommendationId, keys] of byRecommendation) {
    const occurrences = new Map<string, number>();
    for (const item of keys) {
      const occurrence = occurrences.get(item.figure.raw) ?? 0;
      occurrences.set(item.figure.raw, occurrence + 1);
      let group = byKey.get(item.key);
      if (!group) {
        group = [];
        byKey.set(item.key, group);
      }
      if (group.length < MAX_PER_KEY) group.push({ recommendationId, item, occurrence });
    }
  }
  const found = new Map<string, ClaimFinding[]>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const { recommendationId, item, occurrence } of group) {
      const others: Array<{ recommendationId: string; raw: string }> = [];
      for (const other of group) {
        if (other.recommendationId === recommendationId) continue;
        if (agrees(item.figure, other.item.figure) || agrees(other.item.figure, item.figure)) continue;
        if (!others.some((o) => o.recommendationId === other.recommendationId && o.raw === other.item.figure.raw))
          others.push({ recommendationId: other.recommendationId, raw: other.item.figure.raw });
      }
      if (others.length === 0) continue;
      let list = found.get(recommendationId);
      if (!list) {
        list = [];
        found.set(recommendationId, list);
      }
      list.push({
        id: findingId("inconsistent", item.figure, [], occurrence),
        kind: "inconsistent",
        figure: item.figure,
        at: item.at,
        sentence: item.sentence,
        passages: [],
        others,
      });
    }
  }
  return found;
}
