import { describe, expect, it } from "vitest";
import { CslEngine } from "./CslEngine.js";
import type { CslItem } from "./cslItem.js";
import { parseCslXml } from "./cslXml.js";
import { loadBundledStyle } from "./styles.js";

/**
 * CslEngine.renderNotes hands citeproc the brief's notes in reading order, so the style sees
 * every cite's position. No bundled style reads near-note or first-reference-note-number,
 * which a house style may ("supra note 3"): a probe style of our own prints every position,
 * that number, and a short name that needs its given name to tell two authors apart.
 */

const POSITIONS_PROBE = parseCslXml(`<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Positions probe</title><id>positions-probe</id><updated>2026-12-05T00:00:00+00:00</updated></info>
  <citation near-note-distance="3" disambiguate-add-givenname="true">
    <layout delimiter="; ">
      <choose>
        <if position="ibid-with-locator"><text value="ibid-with-locator "/><text variable="locator"/></if>
        <else-if position="ibid"><text value="ibid"/></else-if>
        <else-if position="near-note"><text value="near "/><names variable="author"><name form="short"/></names><text value=" "/><text variable="title"/><text value=" n"/><text variable="first-reference-note-number"/></else-if>
        <else-if position="subsequent"><text value="far "/><names variable="author"><name form="short"/></names><text value=" "/><text variable="title"/><text value=" n"/><text variable="first-reference-note-number"/></else-if>
        <else><text value="first "/><text variable="title"/></else>
      </choose>
    </layout>
  </citation>
</style>`);

const AUTHORS = [
  { family: "Moreau", given: "Claire" },
  { family: "Moreau", given: "Colette" },
  { family: "Osei", given: "Kwame" },
  { literal: "Port Authority of the North" },
];
const TYPES = ["report", "webpage", "book", "article-journal"] as const;

/** Twelve items, several by one author in one year with similar titles. */
const ITEMS = new Map<string, CslItem>(
  Array.from({ length: 12 }, (_, i): [string, CslItem] => {
    const type = TYPES[i % TYPES.length]!;
    return [
      `item-${i}`,
      {
        type,
        title: `Freight through the northern corridor${i % 3 === 0 ? "" : `, part ${i % 8}`}`,
        author: [AUTHORS[i % AUTHORS.length]!],
        issued: { "date-parts": [[2019 + (i % 2)]] },
        ...(type === "article-journal"
          ? { "container-title": "Journal of Transport Policy", volume: "12", page: "100-120" }
          : {}),
        ...(type === "book" || type === "report" ? { publisher: "Meridian Press" } : {}),
        ...(type === "webpage" ? { URL: `https://example.org/${i}` } : {}),
      },
    ];
  }),
);

const text = (runs: ReadonlyArray<{ text: string }>) => runs.map((run) => run.text).join("");

describe("CslEngine.renderNotes", () => {
  it("the probe style sees every position (first, ibid, ibid with a locator, near within 3 notes, far) with the first note's number, and gives two authors of one title their given names", () => {
    const engine = CslEngine.create(POSITIONS_PROBE, ITEMS);
    const notes = engine.renderNotes([
      [{ id: "item-1" }],
      [{ id: "item-1" }],
      [{ id: "item-1", locator: "9" }],
      [{ id: "item-2" }],
      [{ id: "item-1" }],
      [{ id: "item-0" }],
      [{ id: "item-4" }],
      [{ id: "item-9" }],
      [{ id: "item-1" }],
      [{ id: "item-0" }],
      [{ id: "item-9" }],
    ]);
    expect(notes.map(text)).toEqual([
      "first Freight through the northern corridor, part 1",
      "ibid",
      "ibid-with-locator 9",
      "first Freight through the northern corridor, part 2",
      "near Moreau Freight through the northern corridor, part 1 n1",
      "first Freight through the northern corridor",
      "first Freight through the northern corridor, part 4",
      "first Freight through the northern corridor",
      "far Moreau Freight through the northern corridor, part 1 n1",
      // Two Moreaus with one title, each cited again: told apart by their given names.
      "far Claire Moreau Freight through the northern corridor n6",
      "near Colette Moreau Freight through the northern corridor n8",
    ]);
  });

  it("Chicago with Ibid.: a full note first, Ibid. right after, a short note after another note", () => {
    const engine = CslEngine.create(loadBundledStyle("chicago-fullnote-bibliography-with-ibid"), ITEMS);
    const notes = engine
      .renderNotes([
        [{ id: "item-2" }],
        [{ id: "item-2", locator: "4", label: "page" }],
        [{ id: "item-3" }],
        [{ id: "item-2" }],
      ])
      .map(text);
    expect(notes[0]).toBe("Kwame Osei, Freight through the Northern Corridor, Part 2 (Meridian Press, 2019).");
    expect(notes[1]).toBe("Ibid., 4.");
    expect(notes[3]).toBe("Osei, Freight through the Northern Corridor, Part 2.");
  });
});
