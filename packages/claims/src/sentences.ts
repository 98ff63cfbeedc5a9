import type { BodyBlock } from "./types.js";

/** A citation node as the body holds it. */
export type Cite = { evidenceId: string | null; citationId: string | null };

/** One sentence of the body: where it stands, its text with each citation as CITE_MARK, its citations. */
export interface Sentence {
  block: number;
  /** Offsets inside the block (text characters 1, citations 1, as ProseMirror counts). */
  from: number;
  to: number;
  /** The sentence as the block holds it, a citation being one CITE_MARK: offsets in it add to `from`. */
  marked: string;
  cites: Cite[];
}

/** Stands for a citation in `Sentence.marked`: one position, as ProseMirror counts it. */
export const CITE_MARK = "\uFFFC";

/** The sentence's words without its citations, as a finding shows it. */
export function sentenceText(sentence: Sentence): string {
  return sentence.marked.split(CITE_MARK).join("").replace(/\s+/g, " ").trim();
}

/**
 * Splits each textblock into sentences in one pass. A sentence ends at `.`, `!` or `?` (and any
 * closing quotes or brackets after it) followed by a space, a citation or the block's end, and
 * takes the citations right after its end punctuation ("…billion.[1] Next…": [1] is this
 * sentence's). Not an end: a decimal point (`6.9`), a period followed by a lowercase word or a
 * digit, after an abbreviation (`U.S.`, `e.g.`, `No.`, `Mr.`, months) or a single capital letter
 * (initials). A block always ends its last sentence.
 */
export function splitSentences(body: readonly BodyBlock[]): Sentence[] {
  const sentences: Sentence[] = [];
  body.forEach((block, index) => {
    const cites: Cite[] = [];
    let marked = "";
    for (const inline of block) {
      if ("cite" in inline) {
        cites.push(inline.cite);
        marked += CITE_MARK;
      } else marked += inline.text;
    }
    let citeIndex = 0;
    let start = 0;
    const close = (end: number): void => {
      let from = start;
      while (from < end && isSpace(marked.charCodeAt(from))) from++;
      const own: Cite[] = [];
      for (let i = start; i < end; i++) if (marked[i] === CITE_MARK) own.push(cites[citeIndex++]!);
      if (from < end) sentences.push({ block: index, from, to: end, marked: marked.slice(from, end), cites: own });
      start = end;
    };
    for (let i = 0; i < marked.length; i++) {
      const ch = marked[i]!;
      if (ch !== "." && ch !== "!" && ch !== "?") continue;
      let end = i + 1;
      while (end < marked.length && CLOSERS.includes(marked[end]!)) end++;
      const next = marked[end];
      if (next !== undefined && next !== CITE_MARK && !isSpace(marked.charCodeAt(end))) continue;
      if (ch === "." && !endsWithPeriod(marked, i, end)) continue;
      // Citations right after the end (with spaces between them) belong to this sentence.
      let take = end;
      while (take < marked.length) {
        let look = take;
        while (look < marked.length && isSpace(marked.charCodeAt(look))) look++;
        if (marked[look] !== CITE_MARK) break;
        take = look + 1;
      }
      close(take);
      i = take - 1;
    }
    close(marked.length);
  });
  return sentences;
}

const CLOSERS = "\"'”’)]";

const ABBREVIATIONS = new Set([
  "u.s",
  "u.k",
  "u.n",
  "e.u",
  "e.g",
  "i.e",
  "no",
  "nos",
  "mr",
  "mrs",
  "ms",
  "dr",
  "st",
  "vs",
  "inc",
  "ltd",
  "co",
  "corp",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "art",
  "sec",
  "fig",
  "p",
  "pp",
  "vol",
  "approx",
  "est",
  "al",
  "gov",
  "dept",
  "op",
  "cf",
]);

/** Whether the period at `at` ends its sentence (`end`: after it and its closers). */
function endsWithPeriod(text: string, at: number, end: number): boolean {
  // The word before the period, letters and inner periods ("U.S", "e.g"), at most 12 back.
  let begin = at;
  while (begin > 0 && at - begin < 12 && /[\p{L}.]/u.test(text[begin - 1]!)) begin--;
  const word = text.slice(begin, at);
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  if (/^\p{Lu}$/u.test(word)) return false;
  // A lowercase word or a digit after it: an abbreviation this list lacks, not an end.
  let look = end;
  while (look < text.length && look - end < 4 && isSpace(text.charCodeAt(look))) look++;
  const next = text[look];
  return !(next !== undefined && /[\p{Ll}\p{N}]/u.test(next));
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 160;
}
