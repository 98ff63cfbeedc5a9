import {
  markersInSpan,
  type Citation,
  type CitationQuote,
  type CreatePassageCitationInput,
  type CreateSourceCitationInput,
  type UpdateCitationInput,
} from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import type { CommandContext } from "../commands/context.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { fieldSubject } from "../http/plainMessages.js";
import type { EvidenceRecord } from "../store/reports.js";
import type { CitationPatch, Store } from "../store/Store.js";
import { notifyCitation } from "./notify.js";

/**
 * Creating and changing citations (packages/export/CITATIONS.md §2). Every id a body names is
 * checked against this brief; bad input throws ValidationError naming the field before anything
 * is stored.
 */

/** The default notes of a passage citation: its quote's markers, else the passage's own notes. */
export function defaultNotes(
  passage: Pick<EvidenceRecord, "text" | "markers" | "footnotes" | "sourcesFrom">,
  quote: CitationQuote | null,
): {
  notes: number[];
  sourcesChosen: boolean;
} {
  if (passage.sourcesFrom === "page") return { notes: [], sourcesChosen: false };
  const inQuote = quote ? markersInSpan(passage.text, passage.markers, quote.start, quote.end) : [];
  return { notes: inQuote.length > 0 ? inQuote : [...new Set(passage.footnotes)], sourcesChosen: true };
}

/** The quote's range must hold exactly its words, inside the passage and not empty. */
function checkQuote(passage: EvidenceRecord, quote: CitationQuote): void {
  const { start, end, text } = quote;
  if (text === "" || start >= end)
    throw new ValidationError(
      `${fieldSubject("quote")} is empty or runs backwards: select the words to quote again.`,
      "quote",
    );
  if (start < 0 || end > passage.text.length)
    throw new ValidationError(`${fieldSubject("quote")} reaches outside the passage: select words within it.`, "quote");
  if (passage.text.slice(start, end) !== text) {
    throw new ValidationError(
      `${fieldSubject("quote")} no longer matches the passage: select the words to quote again.`,
      "quote",
    );
  }
}

async function checkNotes(store: Store, reportId: string, notes: readonly number[]): Promise<number[]> {
  const unique = [...new Set(notes)];
  if (unique.length === 0) return [];
  const found = new Set((await store.getFootnotes(reportId, unique)).map((note) => note.number));
  const missing = unique.find((number) => !found.has(number));
  if (missing !== undefined)
    throw new ValidationError(
      `${fieldSubject("notes")} include footnote ${missing}, which the report does not have.`,
      "notes",
    );
  return unique;
}

async function checkSourceIds(
  store: Store,
  briefId: string,
  ids: readonly string[],
  field: "sourceIds" | "sourceId",
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const found = new Set((await store.getSources(briefId, unique)).map((source) => source.id));
  if (unique.some((id) => !found.has(id)))
    throw new ValidationError(
      field === "sourceIds"
        ? `${fieldSubject(field)} include one that is not a source of this brief.`
        : `${fieldSubject(field)} is not a source of this brief.`,
      field,
    );
  return unique;
}

function announce(ctx: CommandContext, citation: Citation): void {
  notifyCitation(ctx.notify, {
    type: ServerEvent.CitationUpdated,
    briefId: citation.briefId,
    citationId: citation.id,
    updatedAt: citation.updatedAt,
  });
}

export async function createPassageCitation(
  ctx: CommandContext,
  briefId: string,
  createdBy: string,
  input: CreatePassageCitationInput,
): Promise<Citation> {
  const { store } = ctx;
  const [passage] = await store.getEvidence(briefId, [input.evidenceId]);
  if (!passage) throw new ValidationError(`${fieldSubject("evidenceId")} is not part of this brief.`, "evidenceId");
  const quote = input.quote ? { text: input.quote.text, start: input.quote.start, end: input.quote.end } : null;
  if (quote) checkQuote(passage, quote);
  const chosen = input.notes !== undefined || input.sourceIds !== undefined;
  const notes = input.notes !== undefined ? await checkNotes(store, passage.reportId, input.notes) : null;
  const sourceIds = await checkSourceIds(store, briefId, input.sourceIds ?? [], "sourceIds");
  const defaults = defaultNotes(passage, quote);
  const citation = await store.createCitation({
    briefId,
    evidenceId: passage.id,
    reportId: passage.reportId,
    quote,
    // Only `sourceIds` given: the passage's default notes stay beside them.
    notes: notes ?? defaults.notes,
    sourceIds,
    // Giving either chooses the sources (§2).
    sourcesChosen: chosen || defaults.sourcesChosen,
    sourceId: null,
    locator: null,
    createdBy,
  });
  announce(ctx, citation);
  return citation;
}

export async function createSourceCitation(
  ctx: CommandContext,
  briefId: string,
  createdBy: string,
  input: CreateSourceCitationInput,
): Promise<Citation> {
  const [sourceId] = await checkSourceIds(ctx.store, briefId, [input.sourceId], "sourceId");
  const locator = input.locator?.trim() ? input.locator.trim() : null;
  const citation = await ctx.store.createCitation({
    briefId,
    evidenceId: null,
    reportId: null,
    quote: null,
    notes: [],
    sourceIds: [],
    sourcesChosen: true,
    sourceId: sourceId!,
    locator,
    createdBy,
  });
  announce(ctx, citation);
  return citation;
}

export async function updateCitation(
  ctx: CommandContext,
  briefId: string,
  citationId: string,
  input: UpdateCitationInput,
): Promise<Citation> {
  const { store } = ctx;
  const [current] = await store.getCitations(briefId, [citationId]);
  if (!current) throw new NotFoundError("citation");
  const patch: CitationPatch = {};
  if (input.notes !== undefined) {
    if (current.reportId === null)
      throw new ValidationError(
        "This citation points at a source directly, so it has no report footnotes to choose.",
        "notes",
      );
    patch.notes = await checkNotes(store, current.reportId, input.notes);
  }
  if (input.sourceIds !== undefined)
    patch.sourceIds = await checkSourceIds(store, briefId, input.sourceIds, "sourceIds");
  if (input.notes !== undefined || input.sourceIds !== undefined) patch.sourcesChosen = true;
  if (input.locator !== undefined) {
    if (current.sourceId === null)
      throw new ValidationError(
        `${fieldSubject("locator")} can be set only on a citation that points at a source directly.`,
        "locator",
      );
    patch.locator = input.locator?.trim() ? input.locator.trim() : null;
  }
  if (Object.keys(patch).length === 0) return current;
  const updated = await store.updateCitation(briefId, citationId, patch);
  if (!updated) throw new NotFoundError("citation");
  announce(ctx, updated);
  return updated;
}
