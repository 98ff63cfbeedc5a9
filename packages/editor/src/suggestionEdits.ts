import { Fragment, type Mark, type Node as ProseMirrorNode, type Slice } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from "@tiptap/pm/state";
import { AddMarkStep, Mapping, RemoveMarkStep, ReplaceStep, type Step } from "@tiptap/pm/transform";
import type { EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { newSuggestionId, SUGGESTION_DELETE, SUGGESTION_INSERT, type SuggestionAttributes } from "./suggestions.js";

/**
 * Suggesting mode as plain ProseMirror (issue 18): every edit the user makes becomes
 * suggestion marks, in the shape the server's guard accepts from a suggest-only connection
 * (collab/SPEC.md P16). `SuggestionMode.ts` wraps this in a Tiptap extension; the rules live
 * here so that they run in tests without a browser.
 *
 * S1. Inserted text carries the user's `suggestionInsert`; no other change is made to it.
 * S2. Deleted text stays and gains the user's `suggestionDelete`, except text inside the user's
 *     own `suggestionInsert` (really deleted: taking back one's own proposal) and text that
 *     already carries a `suggestionDelete` (left as it is).
 * S3. A replacement is a deletion mark and an insertion mark sharing one id; an edit touching
 *     the user's own suggestion (at either edge or inside) takes that suggestion's id and time,
 *     so one contiguous change is one suggestion.
 * S4. Anything that changes structure (a new or joined block, formatting, node attributes,
 *     a citation or other non-text inline node) is refused, with a reason for the user.
 * S5. Transactions from Yjs (other people's edits, undo through Yjs) and those marked
 *     `SUGGESTION_SKIP` (accepting and rejecting) pass untouched.
 * S6. The caret moves as in Google Docs: after Backspace it sits before the struck text,
 *     after Delete after it, after typing after the inserted text.
 * S7. Typing and deleting are taken from `beforeinput`, before the browser touches the page.
 */

/** Meta key: a transaction carrying it (any value) is applied as an ordinary edit, never rewritten. */
export const SUGGESTION_SKIP = "suggestionSkip";

export const suggestionModeKey = new PluginKey("suggestionMode");

export interface SuggestionModeSettings {
  /** Whether edits become suggestions right now (read on every transaction). */
  enabled: () => boolean;
  /** The suggesting user's id, stored in each mark's `authorId`. */
  authorId: string;
  /** Called with a sentence when an edit is refused because it cannot be a suggestion. */
  onBlocked?: ((reason: string) => void) | undefined;
  /** Milliseconds since the epoch for a new suggestion's `createdAt`. @default Date.now */
  now?: (() => number) | undefined;
  /** A new suggestion's id. @default newSuggestionId */
  newId?: (() => string) | undefined;
}

export const BLOCKED_STRUCTURE = "New paragraphs, joining paragraphs and lists are not available while suggesting.";
export const BLOCKED_FORMATTING = "Formatting is not available while suggesting.";
export const BLOCKED_UNKNOWN = "This change could not be made as a suggestion.";
export const BLOCKED_INLINE_NODE = "Citations and line breaks cannot be added while suggesting.";

/** The plugin that rewrites a user's edits into suggestions while `settings.enabled()`. */
export function suggestionModePlugin(settings: SuggestionModeSettings): Plugin {
  return new Plugin({
    key: suggestionModeKey,
    filterTransaction(tr) {
      if (!applies(tr, settings)) return true;
      const reason = refusal(tr);
      if (reason === null) return true;
      // Appended transactions (autolink adding a link mark) are refused without a word: the user did not ask.
      if (!tr.getMeta("appendedTransaction")) settings.onBlocked?.(reason);
      return false;
    },
    props: {
      handleDOMEvents: {
        // S7: typing and deleting are made here, before the browser changes the page: text the
        // browser removed natively would have to be put back by redrawing, which Chrome's caret
        // and ProseMirror's reading of the DOM do not survive well. Other edits (IME
        // composition, drops, commands) reach appendTransaction below.
        beforeinput: (view, event) => {
          if (!settings.enabled() || !view.editable) return false;
          const tr = inputTransaction(view, event as InputEvent);
          if (!tr) return false;
          event.preventDefault();
          view.dispatch(tr.scrollIntoView());
          return true;
        },
      },
      // Plain Backspace and Delete at a caret are taken at keydown: Chrome did not always send a
      // cancelable beforeinput when they were pressed quickly in a row (a space was then removed
      // natively). Word and line deletions (with modifiers) still come through beforeinput.
      handleKeyDown: (view, event) => {
        if (!settings.enabled() || !view.editable) return false;
        if (event.key !== "Backspace" && event.key !== "Delete") return false;
        if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing) return false;
        const tr = caretDeletion(view, event.key === "Backspace" ? "backward" : "forward");
        if (!tr) return false;
        view.dispatch(tr.scrollIntoView());
        return true;
      },
    },
    appendTransaction(transactions, oldState, newState) {
      const mine = transactions.filter((tr) => applies(tr, settings));
      if (mine.length === 0) return null;
      // Only a run of the user's own transactions from oldState can be undone and redone here.
      if (mine.length !== transactions.length) return null;
      try {
        return rewrite(transactions, oldState, newState, settings);
      } catch {
        // Should a step not invert (it always should), the user's change is taken back whole.
        settings.onBlocked?.(BLOCKED_UNKNOWN);
        const tr = newState.tr.replaceWith(0, newState.doc.content.size, oldState.doc.content);
        return tr.setMeta(suggestionModeKey, "reverted");
      }
    },
  });
}

const TYPING = new Set(["insertText", "insertReplacementText"]);
const DELETING = new Set([
  "deleteContentBackward",
  "deleteContentForward",
  "deleteWordBackward",
  "deleteWordForward",
  "deleteSoftLineBackward",
  "deleteSoftLineForward",
  "deleteHardLineBackward",
  "deleteHardLineForward",
]);

/** The plain edit a typing or deleting `beforeinput` asks for (rewritten by appendTransaction), or null. */
function inputTransaction(view: EditorView, event: InputEvent): Transaction | null {
  const typing = TYPING.has(event.inputType);
  if (!typing && !DELETING.has(event.inputType)) return null;
  const { state } = view;
  let { from, to } = state.selection;
  const target = event.getTargetRanges?.()[0];
  if (target) {
    try {
      from = view.posAtDOM(target.startContainer, target.startOffset);
      to = view.posAtDOM(target.endContainer, target.endOffset);
    } catch {
      return null;
    }
  }
  if (from > to) [from, to] = [to, from];
  if (!typing && from === to) {
    // No range from the browser (or an empty one): one character, as Backspace or Delete would.
    if (event.inputType.endsWith("Backward")) from = Math.max(0, from - 1);
    else to = Math.min(state.doc.content.size, to + 1);
  }
  if (typing) {
    const text = event.data ?? event.dataTransfer?.getData("text/plain") ?? "";
    return text ? state.tr.insertText(text, from, to) : null;
  }
  if (from >= to) return null;
  // The browser's caret may be ahead of ProseMirror's selection (selectionchange comes later),
  // so the direction goes with the transaction instead of being read from the selection (S6).
  return state.tr.delete(from, to).setMeta(DIRECTION, event.inputType.endsWith("Backward") ? "backward" : "forward");
}

/**
 * One character before (Backspace) or after (Delete) a caret inside a textblock, as a plain
 * deletion for appendTransaction to rewrite; null at a block's edge or with a selection (the
 * keymap's joins and deleteSelection handle those, and joins are refused).
 */
function caretDeletion(view: EditorView, direction: "backward" | "forward"): Transaction | null {
  const { state } = view;
  const caret = domCaret(view);
  const $from = caret === null ? state.selection.$from : state.doc.resolve(caret);
  if ((caret === null && !state.selection.empty) || !$from.parent.isTextblock) return null;
  const text = $from.parent.textBetween(0, $from.parent.content.size, undefined, "\ufffc");
  const offset = $from.parentOffset;
  let length = 1;
  if (direction === "backward") {
    if (offset === 0) return null;
    // A character outside the Basic Multilingual Plane is two code units: both go.
    if (offset >= 2 && /[\udc00-\udfff]/.test(text[offset - 1] ?? "") && /[\ud800-\udbff]/.test(text[offset - 2] ?? ""))
      length = 2;
    return state.tr.delete($from.pos - length, $from.pos).setMeta(DIRECTION, direction);
  }
  if (offset >= $from.parent.content.size) return null;
  if (/[\ud800-\udbff]/.test(text[offset] ?? "") && /[\udc00-\udfff]/.test(text[offset + 1] ?? "")) length = 2;
  return state.tr.delete($from.pos, $from.pos + length).setMeta(DIRECTION, direction);
}

/**
 * Where the browser's caret is, when it is one inside the editor. ProseMirror learns of a caret
 * moved by Home or an arrow key from selectionchange, which may come after the next keydown: a
 * Backspace right after Home would otherwise act where the caret was before.
 */
function domCaret(view: EditorView): number | null {
  const selection = (view.root as Document).getSelection?.();
  if (!selection?.isCollapsed || !selection.focusNode) return null;
  if (!view.dom.contains(selection.focusNode)) return null;
  try {
    return view.posAtDOM(selection.focusNode, selection.focusOffset);
  } catch {
    return null;
  }
}

/** Meta key: "backward" or "forward", which way a deletion went (Backspace or Delete). */
const DIRECTION = "suggestionDirection";

function applies(tr: Transaction, settings: SuggestionModeSettings): boolean {
  return (
    tr.docChanged &&
    settings.enabled() &&
    tr.getMeta(ySyncPluginKey) === undefined &&
    tr.getMeta(SUGGESTION_SKIP) === undefined &&
    tr.getMeta(suggestionModeKey) === undefined
  );
}

/** Why a transaction cannot be turned into suggestions, or null when it can (S4). */
function refusal(tr: Transaction): string | null {
  for (let index = 0; index < tr.steps.length; index++) {
    const step = tr.steps[index] as Step;
    const before = tr.docs[index] as ProseMirrorNode;
    if (!(step instanceof ReplaceStep)) {
      return step instanceof AddMarkStep || step instanceof RemoveMarkStep ? BLOCKED_FORMATTING : BLOCKED_STRUCTURE;
    }
    const inserted = insertedText(step.slice);
    if (inserted === "structure") return BLOCKED_STRUCTURE;
    if (inserted === "inline-node") return BLOCKED_INLINE_NODE;
    const { from, to } = step;
    if (from === to) {
      if (!before.resolve(from).parent.isTextblock) return BLOCKED_STRUCTURE;
      continue;
    }
    const $from = before.resolve(from);
    const $to = before.resolve(to);
    // Across blocks, only the text in between can be struck; with none there it is a join.
    if (!$from.sameParent($to) && before.textBetween(from, to) === "") return BLOCKED_STRUCTURE;
    if ($from.sameParent($to) && !$from.parent.isTextblock) return BLOCKED_STRUCTURE;
    if (inserted.size > 0 && !$to.parent.isTextblock) return BLOCKED_STRUCTURE;
  }
  return null;
}

/**
 * The text a slice inserts, as one run of text nodes: "structure" when it holds more than one
 * block's text (a paste of several paragraphs, Enter), "inline-node" when it holds a citation or
 * a hard break. Empty blocks around it (a select-all delete leaves an empty paragraph) are ignored:
 * the blocks that were there stay.
 */
function insertedText(slice: Slice): Fragment | "structure" | "inline-node" {
  const runs: Fragment[] = [];
  let inlineNode = false;
  let blocks = 0;
  const visit = (fragment: Fragment) => {
    if (fragment.childCount > 0 && fragment.firstChild?.isInline) {
      runs.push(fragment);
      fragment.forEach((node) => {
        if (!node.isText) inlineNode = true;
      });
      return;
    }
    fragment.forEach((node) => {
      if (node.isTextblock) blocks++;
      visit(node.content);
    });
  };
  visit(slice.content);
  if (inlineNode) return "inline-node";
  if (runs.length > 1) return "structure";
  // Enter splits a block: a slice of two (empty) textblocks.
  if (runs.length === 0 && blocks > 1 && slice.openStart > 0) return "structure";
  return runs[0] ?? Fragment.empty;
}

interface Edit {
  from: number;
  to: number;
  text: Fragment;
}

function rewrite(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
  settings: SuggestionModeSettings,
): Transaction | null {
  const tr = newState.tr;
  // Undo the user's steps (newest first), bringing the document back to oldState's...
  const originals: Array<{ step: Step; doc: ProseMirrorNode }> = [];
  for (const original of transactions)
    original.steps.forEach((step, index) => originals.push({ step, doc: original.docs[index] as ProseMirrorNode }));
  for (let index = originals.length - 1; index >= 0; index--) {
    const { step, doc } = originals[index] as { step: Step; doc: ProseMirrorNode };
    tr.step(step.invert(doc));
  }
  // ...then make each of them again as suggestions. `toWorking` maps positions of the user's
  // document after step i to the rewritten document.
  let toWorking = new Mapping();
  let caret: number | null = null;
  const selectionBefore = oldState.selection;
  originals.forEach(({ step }, index) => {
    const replace = step as ReplaceStep;
    const text = insertedText(replace.slice);
    if (typeof text === "string") return;
    const from = toWorking.map(replace.from, -1);
    const to = Math.max(from, toWorking.map(replace.to, 1));
    const stepsBefore = tr.steps.length;
    const end = suggest(tr, { from, to, text }, settings);
    const told = index === 0 && replace.slice.size === 0 ? transactions[0]?.getMeta(DIRECTION) : undefined;
    const direction =
      told === "backward" || told === "forward"
        ? told
        : index === 0 && selectionBefore.empty && replace.slice.size === 0
          ? selectionBefore.from === replace.to
            ? "backward"
            : selectionBefore.from === replace.from
              ? "forward"
              : "range"
          : "range";
    caret = direction === "backward" ? end.start : end.end;
    const next = new Mapping();
    next.appendMap(replace.getMap().invert());
    next.appendMapping(toWorking);
    for (let ours = stepsBefore; ours < tr.steps.length; ours++) next.appendMap((tr.steps[ours] as Step).getMap());
    toWorking = next;
  });
  if (caret !== null) tr.setSelection(TextSelection.create(tr.doc, caret));
  tr.setMeta(suggestionModeKey, "rewritten");
  tr.setMeta("addToHistory", transactions[0]?.getMeta("addToHistory") ?? true);
  return tr;
}

/**
 * Applies one edit (positions in `tr.doc`) as suggestions. Returns where the caret may go:
 * `start` before the struck text, `end` after the inserted text (or after the struck text).
 */
function suggest(tr: Transaction, edit: Edit, settings: SuggestionModeSettings): { start: number; end: number } {
  const { authorId } = settings;
  const attrs = reusedAttributes(tr.doc, edit.from, edit.to, authorId) ?? {
    id: (settings.newId ?? newSuggestionId)(),
    authorId,
    createdAt: Math.round((settings.now ?? Date.now)()),
  };
  const schema = tr.doc.type.schema;
  const deleteMark = schema.marks[SUGGESTION_DELETE]!.create(attrs);
  const insertMark = schema.marks[SUGGESTION_INSERT]!.create(attrs);

  // S2: strike or remove the text in the range, piece by piece (never the structure around it).
  const ownInserted: Array<{ from: number; to: number }> = [];
  const toStrike: Array<{ from: number; to: number }> = [];
  tr.doc.nodesBetween(edit.from, edit.to, (node, pos) => {
    if (!node.isText) return true;
    const from = Math.max(pos, edit.from);
    const to = Math.min(pos + node.nodeSize, edit.to);
    if (from >= to) return false;
    if (node.marks.some((mark) => mark.type.name === SUGGESTION_DELETE)) return false;
    if (node.marks.some((mark) => isOwn(mark, SUGGESTION_INSERT, authorId))) ownInserted.push({ from, to });
    else toStrike.push({ from, to });
    return false;
  });
  for (const range of toStrike) tr.addMark(range.from, range.to, deleteMark);
  const stepsBefore = tr.steps.length;
  for (let index = ownInserted.length - 1; index >= 0; index--) {
    const range = ownInserted[index] as { from: number; to: number };
    tr.delete(range.from, range.to);
  }
  const map = (pos: number, assoc: number) => {
    let mapped = pos;
    for (let index = stepsBefore; index < tr.steps.length; index++)
      mapped = (tr.steps[index] as Step).getMap().map(mapped, assoc);
    return mapped;
  };
  const start = map(edit.from, -1);
  const at = map(edit.to, -1);

  // S1: the inserted text after the struck text, without other suggestions' marks.
  if (edit.text.size === 0) return { start, end: Math.max(start, at) };
  const nodes: ProseMirrorNode[] = [];
  edit.text.forEach((node) => {
    const marks = node.marks.filter(
      (mark) => mark.type.name !== SUGGESTION_INSERT && mark.type.name !== SUGGESTION_DELETE,
    );
    nodes.push(node.mark(insertMark.addToSet(marks)));
  });
  const text = Fragment.from(nodes);
  tr.insert(at, text);
  return { start, end: at + text.size };
}

/** S3: the attributes of the user's own suggestion at the edges of (or inside) a range, if any. */
function reusedAttributes(
  doc: ProseMirrorNode,
  from: number,
  to: number,
  authorId: string,
): SuggestionAttributes | null {
  const candidates: Array<ProseMirrorNode | null | undefined> = [
    doc.resolve(from).nodeBefore,
    doc.resolve(to).nodeAfter,
  ];
  if (from < to)
    doc.nodesBetween(from, to, (node) => {
      if (node.isText) candidates.push(node);
      return true;
    });
  for (const node of candidates) {
    if (!node?.isText) continue;
    for (const mark of node.marks)
      if (isOwn(mark, SUGGESTION_INSERT, authorId) || isOwn(mark, SUGGESTION_DELETE, authorId))
        return mark.attrs as SuggestionAttributes;
  }
  return null;
}

function isOwn(mark: Mark, name: string, authorId: string): boolean {
  return mark.type.name === name && mark.attrs.authorId === authorId;
}

/** Which suggestions a command acts on: one (by id and author) or all. */
type Target = { id: string; authorId: string } | null;

function matches(mark: Mark, target: Target): boolean {
  if (mark.type.name !== SUGGESTION_INSERT && mark.type.name !== SUGGESTION_DELETE) return false;
  return target === null || (mark.attrs.id === target.id && mark.attrs.authorId === target.authorId);
}

/**
 * Accepting or rejecting (ISSUE18.md): accept an insertion = drop its mark, reject it = delete
 * the text; accept a deletion = delete the text, reject it = drop its mark. Returns null when
 * nothing matches. The transaction carries SUGGESTION_SKIP: it is an ordinary edit (S5).
 */
export function resolveSuggestions(state: EditorState, target: Target, accept: boolean): Transaction | null {
  const tr = state.tr;
  return resolveSuggestionsIn(tr, target, accept) ? tr : null;
}

/** resolveSuggestions over a transaction being built (a Tiptap command's `tr`); false when nothing matched. */
export function resolveSuggestionsIn(tr: Transaction, target: Target, accept: boolean): boolean {
  const removals: Array<{ from: number; to: number }> = [];
  const unmark: Array<{ from: number; to: number; mark: Mark }> = [];
  tr.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (!matches(mark, target)) continue;
      const keepText = (mark.type.name === SUGGESTION_INSERT) === accept;
      if (keepText) unmark.push({ from: pos, to: pos + node.nodeSize, mark });
      else removals.push({ from: pos, to: pos + node.nodeSize });
    }
    return false;
  });
  if (removals.length === 0 && unmark.length === 0) return false;
  for (const { from, to, mark } of unmark) tr.removeMark(from, to, mark);
  // Removing marks moves nothing; deletions go last to first so earlier positions stay true.
  const merged = mergeRanges(removals);
  for (let index = merged.length - 1; index >= 0; index--) {
    const range = merged[index] as { from: number; to: number };
    tr.delete(range.from, range.to);
  }
  tr.setMeta(SUGGESTION_SKIP, true);
  return true;
}

/** Whether the body holds the suggestion (or any, for null). */
export function hasSuggestion(doc: ProseMirrorNode, target: Target): boolean {
  let found = false;
  doc.descendants((node) => {
    if (found) return false;
    if (node.isText && node.marks.some((mark) => matches(mark, target))) found = true;
    return !node.isText;
  });
  return found;
}

function mergeRanges(ranges: Array<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}
