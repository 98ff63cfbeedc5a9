import { describe, expect, it } from "vitest";
import { chosenSources, passagePlace, type CardPassage } from "./citationPassage";
import type { BriefSource } from "./citationTypes";
import { pendingCitationOf } from "./pendingCitation";

const passage: CardPassage = {
  text: "Two coastal substations carry the output inland.",
  page: 3,
  section: "GRID",
  reportTitle: "Tidal Grid Review",
  sourcesFrom: "page",
  notes: [
    { number: 4, text: "Grid operator, Connection Plan.", urls: ["https://example.org/plan"] },
    { number: 5, text: "Pylon survey.", urls: [] },
  ],
};

const source = (id: string, title: string): BriefSource => ({
  id,
  briefId: "b1",
  csl: { type: "report", title },
  createdBy: "u1",
  createdAt: "2026-12-05T00:00:00.000Z",
  updatedAt: "2026-12-05T00:00:00.000Z",
});

describe("chosenSources", () => {
  it("gives the chosen notes with their text, then the chosen bibliography sources, in the citation's order", () => {
    const chosen = chosenSources({ notes: [5, 4], sourceIds: ["s2"] }, passage, [
      source("s1", "One"),
      source("s2", "Two"),
    ]);
    expect(chosen.notes.map((note) => note.number)).toEqual([5, 4]);
    expect(chosen.notes[1]?.urls).toEqual(["https://example.org/plan"]);
    expect(chosen.sources.map((item) => item.csl.title)).toEqual(["Two"]);
  });

  it("names a chosen note the passage does not list, and leaves out a source no longer in the bibliography", () => {
    const chosen = chosenSources({ notes: [9], sourceIds: ["gone"] }, passage, []);
    expect(chosen.notes).toEqual([{ number: 9, text: "Note 9 of the report", urls: [] }]);
    expect(chosen.sources).toEqual([]);
  });
});

describe("passagePlace", () => {
  it("reads as report, section and page", () => {
    expect(passagePlace(passage, true)).toBe("Tidal Grid Review · GRID · page 3");
    expect(passagePlace({ ...passage, section: null }, false)).toBe("Before the first section · page 3");
  });
});

describe("pendingCitationOf", () => {
  it("reads a citation carried in the router's state, and nothing else", () => {
    expect(pendingCitationOf({ insertCitation: { citationId: "c1", evidenceId: "e1" } })).toEqual({
      citationId: "c1",
      evidenceId: "e1",
    });
    expect(pendingCitationOf(null)).toBeNull();
    expect(pendingCitationOf({ insertCitation: { citationId: 1, evidenceId: "e1" } })).toBeNull();
    expect(pendingCitationOf("insertCitation")).toBeNull();
  });
});
