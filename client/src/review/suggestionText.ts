import type { SuggestionSummary } from "@accord/editor";
import { formatFullTime } from "./formatWhen";

/** The most of a suggestion's text a sentence about it quotes. */
const QUOTE_CHARACTERS = 80;

function quoted(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  return `“${flat.length > QUOTE_CHARACTERS ? `${flat.slice(0, QUOTE_CHARACTERS - 1)}…` : flat}”`;
}

/** What a suggestion proposes, in a few words: Insert “…”, Delete “…” or Replace “…” with “…”. */
export function describeSuggestion(suggestion: Pick<SuggestionSummary, "inserted" | "deleted">): string {
  const { inserted, deleted } = suggestion;
  if (inserted && deleted) return `Replace ${quoted(deleted)} with ${quoted(inserted)}`;
  if (deleted) return `Delete ${quoted(deleted)}`;
  return `Insert ${quoted(inserted)}`;
}

/** The title over a suggestion's text: "Suggested by Ana Ruiz, 6 Dec 2026, 07:02" (deletion said so). */
export function suggestionLabel(kind: "insert" | "delete", name: string | null, createdAt: number): string {
  const when =
    Number.isFinite(createdAt) && createdAt > 0 ? `, ${formatFullTime(new Date(createdAt).toISOString())}` : "";
  return `${kind === "delete" ? "Deletion suggested" : "Suggested"} by ${name ?? "a former member"}${when}`;
}
