import { expect } from "vitest";
import type { ImportedPassage, ImportedReport } from "../types.js";

/**
 * What every passage's `markers` must keep to (CITATIONS.md §1), whatever the format: their
 * numbers, each once in order, are its `footnotes` (or none, page-sourced); each `at` lies in its
 * text, in reading order, and never just after whitespace (a marker follows a word or its
 * punctuation). Returns the number of markers seen, so a test can say it saw some.
 */
export function expectMarkerOffsetsHold(report: ImportedReport): number {
  let seen = 0;
  for (const passage of report.passages) {
    const where = `passage ${passage.position} (page ${passage.page}): ${passage.text.slice(0, 80)}`;
    if (passage.sourcesFrom === "page") {
      expect(passage.markers, where).toEqual([]);
      continue;
    }
    expect([...new Set(passage.markers.map((marker) => marker.number))], where).toEqual(passage.footnotes);
    let previous = 0;
    for (const { at } of passage.markers) {
      expect(Number.isInteger(at) && at >= previous && at <= passage.text.length, `${where}: at ${at}`).toBe(true);
      if (at > 0) expect(/\s/.test(passage.text[at - 1]!), `${where}: whitespace before at ${at}`).toBe(false);
      previous = at;
    }
    seen += passage.markers.length;
  }
  return seen;
}

/** A passage's text with `^n` written where marker n stood: what a reader of the assertions sees. */
export function withMarkers(passage: Pick<ImportedPassage, "text" | "markers">): string {
  let out = "";
  let from = 0;
  for (const marker of passage.markers) {
    out += `${passage.text.slice(from, marker.at)}^${marker.number}`;
    from = marker.at;
  }
  return out + passage.text.slice(from);
}
