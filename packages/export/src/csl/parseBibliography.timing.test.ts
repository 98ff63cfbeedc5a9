import { describe, expect, it } from "vitest";
import { cpuTimeOf, ratiosUntilWithin } from "@accord/evidence/testing/cpuTime";
import { parseBibliography, type BibliographyFormat } from "./parseBibliography.js";

/**
 * parseBibliography runs on a pasted megabyte: its time must grow with the text's length,
 * not its square. Each shape is timed at 256 KiB and at 1 MiB (4×); linear work takes about
 * 4× as long, quadratic 16×. CPU time, the least of five runs each from a collected heap
 * (@accord/evidence's cpuTimeOf), so other processes and the last run's garbage count less. Run with --maxWorkers=1.
 */
const SMALL = 256 * 1024;
const LARGE = 1024 * 1024;

/** `unit(i)` repeated until the text is `bytes` long (entries bounded by the 500 limit). */
function fill(bytes: number, unit: (i: number, size: number) => string, count: number): string {
  const size = Math.floor(bytes / count);
  return Array.from({ length: count }, (_, i) => unit(i, size))
    .join("")
    .slice(0, bytes);
}

function attempt(text: string, format: BibliographyFormat): void {
  try {
    parseBibliography(text, format);
  } catch {
    // Refusals are timed too: a malformed paste must be refused in linear time.
  }
}

const SHAPES: Array<{ name: string; format: BibliographyFormat; text: (bytes: number) => string }> = [
  {
    name: "500 BibTeX entries with long abstracts",
    format: "bibtex",
    text: (bytes) =>
      fill(
        bytes,
        (i, size) =>
          `@article{k${i}, title = {Title ${i}}, author = {Lee, Min}, year = 2020, abstract = {${"storage grid ".repeat(Math.max(1, Math.floor((size - 90) / 13)))}}}\n`,
        500,
      ),
  },
  {
    name: "BibTeX: one unclosed brace before a megabyte of text",
    format: "bibtex",
    text: (bytes) => `@misc{k, title = {${"a{b}c ".repeat(bytes / 6)}`,
  },
  { name: "BibTeX: a megabyte of stray @ signs", format: "bibtex", text: (bytes) => "@".repeat(bytes) },
  {
    name: "BibTeX: text without entries",
    format: "bibtex",
    text: (bytes) => "no entries here, only words ".repeat(bytes / 28),
  },
  {
    name: "500 RIS records with long abstracts",
    format: "ris",
    text: (bytes) =>
      fill(
        bytes,
        (i, size) =>
          `TY  - JOUR\nTI  - Title ${i}\nAB  - ${"storage grid ".repeat(Math.max(1, Math.floor((size - 40) / 13)))}\nER  - \n`,
        500,
      ),
  },
  {
    name: "RIS: one record continued over a megabyte of lines",
    format: "ris",
    text: (bytes) => `TY  - JOUR\nTI  - T\n${"more words\n".repeat(bytes / 11)}`,
  },
];

describe("parseBibliography time grows linearly with the text", () => {
  for (const shape of SHAPES) {
    it(shape.name, async () => {
      const small = shape.text(SMALL);
      const large = shape.text(LARGE);
      attempt(small, shape.format); // warm the JIT before measuring
      let largeMs = 0;
      const ratios = await ratiosUntilWithin(async () => {
        const smallMs = await cpuTimeOf(() => attempt(small, shape.format));
        largeMs = await cpuTimeOf(() => attempt(large, shape.format));
        // Below a few milliseconds the ratio is noise; the bound then is the time itself.
        return largeMs > 40 ? largeMs / Math.max(smallMs, 1) : 0;
      }, 7.99);
      expect(Math.min(...ratios), `time at 4× the text relative to 1×: ${ratios.join(", ")}`).toBeLessThan(8);
      expect(largeMs).toBeLessThan(4000);
    });
  }
});
