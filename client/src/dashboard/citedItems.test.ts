import { describe, expect, it } from "vitest";
import { excerpt, unchosenCount, type CitedItem } from "./citedItems";

const citation = (sourcesChosen: boolean): CitedItem => ({
  id: "c",
  recommendationId: "r",
  evidenceId: "e",
  reportId: "p",
  quote: null,
  notes: [],
  sourceIds: [],
  sourcesChosen,
  sourceId: null,
  locator: null,
  passage: null,
  source: null,
});

describe("citedItems", () => {
  it("counts the citations whose sources were never chosen", () => {
    expect(unchosenCount([citation(true), citation(false), citation(false)])).toBe(2);
    expect(unchosenCount([])).toBe(0);
  });

  it("cuts a long passage at a word, a short one not at all", () => {
    expect(excerpt("Dredging  pays\nfor itself.")).toBe("Dredging pays for itself.");
    expect(excerpt("Coastal shipping volumes rose fourteen percent, again.", 40)).toBe(
      "Coastal shipping volumes rose fourteen…",
    );
  });
});
