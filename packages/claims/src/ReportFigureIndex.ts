import { agrees, comparableClass, contentWords, inBaseUnits, overlap } from "./agree.js";
import { readClaimFigures } from "./figures.js";
import {
  CONTEXT_CHARS,
  MAX_FIGURES_PER_PASSAGE,
  MAX_INDEX_CANDIDATES,
  MAX_INDEXED_FIGURES,
  MAX_OFFERED_PASSAGES,
  MAX_PASSAGE_CHARS,
} from "./limits.js";
import type { ClaimFigure, PassageFigure } from "./types.js";

interface Entry {
  evidenceId: string;
  figure: PassageFigure;
  /** The figure's value in its dimension's base unit (7 gigawatts and 7,000 megawatts sort together). */
  base: number;
  context: Set<string>;
}

/**
 * The figures a brief's reports state, built once per brief, for "unsupported": which passages
 * state a figure the draft states without a citation. Figures are grouped by comparable class
 * (kind and unit) and sorted by value, so a lookup is a binary search to the values the draft's
 * tolerance allows and a look at no more than MAX_INDEX_CANDIDATES of them, never a scan of the
 * reports. Years are not indexed: a year alone is no figure to offer a citation for.
 */
export class ReportFigureIndex {
  private constructor(
    private readonly groups: Map<string, Entry[]>,
    /** Figures indexed (at most MAX_INDEXED_FIGURES). */
    readonly size: number,
  ) {}

  static build(passages: Iterable<{ evidenceId: string; text: string }>): ReportFigureIndex {
    const groups = new Map<string, Entry[]>();
    let size = 0;
    outer: for (const { evidenceId, text } of passages) {
      const read = text.length > MAX_PASSAGE_CHARS ? text.slice(0, MAX_PASSAGE_CHARS) : text;
      for (const figure of readClaimFigures(read, MAX_FIGURES_PER_PASSAGE)) {
        if (figure.kind === "year") continue;
        if (size >= MAX_INDEXED_FIGURES) break outer;
        const key = comparableClass(figure);
        let group = groups.get(key);
        if (!group) {
          group = [];
          groups.set(key, group);
        }
        group.push({
          evidenceId,
          figure,
          base: inBaseUnits(figure).value,
          context: contextAround(read, figure.start, figure.end),
        });
        size++;
      }
    }
    for (const group of groups.values()) group.sort((a, b) => a.base - b.base);
    return new ReportFigureIndex(groups, size);
  }

  /**
   * Passages stating a figure that agrees with `figure` (at most MAX_OFFERED_PASSAGES, one per
   * passage), those sharing most words with `context` first. With a context, a passage must
   * share at least one content word with it: "62 percent" alone is stated by many passages about
   * other things.
   */
  find(figure: ClaimFigure, context?: ReadonlySet<string>): Array<{ evidenceId: string; figure: PassageFigure }> {
    const group = this.groups.get(comparableClass(figure));
    if (!group) return [];
    const [low, high] = window(inBaseUnits(figure));
    let at = lowerBound(group, low);
    const found: Array<{ entry: Entry; shared: number }> = [];
    for (let seen = 0; at < group.length && seen < MAX_INDEX_CANDIDATES; at++, seen++) {
      const entry = group[at]!;
      if (entry.base > high) break;
      // The word overlap first: it is cheaper than agrees() and rules out most entries.
      const shared = context ? overlap(context, entry.context) : 0;
      if (context && shared === 0) continue;
      if (!agrees(figure, entry.figure)) continue;
      found.push({ entry, shared });
    }
    found.sort((a, b) => b.shared - a.shared);
    const offered: Array<{ evidenceId: string; figure: PassageFigure }> = [];
    const passages = new Set<string>();
    for (const { entry } of found) {
      if (passages.has(entry.evidenceId)) continue;
      passages.add(entry.evidenceId);
      offered.push({ evidenceId: entry.evidenceId, figure: entry.figure });
      if (offered.length === MAX_OFFERED_PASSAGES) break;
    }
    return offered;
  }
}

/** The passage values (low ends) that can agree with `figure`, per agrees()'s tolerance. */
function window(figure: ClaimFigure): [number, number] {
  const v = figure.value;
  const slack = 1e-9 * Math.max(Math.abs(v), 1);
  if (figure.rangeEnd !== undefined) return [v - slack, figure.rangeEnd + slack];
  // A share ("a third") meets a percent within 1 point, 3.5 with a hedge (agrees()).
  if (comparableClass(figure) === "percent") return [Math.min(v - 3.5, 0.75 * v), Math.max(v + 3.5, 1.25 * v)];
  switch (figure.hedge) {
    case null:
      return [v - slack, v + slack];
    case "about":
      return [0.9 * v - slack, 1.1 * v + slack];
    case "nearly":
      return [0.9 * v - slack, v + slack];
    case "over":
      return [v - slack, 1.25 * v + slack];
    case "under":
      return [0.75 * v - slack, v + slack];
  }
}

/** Content words within CONTEXT_CHARS of a figure, its own words left out. */
function contextAround(text: string, start: number, end: number): Set<string> {
  return new Set(
    contentWords(`${text.slice(Math.max(0, start - CONTEXT_CHARS), start)} ${text.slice(end, end + CONTEXT_CHARS)}`),
  );
}

function lowerBound(group: Entry[], value: number): number {
  let low = 0;
  let high = group.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (group[mid]!.base < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
