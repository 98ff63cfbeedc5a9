import { describe, expect, it } from "vitest";
import type { PositionedText } from "./pdfLines.js";
import { splitFootnotes } from "./pdfFootnotes.js";
import type { PdfPage } from "./pdfTypes.js";
import { cpuTimeOf, ratiosUntilWithin } from "./testing/cpuTime.js";
import { type Part, bodyLines, noteLines, pageOf, runsOf } from "./testing/pdfPages.js";

/**
 * Reading footnotes takes time linear in the pages' size: for each shape, the time per unit at
 * 8 times the size is at most twice that at the base size. The shapes are the ones a careless
 * reader would make quadratic: many pages of notes and markers (chain building), one long note
 * line full of numbers after full stops (candidates in one line), one note running over every
 * page with its URL broken on every line (joining), one body line of thousands of markers (a
 * line's runs read over and over). CPU time, the least of nine from a collected heap (testing/cpuTime.ts).
 * CPU time counts the garbage collector's too: a reader that copies a long line's runs at every
 * step pays for it here as growth, since at 8× its copies outlive the young generation.
 */
const BASE = 1000;
/** The larger size, as a multiple of BASE (marker numbers stay within four digits). */
const FACTOR = 8;
const MAX_GROWTH = 2;

async function growth(make: (units: number) => PdfPage[]): Promise<number> {
  const small = make(BASE);
  const large = make(BASE * FACTOR);
  splitFootnotes(small); // warm the JIT before measuring
  // The small input read FACTOR times against the large read once: the same work if linear,
  // and each sample long enough that the clock's grain and the collector's pauses even out.
  // Nine samples: the shapes' reads take milliseconds, where one slow sample is half the ratio.
  const smalls = await cpuTimeOf(() => {
    for (let i = 0; i < FACTOR; i++) splitFootnotes(small);
  }, 9);
  const once = await cpuTimeOf(() => splitFootnotes(large), 9);
  return Math.round((once / Math.max(smalls, 1e-6)) * 100) / 100;
}

const sup = (text: string): Part => ({ sup: text });

const SHAPES: Array<[string, (units: number) => PdfPage[]]> = [
  [
    "pages of markers and notes",
    (units) =>
      Array.from({ length: units }, (_, page) =>
        pageOf(page + 1, [
          ...bodyLines([
            ["Trade grew by law,", sup(String(2 * page + 1)), " as agreed in 2019."],
            ["Ports grew.", sup(String(2 * page + 2)), " Fleets landed 3 million tonnes."],
          ]),
          ...noteLines([
            [sup(String(2 * page + 1)), " Office, Review, 2022, https://example.org/a-"],
            ["b/c.pdf."],
            [sup(String(2 * page + 2)), " Ibid. 7 Other, 2021."],
          ]),
        ]),
      ),
  ],
  [
    "one note line full of numbers after full stops",
    (units) => [
      pageOf(1, [
        ...bodyLines([
          ["Trade grew.", sup("1")],
          ["Ports grew.", sup("2")],
        ]),
        runsOf(
          160,
          9,
          [sup("1"), " Start.", ...Array.from({ length: units }, (_, i): Part => ` Year. ${i % 9} Note of ${i}.`)],
          10,
        ),
        ...noteLines([[sup("2"), " Last."]], 140),
      ]),
    ],
  ],
  [
    "one note over every page, its URL broken on every line",
    (units) =>
      Array.from({ length: Math.ceil(units / 10) }, (_, page) =>
        pageOf(page + 1, [
          ...bodyLines([[`Text of page ${page}.`, ...(page === 0 ? [sup("1")] : [])]]),
          ...noteLines(
            Array.from({ length: 10 }, (_, line): Part[] =>
              page === 0 && line === 0 ? [sup("1"), " See https://example.org/"] : [`part-${line}/`],
            ),
            300,
          ),
        ]),
      ),
  ],
  [
    "one body line of many markers",
    (units) => [
      pageOf(1, [
        runsOf(
          700,
          11,
          Array.from({ length: units }, (_, i): Part[] => [" word", sup(String(i + 1))]).flat(),
          10,
        ) as PositionedText[],
        ...noteLines(
          Array.from({ length: units }, (_, i) => [sup(String(i + 1)), ` Note ${i + 1}.`]),
          300,
        ),
      ]),
    ],
  ],
];

describe("footnotes are read in linear time", () => {
  it.each(SHAPES)("%s", async (_name, make) => {
    const ratios = await ratiosUntilWithin(() => growth(make), MAX_GROWTH);
    console.log(`[linear] footnotes, ${_name}: ${ratios.join(", ")}`);
    expect(Math.min(...ratios), `time per unit at ${FACTOR}x relative to 1x: ${ratios.join(", ")}`).toBeLessThanOrEqual(
      MAX_GROWTH,
    );
  });
});
