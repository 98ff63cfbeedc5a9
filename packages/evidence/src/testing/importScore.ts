import type { ImportedReport } from "../types.js";

/**
 * How well an import matches a report's truth (issue 13's four measures). Pure counting, so
 * that `npm run eval:import` and the real-report tests score the same way.
 */

/** One report's line of `truth.json`. */
export interface ReportTruth {
  file: string;
  report: string;
  pages: number;
  /** The report's contents list. */
  headings: string[];
  /** How many numbered notes it has. */
  footnotes: number;
}

export interface ImportScore {
  pagesExact: boolean;
  /** Contents headings that are among the sections. */
  headingsFound: number;
  headingsTotal: number;
  /** Sections that are contents headings. */
  realSections: number;
  sections: number;
  /** Notes numbered 1..N found, each once, with text. */
  footnotesFound: number;
  /** Notes found beyond those: numbers outside 1..N, or a number twice. */
  footnotesExtra: number;
  footnotesTotal: number;
  /** Of the notes found, those some passage cites (its marker was read). */
  footnotesCited: number;
  /** Of the notes found, those whose text agrees with the report's own text of that note (when known). */
  footnotesAgreeing: number;
}

/** Words of three or more letters or digits, lower-cased: what two renderings of a note share. */
function words(text: string): Set<string> {
  return new Set(
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]{3,}/gu) ?? [],
  );
}

/**
 * Whether a note's text is the same citation as the truth's: at least half of the truth's words
 * are in it (the PDF breaks URLs and words over lines, so exact equality is too strict).
 */
export function noteAgrees(found: string, truth: string): boolean {
  const want = words(truth);
  if (want.size === 0) return true;
  const have = words(found);
  let shared = 0;
  for (const word of want) if (have.has(word)) shared++;
  return shared / want.size >= 0.5;
}

/** The notes' texts by number from a CRS Markdown rendering's `# Footnotes` table (`| 3. | text`). */
export function notesOfMarkdown(markdown: string): Map<number, string> {
  const notes = new Map<number, string>();
  const start = markdown.indexOf("# Footnotes");
  if (start < 0) return notes;
  for (const line of markdown.slice(start).split("\n")) {
    const row = /^\|\s*(\d{1,4})\.\s*\|(.*)$/.exec(line);
    if (row) notes.set(Number(row[1]), row[2]!.replace(/\|\s*$/, "").trim());
  }
  return notes;
}

/**
 * Headings compare after Unicode normalisation, in lower case, with quotes and dashes unified,
 * spaces collapsed (also around hyphens: `Non -Oil` in a PDF's runs) and final punctuation dropped.
 */
export function headingKey(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐‑‒–—−]/g, "-")
    .replace(/\s*-\s*/g, "-")
    .replace(/\s+/g, " ")
    .replace(/[\s.:;,]+$/, "")
    .trim();
}

export function scoreImport(
  report: ImportedReport,
  truth: ReportTruth,
  truthNotes = new Map<number, string>(),
): ImportScore {
  const truthKeys = new Set(truth.headings.map(headingKey));
  const sectionKeys = new Set(report.sections.map((section) => headingKey(section.title)));
  const headingsFound = [...truthKeys].filter((key) => sectionKeys.has(key)).length;
  const realSections = report.sections.filter((section) => truthKeys.has(headingKey(section.title))).length;

  const seen = new Set<number>();
  for (const note of report.footnotes) {
    if (note.number >= 1 && note.number <= truth.footnotes && note.text.trim() !== "") seen.add(note.number);
  }
  let footnotesAgreeing = 0;
  for (const note of report.footnotes) {
    if (!seen.has(note.number)) continue;
    const want = truthNotes.get(note.number);
    if (want === undefined || noteAgrees(note.text, want)) footnotesAgreeing++;
  }
  const cited = new Set<number>();
  for (const passage of report.passages) {
    if (passage.sourcesFrom !== "markers") continue;
    for (const number of passage.footnotes) if (seen.has(number)) cited.add(number);
  }
  return {
    pagesExact: report.pageCount === truth.pages,
    headingsFound,
    headingsTotal: truthKeys.size,
    realSections,
    sections: report.sections.length,
    footnotesFound: seen.size,
    footnotesExtra: report.footnotes.length - seen.size,
    footnotesTotal: truth.footnotes,
    footnotesCited: cited.size,
    footnotesAgreeing,
  };
}

/** The scores summed over reports. */
export function totalScore(scores: readonly ImportScore[]): ImportScore {
  const sum = (pick: (score: ImportScore) => number) => scores.reduce((total, score) => total + pick(score), 0);
  return {
    pagesExact: scores.every((score) => score.pagesExact),
    headingsFound: sum((s) => s.headingsFound),
    headingsTotal: sum((s) => s.headingsTotal),
    realSections: sum((s) => s.realSections),
    sections: sum((s) => s.sections),
    footnotesFound: sum((s) => s.footnotesFound),
    footnotesExtra: sum((s) => s.footnotesExtra),
    footnotesTotal: sum((s) => s.footnotesTotal),
    footnotesCited: sum((s) => s.footnotesCited),
    footnotesAgreeing: sum((s) => s.footnotesAgreeing),
  };
}

/** The targets, for the totals. */
export const TARGETS = {
  headingsFound: 0.98,
  realSections: 0.9,
  footnotesFound: 0.97,
  footnotesExtra: 0.01,
} as const;

export function ratios(score: ImportScore): {
  headingsFound: number;
  realSections: number;
  footnotesFound: number;
  footnotesExtra: number;
  footnotesCited: number;
  footnotesAgreeing: number;
} {
  const of = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return {
    headingsFound: of(score.headingsFound, score.headingsTotal),
    realSections: of(score.realSections, score.sections),
    footnotesFound: of(score.footnotesFound, score.footnotesTotal),
    footnotesExtra:
      score.footnotesTotal === 0 ? (score.footnotesExtra === 0 ? 0 : 1) : score.footnotesExtra / score.footnotesTotal,
    footnotesCited: of(score.footnotesCited, score.footnotesFound),
    footnotesAgreeing: of(score.footnotesAgreeing, score.footnotesFound),
  };
}
