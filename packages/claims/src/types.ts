/**
 * The claim check's shapes (issue 19): what a recommendation's body is to the checker, the
 * figures it reads, and what it finds. Pure data: no I/O, no Yjs, no ProseMirror.
 */

/** One inline piece of a textblock: text, or a citation node (counted as one position). */
export type BodyInline = { text: string } | { cite: { evidenceId: string | null; citationId: string | null } };

/**
 * A textblock of the body, in document order. Offsets inside a block count each character of
 * text as 1 and each citation as 1, as ProseMirror counts positions inside a textblock.
 */
export type BodyBlock = BodyInline[];

export type ClaimFigureKind = "money" | "percent" | "points" | "count" | "quantity" | "year" | "ratio" | "multiple";

/** How the text qualifies a figure, which widens what agrees with it. */
export type Hedge = "about" | "nearly" | "over" | "under";

export interface ClaimFigure {
  kind: ClaimFigureKind;
  /** Exactly as written. */
  raw: string;
  /** In base units: `$614.5 billion` → 614500000000, `62 percent` → 62, "a third" → 33.33…, "doubled" → 2. */
  value: number;
  /** A range's high end (`40–45 percent`: value 40, rangeEnd 45). */
  rangeEnd?: number;
  /** "USD", "MXN", "percent", "points", "gigawatts", "" … */
  unit: string;
  hedge: Hedge | null;
}

/** A figure a passage states, with where it stands in the passage's text. */
export interface PassageFigure extends ClaimFigure {
  start: number;
  end: number;
}

export type ClaimFindingKind = "mismatch" | "unsupported" | "notFound" | "inconsistent";

/** Where a figure stands in the body: the textblock's index and offsets inside it. */
export interface BodySpan {
  block: number;
  from: number;
  to: number;
}

export interface ClaimFinding {
  /** Stable across edits elsewhere in the body, so an ignored finding stays ignored. */
  id: string;
  kind: ClaimFindingKind;
  figure: ClaimFigure;
  at: BodySpan;
  /** The sentence's text, citations left out. */
  sentence: string;
  passages: Array<{
    evidenceId: string;
    citationId: string | null;
    /** The passage's figure shown beside the draft's; null when it states none comparable. */
    figure: PassageFigure | null;
  }>;
  /** inconsistent only: the other recommendations of the brief that state the quantity differently. */
  others?: Array<{ recommendationId: string; raw: string }>;
}

export interface CitedPassage {
  evidenceId: string;
  text: string;
}
