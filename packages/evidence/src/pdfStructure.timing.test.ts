import { describe, expect, it } from "vitest";
import { readContents } from "./pdfContents.js";
import { buildLines, type PositionedText } from "./pdfLines.js";
import { classifyLines, removeFurniture } from "./pdfStructure.js";
import type { PdfPage } from "./pdfTypes.js";
import { cpuTimeOf } from "./testing/cpuTime.js";

/**
 * The structure steps take time linear in their pages, on the shapes that would cost a square
 * if they compared lines or pages in pairs: every page with the same running header and a
 * footer, a contents list as long as the body, and an outline whose every title is the same
 * word, as are all of the body's headings. The time per page with 16 times the pages is at most
 * twice that of the smaller input (process CPU time, the least of five runs from a collected heap: testing/cpuTime.ts).
 */
const SIZES = [100, 1600];
const MAX_GROWTH = 2;

const run = (text: string, y: number, size = 11, font = "regular", x = 72): PositionedText => ({
  text,
  x,
  y,
  width: text.length * size * 0.5,
  size,
  font,
});

function documentOf(pageCount: number): PdfPage[] {
  const pages: PdfPage[] = [];
  const contentsPages = Math.ceil(pageCount / 40);
  for (let number = 1; number <= pageCount + contentsPages; number++) {
    const runs: PositionedText[] = [run("Grid Storage and the Regional Market", 760, 8)];
    if (number <= contentsPages) {
      for (let line = 0; line < 40; line++)
        runs.push(run(`Introduction ${".".repeat(50)} ${line + 1}`, 700 - line * 14));
    } else {
      runs.push(run("Introduction", 720, 14, "bold"));
      for (let line = 0; line < 30; line++)
        runs.push(run(`the market pays storage for energy and reserves ${line}`, 695 - line * 13.5));
    }
    runs.push(run(`Harbor Policy Institute ${number}`, 30, 8));
    pages.push({ number, width: 612, height: 792, lines: buildLines(runs), links: [] });
  }
  return pages;
}

describe("PDF structure runs in linear time", () => {
  it("running furniture, a long contents list and an outline of one repeated title", async () => {
    const inputs = new Map(SIZES.map((size) => [size, documentOf(size)]));
    const once = (size: number): void => {
      const pages = inputs.get(size)!;
      const cleaned = removeFurniture(pages);
      classifyLines(cleaned, readContents(pages));
    };
    once(SIZES[0]!); // warm the JIT before measuring the baseline
    const perPage: number[] = [];
    for (const size of SIZES) perPage.push((await cpuTimeOf(() => once(size))) / size);
    const ratio = Math.round((perPage[1]! / perPage[0]!) * 100) / 100;
    expect(ratio, `time per page relative to ${SIZES[0]} pages: ${ratio}`).toBeLessThanOrEqual(MAX_GROWTH);
  });
});
