import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { findQuoteInDoc, locateAnchor, yBindingOf, type CommentAnchor } from "./commentAnchors.js";
import { normalizeQuote, reattachRadius } from "./quoteNear.js";

/** One open thread to highlight. */
export interface HighlightedThread {
  id: string;
  anchor: CommentAnchor;
}

export interface CommentHighlightsState {
  threads: readonly HighlightedThread[];
  activeId: string | null;
  decorations: DecorationSet;
  /**
   * Threads with a quote whose range collapsed, and the place it collapsed to, kept current
   * through local edits: pasting the words back there re-attaches them (A7) before Yjs'
   * mapping of the new document exists.
   */
  lost: ReadonlyMap<string, number>;
}

/** What a highlight decoration carries in its spec. */
export interface CommentHighlightSpec {
  threadId: string;
}

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>("commentHighlights");

type Meta = { threads?: readonly HighlightedThread[]; activeId?: string | null };

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    commentHighlights: {
      /** Replaces the highlighted threads (the open ones) and which of them is active. */
      setCommentThreads: (threads: readonly HighlightedThread[], activeId: string | null) => ReturnType;
      setActiveCommentThread: (activeId: string | null) => ReturnType;
      /** Selects a thread's range and scrolls it into view; false when it is not in the text. */
      selectCommentThread: (threadId: string) => ReturnType;
    };
  }
}

export interface CommentHighlightsOptions {
  /**
   * Called when a highlight is clicked, with its thread's id.
   * @default null
   */
  onActivate: ((threadId: string) => void) | null;
  /**
   * Called on Mod-Alt-M (read-only views too) to start a thread on the selection; null leaves the shortcut inert.
   * @default null
   */
  onComment: (() => void) | null;
}

function highlight(
  thread: HighlightedThread,
  range: { from: number; to: number },
  activeId: string | null,
): Decoration {
  const spec: CommentHighlightSpec = { threadId: thread.id };
  return Decoration.inline(
    range.from,
    range.to,
    {
      class: thread.id === activeId ? "comment-highlight comment-highlight-active" : "comment-highlight",
      "data-thread-id": thread.id,
    },
    { ...spec, inclusiveStart: false, inclusiveEnd: false },
  );
}

/** `state` only lends the sync plugin's binding (one object for the editor's life, its mapping kept current). */
function decorate(
  state: EditorState,
  doc: ProseMirrorNode,
  threads: readonly HighlightedThread[],
  activeId: string | null,
): Pick<CommentHighlightsState, "decorations" | "lost"> {
  const binding = yBindingOf(state);
  const lost = new Map<string, number>();
  if (!binding || threads.length === 0) return { decorations: DecorationSet.empty, lost };
  const decorations: Decoration[] = [];
  for (const thread of threads) {
    const located = locateAnchor(binding, thread.anchor, doc);
    if ("from" in located) {
      decorations.push(highlight(thread, located, activeId));
      continue;
    }
    const quote = thread.anchor.quote;
    if (!quote || located.place === null) continue;
    // A7: the words came back where they were (an undo, a paste, by anyone).
    const found = findQuoteInDoc(doc, quote, located.place);
    if (found) decorations.push(highlight(thread, found, activeId));
    else lost.set(thread.id, located.place);
  }
  return { decorations: DecorationSet.create(doc, decorations), lost };
}

function threadIdOf(decoration: Decoration): string | undefined {
  return (decoration.spec as Partial<CommentHighlightSpec>).threadId;
}

/**
 * A local edit: the highlights are mapped, and a lost thread whose window the edit touched
 * looks for its quote again (A7). Only those: a keystroke far from every lost thread costs
 * nothing more than the mapping.
 */
function mapLocal(
  tr: Transaction,
  current: CommentHighlightsState,
  threads: readonly HighlightedThread[],
  activeId: string | null,
): CommentHighlightsState {
  let decorations = current.decorations.map(tr.mapping, tr.doc);
  // A highlight the edit deleted: its thread is lost where the text was.
  const before = current.decorations.find();
  const lostNow = new Map(current.lost);
  if (before.length > 0) {
    const kept = new Set(decorations.find().map((decoration) => threadIdOf(decoration)));
    for (const decoration of before) {
      const threadId = threadIdOf(decoration);
      if (threadId !== undefined && !kept.has(threadId)) lostNow.set(threadId, tr.mapping.map(decoration.from, -1));
    }
  }
  if (lostNow.size === 0) return { threads, activeId, decorations, lost: current.lost };
  const changed: Array<[number, number]> = [];
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => changed.push([rest.map(newStart, -1), rest.map(newEnd, 1)]));
  });
  const byId = new Map(threads.map((thread) => [thread.id, thread]));
  const lost = new Map<string, number>();
  const found: Decoration[] = [];
  for (const [threadId, place] of lostNow) {
    const thread = byId.get(threadId);
    const quote = thread?.anchor.quote;
    if (!thread || !quote) continue;
    const now = current.lost.has(threadId) ? tr.mapping.map(place, -1) : place;
    const radius = reattachRadius(normalizeQuote(quote));
    const touched = changed.some(([from, to]) => from <= now + radius && to >= now - radius);
    const range = touched ? findQuoteInDoc(tr.doc, quote, now) : null;
    if (range) found.push(highlight(thread, range, activeId));
    else lost.set(threadId, now);
  }
  if (found.length > 0) decorations = decorations.add(tr.doc, found);
  return { threads, activeId, decorations, lost };
}

/** Mod-Alt-M, by physical key: with Alt held, macOS types "µ" for M. */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, "code" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">,
): boolean {
  return event.code === "KeyM" && event.altKey && (event.ctrlKey || event.metaKey) && !event.shiftKey;
}

/** The highlights after `tr`: recomputed from the anchors when the Yjs side changed, mapped otherwise. */
function next(tr: Transaction, current: CommentHighlightsState, bindingState: EditorState): CommentHighlightsState {
  const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
  const sync = tr.getMeta(ySyncPluginKey) as unknown;
  const threads = meta?.threads ?? current.threads;
  const activeId = meta && "activeId" in meta ? (meta.activeId ?? null) : current.activeId;
  // A remote change (or the binding's first render) rebuilds the document and the Yjs mapping
  // is current: resolve again. A local edit has not reached Yjs yet, so its mapping is stale;
  // ProseMirror's own mapping of the decorations is exact for it (outer edges exclusive, A2).
  if (meta || sync !== undefined) return { threads, activeId, ...decorate(bindingState, tr.doc, threads, activeId) };
  if (!tr.docChanged) return current;
  return mapLocal(tr, current, threads, activeId);
}

/**
 * Highlights the ranges of a recommendation's open review threads, anchored to Yjs relative
 * positions so they follow everyone's edits, and emphasises the active one. Clicking a
 * highlight reports its thread; Mod-Alt-M asks to comment on the selection.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",

  addOptions() {
    return { onActivate: null, onComment: null };
  },

  addCommands() {
    return {
      setCommentThreads:
        (threads, activeId) =>
        ({ tr, dispatch }) => {
          if (dispatch)
            tr.setMeta(commentHighlightsKey, { threads, activeId } satisfies Meta).setMeta("addToHistory", false);
          return true;
        },
      setActiveCommentThread:
        (activeId) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(commentHighlightsKey, { activeId } satisfies Meta).setMeta("addToHistory", false);
          return true;
        },
      selectCommentThread:
        (threadId) =>
        ({ state, tr, dispatch }) => {
          const highlight = commentHighlightsKey
            .getState(state)
            ?.decorations.find(
              undefined,
              undefined,
              (spec) => (spec as Partial<CommentHighlightSpec>).threadId === threadId,
            )[0];
          if (!highlight) return false;
          if (dispatch) {
            tr.setSelection(TextSelection.create(tr.doc, highlight.from, highlight.to))
              .setMeta(commentHighlightsKey, { activeId: threadId } satisfies Meta)
              .scrollIntoView();
          }
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const options = this.options;
    return [
      new Plugin<CommentHighlightsState>({
        key: commentHighlightsKey,
        state: {
          init: () => ({ threads: [], activeId: null, decorations: DecorationSet.empty, lost: new Map() }),
          // The old state: the sync plugin's field may not exist yet in the state being built.
          apply: (tr, current, oldState) => next(tr, current, oldState),
        },
        props: {
          decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
          handleDOMEvents: {
            // Not a keymap: ProseMirror runs keymaps only in editable views, and reviewers read.
            keydown: (view, event) => {
              const { onComment } = options;
              if (!onComment || !isCommentShortcut(event) || view.state.selection.empty) return false;
              event.preventDefault();
              onComment();
              return true;
            },
          },
          handleClick: (view, pos) => {
            const { onActivate } = options;
            if (!onActivate) return false;
            const here = commentHighlightsKey.getState(view.state)?.decorations.find(pos, pos) ?? [];
            const hit = here.find((decoration) => decoration.from <= pos && pos < decoration.to) ?? here[0];
            const threadId = (hit?.spec as Partial<CommentHighlightSpec> | undefined)?.threadId;
            if (threadId) onActivate(threadId);
            // Let ProseMirror place the caret as usual.
            return false;
          },
        },
      }),
    ];
  },
});
