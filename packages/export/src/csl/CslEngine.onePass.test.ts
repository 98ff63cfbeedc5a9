import { describe, expect, it } from "vitest";
import { CslEngine, type CiteItem } from "./CslEngine.js";
import type { CslItem } from "./cslItem.js";
import { parseCslXml } from "./cslXml.js";
import { footnoteItem, parseLocator, reportItem } from "./reportItems.js";
import { BUNDLED_STYLES, loadBundledStyle } from "./styles.js";

/**
 * CslEngine.renderNotes renders a bundled style's notes in one pass (positions worked out by
 * CslEngine, each cluster rendered once by citeproc's makeCitationCluster) instead of
 * citeproc's batch (rebuildProcessorState). That is only allowed because the two give the
 * same html for every note and the same bibliography: this test renders random note sequences
 * through both paths, for every bundled style, and compares them exactly.
 */

/** Items that read alike: one author under two given names, one title in several years, a report and its notes. */
const ITEMS = new Map<string, CslItem>([
  ...Array.from({ length: 10 }, (_, i): [string, CslItem] => {
    const types = ["book", "webpage", "article-journal", "report", "chapter"] as const;
    const type = types[i % types.length]!;
    return [
      `source:${i}`,
      {
        type,
        title: `Freight through the northern corridor${i % 3 === 0 ? "" : `, part ${i % 4}`}`,
        author: [
          [
            { family: "Moreau", given: "Claire" },
            { family: "Moreau", given: "Colette" },
            { family: "Osei", given: "Kwame" },
            { literal: "Port Authority of the North" },
          ][i % 4]!,
        ],
        issued: { "date-parts": [[2019 + (i % 2)]] },
        ...(type === "article-journal"
          ? { "container-title": "Journal of Transport Policy", volume: "12", page: "100-120" }
          : {}),
        ...(type === "chapter"
          ? { "container-title": "Corridors", editor: [{ family: "Tanaka", given: "Hiro" }], page: "40-60" }
          : {}),
        ...(type === "book" || type === "report"
          ? { publisher: "Meridian Press", "publisher-place": "Rotterdam" }
          : {}),
        URL: `https://example.org/sources/${i}`,
      },
    ];
  }),
  ...Array.from({ length: 2 }, (_, r): [string, CslItem] => [
    `report:${r}`,
    reportItem({
      title: `Tidewater Grid Review ${2023 + r}`,
      authors: ["Amara Okafor", "Jonas Lindqvist"],
      publisher: "Harbour Policy Institute",
      date: `${2023 + r}-03-15`,
      reportNumber: `HPI-${100 + r}`,
    }),
  ]),
  ...Array.from({ length: 6 }, (_, n): [string, CslItem] => [
    `note:${n}`,
    footnoteItem(
      `Port Authority of the North, “Quarterly freight statistics, table ${1 + (n % 3)},” Corridor Bulletin, March ${1 + n}, 2019, https://example.org/bulletin/${n}.`,
      [`https://example.org/bulletin/${n}`],
    ),
  ]),
]);
const IDS = [...ITEMS.keys()];

/**
 * A seeded generator (mulberry32), so a failure names a sequence that can be run again. A
 * dozen lines rather than a dependency: the test needs nothing more than repeatable numbers.
 */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Locators as the export makes them (parseLocator of what an editor typed, or a passage's page). */
const LOCATOR_TEXTS = ["4", "4", "12", "12-14", "iv", "chap. 3", "para. 7", "fig. 2", "n. 5", "table 3", "§ 4"];

function randomCite(next: () => number, id: string): CiteItem {
  const roll = next();
  if (roll < 0.45) return { id };
  if (roll < 0.6) return { id, locator: String(1 + Math.floor(next() * 3)), label: "page" };
  return { id, ...parseLocator(LOCATOR_TEXTS[Math.floor(next() * LOCATOR_TEXTS.length)]!) };
}

/** Notes of one to four cites from a small pool, so items come back often: right after themselves (Ibid.), within a few notes (near) and far. */
function randomNotes(seed: number, count: number): CiteItem[][] {
  const next = random(seed);
  const pool = IDS.filter(() => next() < 0.6);
  if (pool.length < 2) pool.push(IDS[0]!, IDS[1]!);
  const pick = () => pool[Math.floor(next() * pool.length)]!;
  const notes: CiteItem[][] = [];
  for (let n = 0; n < count; n++) {
    const size = next() < 0.55 ? 1 : 2 + Math.floor(next() * 3);
    const cites: CiteItem[] = [];
    for (let k = 0; k < size; k++) {
      const roll = next();
      // The previous note's first item again, the cite just before again, or any.
      const id =
        roll < 0.25 && notes.length > 0
          ? notes[notes.length - 1]![0]!.id
          : roll < 0.35 && cites.length > 0
            ? cites[cites.length - 1]!.id
            : pick();
      cites.push(randomCite(next, id));
    }
    notes.push(cites);
  }
  return notes;
}

/**
 * No bundled style prints near-note or first-reference-note-number: this probe prints every
 * position, the first note's number, and whether the cite is near, so the one pass's working
 * out of each is compared too (the probe is run as if bundled, which no lead's style is).
 * It does not disambiguate: a style that prints the first note's number and adds given names
 * to tell authors apart gets other names from the one pass (the batch disambiguates again with
 * the note numbers in the cite, and two Moreaus first cited in different notes no longer clash),
 * which is why only the bundled styles, none of which prints it, take the one pass.
 */
const POSITIONS_PROBE = parseCslXml(`<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>Positions probe</title><id>positions-probe</id><updated>2026-12-05T00:00:00+00:00</updated></info>
  <citation near-note-distance="3">
    <layout delimiter="; ">
      <choose>
        <if position="ibid-with-locator"><text value="ibid-with-locator "/><text variable="locator"/></if>
        <else-if position="ibid"><text value="ibid"/></else-if>
        <else-if position="subsequent"><text value="subsequent "/><names variable="author"><name form="short"/></names><text value=" "/><text variable="title"/><text value=" n"/><text variable="first-reference-note-number"/></else-if>
        <else><text value="first "/><text variable="title"/><text value=" "/><label variable="locator" form="short"/><text variable="locator"/></else>
      </choose>
      <choose><if position="near-note"><text value=" (near)"/></if></choose>
    </layout>
  </citation>
</style>`);

const SEQUENCES = 8;
const NOTES_PER_SEQUENCE = 50;

describe("CslEngine: one pass against citeproc's batch", () => {
  for (const styleId of [...BUNDLED_STYLES.map((style) => style.id), "positions-probe"]) {
    it(`${styleId}: the same html for every note and the same bibliography, on ${SEQUENCES} random sequences of ${NOTES_PER_SEQUENCE} notes`, () => {
      const style = styleId === "positions-probe" ? POSITIONS_PROBE : loadBundledStyle(styleId);
      const batch = CslEngine.create(style, ITEMS, { bundled: true });
      const onePass = CslEngine.create(style, ITEMS, { bundled: true });
      const sorted = ["apa", "ieee", "vancouver"].includes(styleId);
      let compared = 0;
      for (let seed = 1; seed <= SEQUENCES; seed++) {
        const notes = randomNotes(seed * 7919 + styleId.length, NOTES_PER_SEQUENCE);
        // A style that sorts the cites of a citation never takes the one pass: makeCitationCluster would sort them.
        expect(onePass.onePassFits(notes), `seed ${seed}`).toBe(!sorted);
        if (sorted) continue;
        // Both engines reused from the last sequence, as an export worker reuses them.
        const expected = batch.reuseFor(ITEMS).renderNotesInBatch(notes);
        const actual = onePass.reuseFor(ITEMS).renderNotesInOnePass(notes);
        expect(actual, `seed ${seed}`).toEqual(expected);
        expect(onePass.bibliography(), `seed ${seed}`).toEqual(batch.bibliography());
        compared++;
      }
      expect(compared).toBe(sorted ? 0 : SEQUENCES);
    });
  }

  it("keeps citeproc's batch for a lead's own style, and for a locator citeproc would rewrite before comparing", () => {
    const style = loadBundledStyle("chicago-fullnote-bibliography-with-ibid");
    const notes: CiteItem[][] = [
      [{ id: "source:0", locator: "4", label: "page" }],
      [{ id: "source:0", locator: "4", label: "page" }],
    ];
    expect(CslEngine.create(style, ITEMS).onePassFits(notes)).toBe(false);
    const bundled = CslEngine.create(style, ITEMS, { bundled: true });
    expect(bundled.onePassFits(notes)).toBe(true);
    expect(bundled.onePassFits([[{ id: "source:0", locator: "p. 4" }]])).toBe(false);
    expect(bundled.onePassFits([[{ id: "source:0", locator: "4|2019-01-01" }]])).toBe(false);
    expect(bundled.onePassFits([[{ id: "source:0", locator: "4 " }]])).toBe(false);
    expect(bundled.onePassFits([[]])).toBe(false);
  });
});
