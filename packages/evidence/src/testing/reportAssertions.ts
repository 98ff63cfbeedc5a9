import { expect } from "vitest";
import type { ImportedReport } from "../types.js";

/** Every figure's `start` must point at its `raw` text: claim checks highlight by offset. */
export function expectFigureOffsetsHold(report: ImportedReport): void {
  for (const passage of report.passages) {
    for (const figure of passage.figures) {
      expect(passage.text.slice(figure.start, figure.start + figure.raw.length)).toBe(figure.raw);
    }
  }
}

/** A paragraph that a page break cut would end without its closing punctuation. */
export const PARAGRAPH_END = /[.:?!][”"’)]*$/u;
