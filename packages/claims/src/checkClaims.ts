import { createHash } from "node:crypto";
import { agrees, comparableClass, contextOf, overlap } from "./agree.js";
import { readClaimFigures, withoutOffsets } from "./figures.js";
import {
  MAX_CHECKED_FIGURES,
  MAX_CITES_PER_SENTENCE,
  MAX_FIGURES_PER_PASSAGE,
  MAX_FIGURES_PER_SENTENCE,
  MAX_PASSAGE_CHARS,
} from "./limits.js";
import type { ReportFigureIndex } from "./ReportFigureIndex.js";
import { type Sentence, sentenceText, splitSentences } from "./sentences.js";
import type { BodyBlock, BodySpan, CitedPassage, ClaimFigure, ClaimFinding, PassageFigure } from "./types.js";

export interface CheckClaimsInput {
  body: readonly BodyBlock[];
  /** The cited passage's text, null when unknown. */
  passage: (evidenceId: string) => CitedPassage | null;
  /** A citation that carries only its id → its evidence id. */
  citationEvidence: (citationId: string) => string | null;
  /** The brief's reports' figures, for "unsupported"; null: that check is skipped. */
  report: ReportFigureIndex | null;
}

/** A figure of the body, with its sentence and where it stands. */
export interface BodyFigure {
  figure: ClaimFigure;
  at: BodySpan;
  sentence: Sentence;
  /** Offsets of the figure in `sentence.marked`. */
  start: number;
  end: number;
}

/**
 * The figures of a body in document order, each with its sentence and its span: at most
 * MAX_FIGURES_PER_SENTENCE a sentence and MAX_CHECKED_FIGURES in all (the reading stops there).
 */
export function bodyFigures(body: readonly BodyBlock[], max = MAX_CHECKED_FIGURES): BodyFigure[] {
  const found: BodyFigure[] = [];
  for (const sentence of splitSentences(body)) {
    for (const figure of readClaimFigures(sentence.marked, MAX_FIGURES_PER_SENTENCE)) {
      if (found.length >= max) return found;
      found.push({
        figure: withoutOffsets(figure),
        at: { block: sentence.block, from: sentence.from + figure.start, to: sentence.from + figure.end },
        sentence,
        start: figure.start,
        end: figure.end,
      });
    }
  }
  return found;
}

interface ReadPassage {
  evidenceId: string;
  citationId: string | null;
  text: string;
  figures: PassageFigure[];
}

/**
 * The claim check of one recommendation (issue 19). For each figure of the body:
 * - its sentence cites passages (a citation right after the sentence's end is the sentence's):
 *   none of them states a figure of its comparable class (agree.ts) → notFound; one agrees →
 *   nothing; else → mismatch, showing per passage its counterpart: the comparable figure sharing
 *   most content words with the draft figure's, not one that agrees with another figure of the
 *   same sentence (a passage whose only comparable figures are other figures' counterparts does
 *   not state this one: notFound);
 * - its sentence cites nothing and the report states an agreeing figure in a passage sharing a
 *   content word with it → unsupported, offering at most MAX_OFFERED_PASSAGES passages.
 * Years never give a finding: a year is as often a date of the claim as the claim itself, and
 * precision comes first. A sentence whose citations resolve to no known passage is not checked.
 */
export function checkClaims(input: CheckClaimsInput): ClaimFinding[] {
  const findings: ClaimFinding[] = [];
  const passages = new Map<string, ReadPassage | null>();
  const occurrences = new Map<string, number>();
  const figures = bodyFigures(input.body);
  let sentenceAt: Sentence | null = null;
  let cited: ReadPassage[] = [];
  let sentenceFigures: BodyFigure[] = [];

  for (let i = 0; i < figures.length; i++) {
    const item = figures[i]!;
    const occurrence = occurrences.get(item.figure.raw) ?? 0;
    occurrences.set(item.figure.raw, occurrence + 1);
    if (item.sentence !== sentenceAt) {
      sentenceAt = item.sentence;
      cited = citedPassages(item.sentence, input, passages);
      sentenceFigures = [];
      for (let j = i; j < figures.length && figures[j]!.sentence === sentenceAt; j++) sentenceFigures.push(figures[j]!);
    }
    const { figure, sentence } = item;
    if (figure.kind === "year") continue;
    const context = contextOf(sentence.marked, item.start, item.end);
    const finding = (kind: ClaimFinding["kind"], shown: ClaimFinding["passages"]): ClaimFinding => ({
      id: findingId(kind, figure, kind === "unsupported" ? [] : cited.map((p) => p.evidenceId), occurrence),
      kind,
      figure,
      at: item.at,
      sentence: sentenceText(sentence),
      passages: shown,
    });

    if (sentence.cites.length > 0) {
      if (cited.length === 0) continue;
      const verdict = judge(item, context, cited, sentenceFigures);
      if (verdict !== null) findings.push(finding(verdict.kind, verdict.passages));
      continue;
    }
    if (input.report === null) continue;
    const offered = input.report.find(figure, context);
    if (offered.length > 0)
      findings.push(
        finding(
          "unsupported",
          offered.map((offer) => ({ evidenceId: offer.evidenceId, citationId: null, figure: offer.figure })),
        ),
      );
  }
  return findings;
}

function judge(
  item: BodyFigure,
  context: Set<string>,
  cited: ReadPassage[],
  sentenceFigures: BodyFigure[],
): { kind: "mismatch" | "notFound"; passages: ClaimFinding["passages"] } | null {
  const { figure } = item;
  const cls = comparableClass(figure);
  const others = sentenceFigures.filter((other) => other !== item && comparableClass(other.figure) === cls);
  const shown: ClaimFinding["passages"] = [];
  let comparable = 0;
  for (const passage of cited) {
    let best: { figure: PassageFigure; shared: number; distance: number } | null = null;
    for (const candidate of passage.figures) {
      if (comparableClass(candidate) !== cls) continue;
      if (agrees(figure, candidate)) return null;
      // Another figure of this sentence's counterpart is not this one's.
      if (others.some((other) => agrees(other.figure, candidate))) continue;
      const shared = overlap(context, contextOf(passage.text, candidate.start, candidate.end));
      const distance = Math.abs(candidate.value - figure.value) / Math.max(Math.abs(figure.value), 1e-9);
      if (best === null || shared > best.shared || (shared === best.shared && distance < best.distance))
        best = { figure: candidate, shared, distance };
    }
    if (best !== null) comparable++;
    shown.push({ evidenceId: passage.evidenceId, citationId: passage.citationId, figure: best?.figure ?? null });
  }
  return { kind: comparable > 0 ? "mismatch" : "notFound", passages: shown };
}

/** The sentence's cited passages (at most MAX_CITES_PER_SENTENCE, each once), read once per check. */
function citedPassages(
  sentence: Sentence,
  input: CheckClaimsInput,
  cache: Map<string, ReadPassage | null>,
): ReadPassage[] {
  const cited: ReadPassage[] = [];
  const seen = new Set<string>();
  for (const cite of sentence.cites.slice(0, MAX_CITES_PER_SENTENCE)) {
    const evidenceId = cite.evidenceId ?? (cite.citationId === null ? null : input.citationEvidence(cite.citationId));
    if (evidenceId === null || seen.has(evidenceId)) continue;
    seen.add(evidenceId);
    let read = cache.get(evidenceId);
    if (read === undefined) {
      const passage = input.passage(evidenceId);
      const text = passage === null ? null : passage.text.slice(0, MAX_PASSAGE_CHARS);
      read =
        text === null
          ? null
          : { evidenceId, citationId: null, text, figures: readClaimFigures(text, MAX_FIGURES_PER_PASSAGE) };
      cache.set(evidenceId, read);
    }
    if (read !== null) cited.push({ ...read, citationId: cite.citationId });
  }
  return cited;
}

/**
 * Stable across edits elsewhere in the body: the finding's kind, the figure as written and its
 * value, the evidence it is shown with (sorted), and which occurrence of that text in the body it is.
 */
export function findingId(
  kind: ClaimFinding["kind"],
  figure: ClaimFigure,
  evidenceIds: string[],
  occurrence: number,
): string {
  const key = JSON.stringify([kind, figure.raw, figure.value, [...evidenceIds].sort(), occurrence]);
  return createHash("sha256").update(key).digest("hex").slice(0, 20);
}
