import type { EvidenceNote, Highlight, StoredFootnote } from "./reports.js";

/**
 * The query language of evidence search, shared by both adapters so that they agree on
 * what a query means: words are letters and digits (everything else separates them, as
 * FTS5's unicode61 tokenizer and MongoDB's text index do), `"quoted words"` must appear as
 * a phrase, every other word must appear somewhere (AND), and a passage holding all the
 * query's words as one phrase ranks above the rest.
 *
 * User input never reaches a query language raw: the FTS5 string below is built only from
 * words that are runs of letters and digits, each inside double quotes.
 */
export interface SearchQuery {
  /** Every word, in order, normalized: the phrase that ranks first. */
  words: string[];
  /** Words outside quotes. */
  terms: string[];
  /** Quoted phrases of two or more words (a quoted single word is a term). */
  phrases: string[][];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case without diacritics: what `remove_diacritics 2` and MongoDB's index compare. */
export function normalizeWord(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

function wordsOf(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => normalizeWord(m[0]));
}

/** null when the query holds no word at all (blank, or only punctuation). */
export function parseSearchQuery(q: string | undefined): SearchQuery | null {
  if (!q) return null;
  const terms: string[] = [];
  const phrases: string[][] = [];
  // Odd pieces of a split on `"` are inside quotes; an unbalanced quote just ends at the end.
  q.split('"').forEach((piece, i) => {
    const words = wordsOf(piece);
    if (i % 2 === 1 && words.length > 1) phrases.push(words);
    else terms.push(...words);
  });
  const words = wordsOf(q);
  return words.length === 0 ? null : { words, terms, phrases };
}

const ftsString = (words: string[]) => `"${words.join(" ")}"`;

/** The FTS5 MATCH expression: every term and every phrase, implicitly ANDed. */
export function toFtsMatch(query: SearchQuery): string {
  return [...query.terms.map((term) => ftsString([term])), ...query.phrases.map(ftsString)].join(" ");
}

/** The FTS5 expression for "holds the whole query as one phrase" (the first rank). */
export function toFtsPhrase(query: SearchQuery): string {
  return ftsString(query.words);
}

/**
 * Whether a word of the text answers a word of the query. Both stores stem (porter,
 * snowball); this lenient prefix rule stands in for a stemmer when highlighting and when
 * MongoDB's OR-of-terms is narrowed to AND: "tariff" finds "tariffs", "energy" finds
 * "energies". Short words must match exactly.
 */
export function sameWord(textWord: string, queryWord: string): boolean {
  if (textWord === queryWord) return true;
  const shorter = Math.min(textWord.length, queryWord.length);
  if (shorter < 4) return false;
  let common = 0;
  while (common < shorter && textWord[common] === queryWord[common]) common++;
  return common >= Math.max(4, shorter - 2);
}

interface TextWord {
  word: string;
  start: number;
  end: number;
}

function textWords(text: string): TextWord[] {
  return [...text.matchAll(WORD)].map((m) => ({
    word: normalizeWord(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function phraseAt(words: TextWord[], at: number, phrase: string[]): boolean {
  return phrase.every((queryWord, k) => {
    const word = words[at + k];
    return word !== undefined && sameWord(word.word, queryWord);
  });
}

function hasPhrase(words: TextWord[], phrase: string[]): boolean {
  return words.some((_, at) => phraseAt(words, at, phrase));
}

/** The text holds every term and every phrase of the query. */
export function matchesAll(text: string, query: SearchQuery): boolean {
  const words = textWords(text);
  return (
    query.terms.every((term) => words.some((w) => sameWord(w.word, term))) &&
    query.phrases.every((phrase) => hasPhrase(words, phrase))
  );
}

/** The text holds all the query's words as one phrase. */
export function matchesWholePhrase(text: string, query: SearchQuery): boolean {
  return hasPhrase(textWords(text), query.words);
}

/**
 * Where the query's words occur in the text, as sorted, non-overlapping `[start, end)`
 * ranges; matched words separated only by spaces become one range, so a phrase is one
 * highlight. Offsets, never markup: the client escapes and marks up the text itself.
 */
export function highlight(text: string, query: SearchQuery | null): Highlight[] {
  if (!query) return [];
  const ranges: Highlight[] = [];
  for (const w of textWords(text)) {
    if (!query.words.some((queryWord) => sameWord(w.word, queryWord))) continue;
    const last = ranges[ranges.length - 1];
    if (last && /^[ \t]*$/.test(text.slice(last[1], w.start))) last[1] = w.end;
    else ranges.push([w.start, w.end]);
  }
  return ranges;
}

/**
 * The URLs of a passage's footnotes, de-duplicated, in the order of its footnote numbers: every
 * URL of each note (a note may cite several), so the export credits what the passage relies on.
 */
export function sourcesOf(
  footnoteNumbers: readonly number[],
  footnotes: ReadonlyMap<number, Pick<StoredFootnote, "urls">>,
): string[] {
  // A set beside the list: `includes` on the list made a passage citing many notes quadratic.
  const urls: string[] = [];
  const seen = new Set<string>();
  for (const number of footnoteNumbers) {
    for (const url of footnotes.get(number)?.urls ?? []) {
      if (!seen.has(url)) {
        seen.add(url);
        urls.push(url);
      }
    }
  }
  return urls;
}

/** A passage's footnotes themselves, in the order it cites them (a number it names twice once). */
export function notesOf(
  footnoteNumbers: readonly number[],
  footnotes: ReadonlyMap<number, Pick<StoredFootnote, "number" | "text" | "urls">>,
): EvidenceNote[] {
  const notes: EvidenceNote[] = [];
  const seen = new Set<number>();
  for (const number of footnoteNumbers) {
    const note = footnotes.get(number);
    if (!note || seen.has(number)) continue;
    seen.add(number);
    notes.push({ number: note.number, text: note.text, urls: [...note.urls] });
  }
  return notes;
}
