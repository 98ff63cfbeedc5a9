import { LRUCache } from "lru-cache";
import { MAX_MEMO_CHARS } from "./limits.js";
import type { ReportFigureIndex } from "./ReportFigureIndex.js";

/**
 * What one check of a brief's bodies reads that the next check reads again (issue 19): a person
 * typing changes one sentence between two checks of a 5,000-word body, so the figures of every
 * other sentence, the figures of its cited passages and the verdicts on its figures are the same
 * as last time. Each is kept by the text it was read from (a sentence's text with its citations
 * marked, a passage's text), so an edit is a new key, never a stale answer; a verdict also by
 * the passages it was judged against, and an uncited sentence's (the report's offers) belongs to
 * one report index (`report`).
 *
 * Bounded: the keys and values of all three together weigh at most `maxChars` (MAX_MEMO_CHARS,
 * a figure or offer counted as FIGURE_WEIGHT characters), least recently used out first.
 */
export class ClaimMemo {
  private readonly cache: LRUCache<string, { value: unknown; deps: readonly unknown[] }>;

  constructor(
    /** The index the offers were found in: a check with another index does not use them. */
    readonly report: ReportFigureIndex | null,
    readonly maxChars = MAX_MEMO_CHARS,
  ) {
    this.cache = new LRUCache({
      maxSize: maxChars,
      sizeCalculation: (entry, key) => key.length + weight(entry.value),
    });
  }

  /** Characters held, as the bound counts them. */
  get size(): number {
    return this.cache.calculatedSize;
  }

  /**
   * What `read()` gives, kept under `key`: the kind of thing and every text it was read from;
   * `deps`, what else it was read from, compared by identity (the same passage read, not an
   * equal one). A value larger than the whole bound is not kept.
   */
  remember<T>(kind: "sentence" | "passage" | "verdicts", key: string, read: () => T, deps: readonly unknown[] = []): T {
    const at = `${kind}\u0000${key}`;
    const kept = this.cache.get(at);
    if (kept !== undefined && kept.deps.length === deps.length && kept.deps.every((dep, i) => dep === deps[i]))
      return kept.value as T;
    const value = read();
    this.cache.set(at, { value, deps });
    return value;
  }
}

/** What one figure (or passage item) is counted as, in characters, against the bound. */
const FIGURE_WEIGHT = 64;

function weight(value: unknown): number {
  return Array.isArray(value) ? value.length * FIGURE_WEIGHT : FIGURE_WEIGHT;
}
