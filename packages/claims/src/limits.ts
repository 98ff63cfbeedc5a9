/**
 * Every bound on the checker's work, named. The body and the passages are user text: each bound
 * stops a text built to make one check slow or its answer huge.
 */

/** Figures read from one sentence; the rest of a sentence of numbers is not checked. */
export const MAX_FIGURES_PER_SENTENCE = 24;

/** Figures checked in one body; a body of 100,000 numbers is checked up to here, in one pass. */
export const MAX_CHECKED_FIGURES = 600;

/** Citations of one sentence whose passages are compared (a sentence citing 500 sources reads 12). */
export const MAX_CITES_PER_SENTENCE = 12;

/** Characters of a passage that are read for figures. */
export const MAX_PASSAGE_CHARS = 20_000;

/** Figures read from one passage. */
export const MAX_FIGURES_PER_PASSAGE = 200;

/** Passages offered for an unsupported figure (issue 19: at most 3). */
export const MAX_OFFERED_PASSAGES = 3;

/** Candidates a ReportFigureIndex looks at per lookup, of those whose value is in range. */
export const MAX_INDEX_CANDIDATES = 64;

/** Figures a ReportFigureIndex holds for one brief; the rest of its reports are not indexed. */
export const MAX_INDEXED_FIGURES = 200_000;

/** Characters on each side of a figure whose words are its context. */
export const CONTEXT_CHARS = 80;

/** Figures of one brief compared across its recommendations (the brief-wide pass). */
export const MAX_KEYED_FIGURES = 600;

/**
 * What a ClaimMemo keeps between checks of one brief (sentence texts, passage texts and what was
 * read from them), in characters: about 30 bodies of 5,000 words.
 */
export const MAX_MEMO_CHARS = 1_000_000;
