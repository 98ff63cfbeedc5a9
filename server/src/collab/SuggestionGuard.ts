import {
  BODY_FRAGMENT_NAME,
  type BodyReader,
  isSuggestionAttributes,
  SUGGESTION_DELETE,
  SUGGESTION_INSERT,
} from "@accord/editor";
import { equalityDeep } from "lib0/function";
import * as Y from "yjs";

/**
 * SPEC P16: what a suggest-only connection (a reviewer's) may change in a body, judged on the
 * update's effect on a replica of the room's document. Allowed, and nothing else:
 * - new text that carries the connection user's own `suggestionInsert` (and no `suggestionDelete`);
 * - deleting text that carried its own `suggestionInsert`;
 * - adding its own `suggestionDelete` to text that had none (or re-marking its own), and removing
 *   its own `suggestionDelete`;
 * - as the editor binding (y-tiptap) writes such text: a new Y.XmlText child of a textblock holding
 *   only such new text, or the deletion of one that held only its own suggested insertion.
 * Judged on what each touched text run shows, apart from the user's own insertions and deletion
 * marks, before and after the update: formatting items that change nothing shown (Yjs's cleanup of
 * redundant ones, which clients send) are no change, and neither is the editor binding's way of
 * writing typing as a string diff (see `judgeText`).
 */

/** What the schema contributes: which elements hold text, which marks exist. Made once per server. */
export interface SuggestionRules {
  textblocks: ReadonlySet<string>;
  marks: ReadonlySet<string>;
}

export function suggestionRulesOf(schema: BodyReader["schema"]): SuggestionRules {
  return {
    textblocks: new Set(Object.values(schema.nodes).flatMap((type) => (type.isTextblock ? [type.name] : []))),
    marks: new Set(Object.keys(schema.marks)),
  };
}

export type SuggestionVerdict = { ok: true } | { ok: false; reason: string };

const ALLOWED: SuggestionVerdict = { ok: true };

/** The origin of the replica's transaction that applies the update being judged. */
const JUDGED = Symbol("suggestion-guard");

/** y-tiptap stores a mark that does not exclude itself as `<name>--<hash>`. */
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

export interface SuggestionGuardOptions {
  rules: SuggestionRules;
  /**
   * The room's document as stored, and the updates accepted but not stored yet, in order: what
   * the replica is built from (when first needed, and again after a refusal polluted it).
   */
  source: () => { doc: Y.Doc; queued: readonly Uint8Array[] };
}

/**
 * SPEC P16's check. Holds a replica of the room's document plus its write queue (the updates a
 * reviewer's next update may build on are accepted, not necessarily stored). The room keeps it
 * current with `accepted` (every update it enqueues or receives from another process) and drops
 * the guard when no suggest-only connection is left. Judging costs the update's own application
 * plus one walk of each Y.XmlText (paragraph run) it touches: never the whole document.
 */
export class SuggestionGuard {
  private replica: Y.Doc | null = null;

  constructor(private readonly options: SuggestionGuardOptions) {}

  /** Whether the replica exists now (it is built on first use). */
  get built(): boolean {
    return this.replica !== null;
  }

  /** An update the room accepted from anyone else (enqueued for storage, or stored by another process). */
  accepted(update: Uint8Array): void {
    if (this.replica === null) return;
    try {
      // In a transaction of the replica's own (local): Yjs then runs no formatting cleanup,
      // which walks the whole text and changes nothing anyone shows.
      this.replica.transact(() => Y.applyUpdate(this.replica!, update));
    } catch {
      // D4 checked it; should it not apply here, the replica is rebuilt from what the room holds.
      this.drop();
    }
  }

  /** Forgets the replica (the room's document changed under it, or nobody suggests any more). */
  drop(): void {
    this.replica?.destroy();
    this.replica = null;
  }

  /**
   * Applies `update` to the replica and answers whether it holds only `userId`'s suggestions.
   * A refused update leaves the replica polluted: it is dropped and rebuilt when next needed.
   */
  check(update: Uint8Array, userId: string): SuggestionVerdict {
    const doc = this.replicaDoc();
    const store = doc.store;
    const hadPending = store.pendingStructs !== null || store.pendingDs !== null;
    let verdict: SuggestionVerdict | null = null;
    const judge = (transaction: Y.Transaction): void => {
      // Only the update's own transaction is judged (never one the replica might run after it).
      if (transaction.origin === JUDGED) verdict = judgeTransaction(transaction, userId, doc, this.options.rules);
    };
    doc.on("afterTransaction", judge);
    try {
      // Local, as in `accepted`: no formatting cleanup in the replica.
      doc.transact(() => Y.applyUpdate(doc, update, JUDGED), JUDGED);
    } catch (error) {
      verdict = refused(`it does not apply (${error instanceof Error ? error.message : String(error)})`);
    } finally {
      doc.off("afterTransaction", judge);
    }
    if ((verdict ?? ALLOWED).ok && !hadPending && (store.pendingStructs !== null || store.pendingDs !== null))
      // What waits for missing content would be judged by nobody when it arrives.
      verdict = refused("it depends on content the server does not have");
    const answer: SuggestionVerdict = verdict ?? ALLOWED;
    if (!answer.ok) this.drop();
    return answer;
  }

  private replicaDoc(): Y.Doc {
    if (this.replica !== null) return this.replica;
    const { doc, queued } = this.options.source();
    const replica = new Y.Doc({ guid: "accord-suggestion-replica" });
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    for (const update of queued) Y.applyUpdate(replica, update);
    this.replica = replica;
    return replica;
  }
}

function refused(reason: string): SuggestionVerdict {
  return { ok: false, reason };
}

/** One transaction's changes, type by type (`transaction.changed` names each changed type once). */
function judgeTransaction(
  transaction: Y.Transaction,
  userId: string,
  doc: Y.Doc,
  rules: SuggestionRules,
): SuggestionVerdict {
  const body = doc.getXmlFragment(BODY_FRAGMENT_NAME);
  const context: Judging = { transaction, userId, rules };
  for (const [type, keys] of transaction.changed) {
    if (!(type instanceof Y.XmlText || type instanceof Y.XmlElement) || rootOf(type) !== body)
      return refused("it changes something outside the body's paragraphs");
    for (const key of keys) {
      if (key === null) continue;
      if (!mapEntryUnchanged(type, key, transaction))
        return refused(
          `it changes an attribute (${key.slice(0, 40)}) of a ${type instanceof Y.XmlText ? "text" : type.nodeName}`,
        );
    }
    if (!keys.has(null)) continue;
    const verdict = type instanceof Y.XmlText ? judgeText(type, context) : judgeChildren(type, context);
    if (!verdict.ok) return verdict;
  }
  return ALLOWED;
}

interface Judging {
  transaction: Y.Transaction;
  userId: string;
  rules: SuggestionRules;
}

/** A shared type as far as finding its root goes: its item, whose parent is the enclosing type. */
interface Nested {
  _item: Y.Item | null;
}

function rootOf(type: Nested): Nested {
  let current = type;
  while (current._item !== null) current = current._item.parent as unknown as Nested;
  return current;
}

function addedIn(transaction: Y.Transaction, item: Y.Item): boolean {
  return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** Existed and was not deleted before the transaction. */
function visibleBefore(transaction: Y.Transaction, item: Y.Item): boolean {
  return !addedIn(transaction, item) && (!item.deleted || Y.isDeleted(transaction.deleteSet, item.id));
}

/** An attribute (map entry) of a type: the same value before and after the transaction. */
function mapEntryUnchanged(type: Y.XmlText | Y.XmlElement, key: string, transaction: Y.Transaction): boolean {
  const latest = type._map.get(key);
  const after = latest !== undefined && !latest.deleted ? latest.content.getContent().at(-1) : undefined;
  let item: Y.Item | null = latest ?? null;
  while (item !== null && !visibleBefore(transaction, item)) item = item.left;
  const before = item !== null ? item.content.getContent().at(-1) : undefined;
  return equalityDeep(before, after);
}

/** The children of an element changed: only text runs of a textblock may come or go. */
function judgeChildren(element: Y.XmlElement, context: Judging): SuggestionVerdict {
  const { transaction } = context;
  for (let item = element._start; item !== null; item = item.right) {
    const added = addedIn(transaction, item);
    if (added && item.deleted) continue;
    if (!added && !(item.deleted && Y.isDeleted(transaction.deleteSet, item.id))) continue;
    const child = item.content instanceof Y.ContentType ? item.content.type : null;
    if (!(child instanceof Y.XmlText) || !context.rules.textblocks.has(element.nodeName))
      return refused(`it ${added ? "adds" : "removes"} a ${child instanceof Y.XmlElement ? child.nodeName : "node"}`);
    const verdict = added ? judgeNewText(child, context) : judgeRemovedText(child, context);
    if (!verdict.ok) return verdict;
  }
  return ALLOWED;
}

/** A new text run: it shows nothing but the user's own suggested insertion. */
function judgeNewText(text: Y.XmlText, context: Judging): SuggestionVerdict {
  if (text._map.size > 0) return refused("it adds a text with attributes");
  const after = othersText(text, "after", context);
  if (!Array.isArray(after)) return after;
  return after.length === 0 ? ALLOWED : refused("it inserts text that is not marked as its own suggested insertion");
}

/** A removed text run: it showed nothing but the user's own suggested insertion. */
function judgeRemovedText(text: Y.XmlText, context: Judging): SuggestionVerdict {
  const before = othersText(text, "before", context);
  if (!Array.isArray(before)) return before;
  return before.length === 0 ? ALLOWED : refused("it deletes text that is not its own suggested insertion");
}

/**
 * A text run whose content changed. What it shows apart from the user's own suggested insertions,
 * and apart from the user's own deletion marks, must be the same before and after: then the
 * change only inserted or removed own insertions and added or removed own deletion marks. Judged
 * on what the run shows rather than on Yjs's items, because the editor binding writes an edit as
 * a string diff: typing "l" before "llo" inserts a new "l" after them and moves the mark onto an
 * existing one, which shows exactly what the typing did.
 *
 * A first walk finds the last item the transaction added or deleted; a second keeps the
 * attributes in force before and after and compares what shows from the first such item to the
 * last, and on while the attributes before and after still differ after it. Before that window
 * (and after it) the same items show with the same attributes on both sides; the walk stops at
 * its end. Inside it everything is compared, unchanged text too: a string diff may put the new
 * characters a few letters away from where the mark moved.
 */
function judgeText(text: Y.XmlText, context: Judging): SuggestionVerdict {
  if (!(text.parent instanceof Y.XmlElement) || !context.rules.textblocks.has(text.parent.nodeName))
    return refused("it changes text outside a paragraph");
  const { transaction } = context;
  const changedIn = (item: Y.Item): boolean =>
    addedIn(transaction, item) || (item.deleted && Y.isDeleted(transaction.deleteSet, item.id));
  let lastChanged: Y.Item | null = null;
  for (let item = text._start; item !== null; item = item.right) if (changedIn(item)) lastChanged = item;
  if (lastChanged === null) return ALLOWED;
  const was = new ShownAttributes(context, "before");
  const is = new ShownAttributes(context, "after");
  const differing = new Set<string>();
  const before: Segment[] = [];
  const after: Segment[] = [];
  let inWindow = false;
  let pastLast = false;
  for (let item = text._start; item !== null; item = item.right) {
    if (pastLast && differing.size === 0) break;
    const changed = changedIn(item);
    if (item === lastChanged) pastLast = true;
    const added = addedIn(transaction, item);
    const wasVisible = !added && (!item.deleted || changed);
    const isVisible = !item.deleted;
    if (!wasVisible && !isVisible) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      if (wasVisible) was.set(content.key, content.value);
      if (isVisible) is.set(content.key, content.value);
      // An item on both sides leaves equal attributes equal: compared only where they may differ.
      if (changed || differing.size > 0) {
        if (equalityDeep(was.get(content.key), is.get(content.key))) differing.delete(content.key);
        else differing.add(content.key);
      }
      continue;
    }
    if (!item.countable) continue;
    inWindow ||= changed || differing.size > 0;
    if (!inWindow) continue;
    if (wasVisible) was.show(item, before);
    if (isVisible) {
      const problem = is.show(item, after);
      if (problem !== null) return refused(problem);
    }
  }
  if (sameSegments(before, after)) return ALLOWED;
  return refused(whyDifferent(before, after, context.userId));
}

function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++)
    if (a[index]!.text !== b[index]!.text || a[index]!.attributes !== b[index]!.attributes) return false;
  return true;
}

/** For the close reason and the log: more text, less text, other text, or other attributes. */
function whyDifferent(before: readonly Segment[], after: readonly Segment[], userId: string): string {
  const wasText = before.map((segment) => segment.text).join("");
  const isText = after.map((segment) => segment.text).join("");
  if (isText.length > wasText.length) return "it inserts text that is not marked as its own suggested insertion";
  if (isText !== wasText) return "it deletes text that is not its own suggested insertion";
  // The same text: find the first character whose attributes differ.
  let a = 0;
  let b = 0;
  let offsetA = 0;
  let offsetB = 0;
  while (a < before.length && b < after.length) {
    if (before[a]!.attributes !== after[b]!.attributes)
      return formatChange(before[a]!.attributes, after[b]!.attributes, userId);
    const step = Math.min(before[a]!.text.length - offsetA, after[b]!.text.length - offsetB);
    offsetA += step;
    offsetB += step;
    if (offsetA === before[a]!.text.length) [a, offsetA] = [a + 1, 0];
    if (offsetB === after[b]!.text.length) [b, offsetB] = [b + 1, 0];
  }
  return "it changes the formatting of existing text";
}

/** Consecutive text shown with the same attributes (canonical JSON, own deletion marks left out). */
interface Segment {
  attributes: string;
  text: string;
}

/**
 * What a whole run shows before or after the transaction, apart from the user's own insertions,
 * in segments of equal attributes (for a run added or removed whole), or a refusal.
 */
function othersText(text: Y.XmlText, side: "before" | "after", context: Judging): Segment[] | SuggestionVerdict {
  const segments: Segment[] = [];
  const attributes = new ShownAttributes(context, side);
  for (let item = text._start; item !== null; item = item.right) {
    if (side === "before" ? !visibleBefore(context.transaction, item) : item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) attributes.set(item.content.key, item.content.value);
    else if (item.countable) {
      const problem = attributes.show(item, segments);
      if (problem !== null) return refused(problem);
    }
  }
  return segments;
}

/**
 * The attributes in force at a point of a run, on one side of the transaction. What they mean
 * (the user's own insertion? the canonical key? a problem?) is worked out when text is shown
 * under them, once per change: a run of many suggestions has a format item every few characters.
 */
class ShownAttributes {
  private readonly values = new Map<string, unknown>();
  private stale = false;
  private own = false;
  private key = "{}";
  private problem: string | null = null;

  constructor(
    private readonly context: Judging,
    private readonly side: "before" | "after",
  ) {}

  get(key: string): unknown {
    return this.values.get(key);
  }

  set(key: string, value: unknown): void {
    setAttribute(this.values, key, value);
    this.stale = true;
  }

  /**
   * Appends the item's content to `segments` unless it is the user's own insertion. Answers why
   * it may not be shown (after the transaction: new content that is not a string, or its own
   * insertion with marks it may not carry), or null.
   */
  show(item: Y.Item, segments: Segment[]): string | null {
    const { userId, rules, transaction } = this.context;
    if (this.stale) {
      this.stale = false;
      this.own = isOwn(this.values.get(SUGGESTION_INSERT), userId);
      this.key = this.own ? "" : canonicalAttributes(this.values, userId);
      this.problem = this.own && this.side === "after" ? ownInsertionProblem(this.values, userId, rules) : null;
    }
    const content = item.content;
    if (this.side === "after" && !(content instanceof Y.ContentString) && addedIn(transaction, item))
      return "it inserts something other than text";
    if (this.own) return this.problem;
    const shown = content instanceof Y.ContentString ? content.str : `\u0000${item.id.client}:${item.id.clock}`;
    const last = segments.at(-1);
    if (last !== undefined && last.attributes === this.key) last.text += shown;
    else segments.push({ attributes: this.key, text: shown });
    return null;
  }
}

function setAttribute(attributes: Map<string, unknown>, key: string, value: unknown): void {
  if (value === null || value === undefined) attributes.delete(key);
  else attributes.set(key, value);
}

function isOwn(value: unknown, userId: string): boolean {
  return isSuggestionAttributes(value) && value.authorId === userId;
}

/** The attributes as canonical JSON, without the user's own deletion mark. */
function canonicalAttributes(attributes: Map<string, unknown>, userId: string): string {
  const kept: Array<[string, string]> = [];
  for (const [key, value] of attributes)
    if (!(key === SUGGESTION_DELETE && isOwn(value, userId))) kept.push([key, canonicalJson(value)]);
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${kept.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`;
}

/** JSON with every object's keys sorted: values written by different clients compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Text of the user's own insertion: known marks only, and no deletion mark but its own. */
function ownInsertionProblem(attributes: Map<string, unknown>, userId: string, rules: SuggestionRules): string | null {
  const deletion = attributes.get(SUGGESTION_DELETE);
  if (deletion !== undefined && !isOwn(deletion, userId)) return "its inserted text carries someone else's deletion";
  for (const key of attributes.keys()) {
    const mark = HASHED_MARK.exec(key)?.[1] ?? key;
    if (!rules.marks.has(mark)) return `it inserts text with an unknown mark (${key.slice(0, 40)})`;
  }
  return null;
}

/** Why the attributes of text it neither inserted nor removed changed (canonical JSON of both). */
function formatChange(before: string, after: string, userId: string): string {
  const was = JSON.parse(before) as Record<string, unknown>;
  const is = JSON.parse(after) as Record<string, unknown>;
  const keys = new Set([...Object.keys(was), ...Object.keys(is)]);
  for (const key of keys) {
    if (canonicalJson(was[key]) === canonicalJson(is[key])) continue;
    if (key !== SUGGESTION_DELETE) return `it changes the formatting of existing text (${key.slice(0, 40)})`;
    if (was[key] !== undefined) return "it changes a deletion someone else suggested";
    return isOwn(is[key], userId) ? "it changes a deletion mark" : "its deletion mark is not its own or is malformed";
  }
  return "it changes the formatting of existing text";
}
