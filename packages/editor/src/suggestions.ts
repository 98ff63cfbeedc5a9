import { Mark, mergeAttributes } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

/**
 * Suggested edits (issue 18). A suggestion is text that carries one of two marks:
 * `suggestionInsert` (proposed new text) or `suggestionDelete` (existing text proposed for
 * removal, shown struck through). Both carry the same attributes, which are what the server's
 * suggestion guard checks on a reviewer's document connection:
 *
 * - `id`: the suggestion's id (`SUGGESTION_ID_PATTERN`). One contiguous change is one id; a
 *   replacement (a deletion mark and an insertion mark side by side) shares one id.
 * - `authorId`: the user who suggested it; on a reviewer's connection it must be that
 *   reviewer's own id.
 * - `createdAt`: milliseconds since the epoch, when the suggestion was first made.
 *
 * In the Y.XmlFragment they are the formatting attributes `suggestionInsert` and
 * `suggestionDelete` of Y.XmlText (y-tiptap stores a mark that excludes itself under its own
 * name, its value the mark's attributes).
 */
export const SUGGESTION_INSERT = "suggestionInsert";
export const SUGGESTION_DELETE = "suggestionDelete";
export const SUGGESTION_MARKS = [SUGGESTION_INSERT, SUGGESTION_DELETE] as const;
export type SuggestionMarkName = (typeof SUGGESTION_MARKS)[number];

/** 8–64 letters, digits, `_` or `-`: what `newSuggestionId` makes, and all the guard accepts. */
export const SUGGESTION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export interface SuggestionAttributes {
  id: string;
  authorId: string;
  createdAt: number;
}

/** Whether `value` is a well-formed suggestion mark's attributes (exactly these three keys). */
export function isSuggestionAttributes(value: unknown): value is SuggestionAttributes {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  return (
    keys.length === 3 &&
    typeof record.id === "string" &&
    SUGGESTION_ID_PATTERN.test(record.id) &&
    typeof record.authorId === "string" &&
    record.authorId.length > 0 &&
    record.authorId.length <= 64 &&
    typeof record.createdAt === "number" &&
    Number.isSafeInteger(record.createdAt) &&
    record.createdAt >= 0
  );
}

/** A fresh suggestion id: 24 random hex digits (`crypto.getRandomValues`, which plain-http pages have too). */
export function newSuggestionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `s${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

const suggestionAttributes = {
  id: { default: null },
  authorId: { default: null },
  createdAt: { default: null },
};

function suggestionHtml(attributes: Record<string, unknown>): Record<string, string> {
  return {
    "data-suggestion-id": String(attributes.id ?? ""),
    "data-suggestion-author": String(attributes.authorId ?? ""),
  };
}

function parseSuggestion(element: HTMLElement): SuggestionAttributes | false {
  const attributes = {
    id: element.getAttribute("data-suggestion-id") ?? "",
    authorId: element.getAttribute("data-suggestion-author") ?? "",
    createdAt: Number(element.getAttribute("data-suggestion-created") ?? "0"),
  };
  return isSuggestionAttributes(attributes) ? attributes : false;
}

/** Proposed new text. Not inclusive: typing at its edge is marked by the suggesting plugin, not inherited. */
export const SuggestionInsert = Mark.create({
  name: SUGGESTION_INSERT,
  inclusive: false,
  addAttributes: () => suggestionAttributes,
  parseHTML: () => [{ tag: "ins[data-suggestion-id]", getAttrs: (node) => parseSuggestion(node as HTMLElement) }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    "ins",
    mergeAttributes(HTMLAttributes, suggestionHtml(mark.attrs), { class: "suggestion suggestion-insert" }),
    0,
  ],
});

/** Existing text proposed for removal. */
export const SuggestionDelete = Mark.create({
  name: SUGGESTION_DELETE,
  inclusive: false,
  addAttributes: () => suggestionAttributes,
  parseHTML: () => [{ tag: "del[data-suggestion-id]", getAttrs: (node) => parseSuggestion(node as HTMLElement) }],
  renderHTML: ({ HTMLAttributes, mark }) => [
    "del",
    mergeAttributes(HTMLAttributes, suggestionHtml(mark.attrs), { class: "suggestion suggestion-delete" }),
    0,
  ],
});

/** One suggestion as the side panel lists it: every range carrying its id, in document order. */
export interface SuggestionSummary {
  id: string;
  authorId: string;
  createdAt: number;
  /** Text proposed for insertion, joined in document order ("" when none). */
  inserted: string;
  /** Text proposed for removal, joined in document order ("" when none). */
  deleted: string;
  /** Document positions of the first and last character carrying the id. */
  from: number;
  to: number;
}

/**
 * Every suggestion in a body, in document order of first appearance: one pass over its text
 * nodes. Ranges with the same id and author are one suggestion even when not contiguous.
 */
export function listSuggestions(doc: ProseMirrorNode): SuggestionSummary[] {
  const byKey = new Map<string, SuggestionSummary>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const name = mark.type.name;
      if (name !== SUGGESTION_INSERT && name !== SUGGESTION_DELETE) continue;
      const attrs = mark.attrs as Partial<SuggestionAttributes>;
      if (typeof attrs.id !== "string" || typeof attrs.authorId !== "string") continue;
      const key = `${attrs.authorId}\u0000${attrs.id}`;
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = {
          id: attrs.id,
          authorId: attrs.authorId,
          createdAt: typeof attrs.createdAt === "number" ? attrs.createdAt : 0,
          inserted: "",
          deleted: "",
          from: pos,
          to: pos + node.nodeSize,
        };
        byKey.set(key, entry);
      }
      if (name === SUGGESTION_INSERT) entry.inserted += node.text ?? "";
      else entry.deleted += node.text ?? "";
      entry.to = Math.max(entry.to, pos + node.nodeSize);
    }
    return false;
  });
  return [...byKey.values()];
}

/** How many suggestions are open in a body (what approval refuses while it is more than 0). */
export function countSuggestions(doc: ProseMirrorNode): number {
  return listSuggestions(doc).length;
}
