import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { CITATION_NODE } from "./citationNumbers.js";

/** The claim check's kinds of finding (issue 19), as `@accord/claims` names them. */
export type ClaimHighlightKind = "mismatch" | "unsupported" | "notFound" | "inconsistent";

/** Where a figure stands as the checker read the body: the textblock's index in document order, offsets inside it. */
export interface ClaimSpan {
  block: number;
  from: number;
  to: number;
}

/** One finding to underline: what the server's check reported, reduced to what the text needs. */
export interface HighlightedClaim {
  id: string;
  kind: ClaimHighlightKind;
  /** The figure exactly as written; nothing is drawn unless the text at `at` still says it. */
  raw: string;
  at: ClaimSpan;
}

/** The class of each kind's underline (client/src/styles/claims.css draws them). */
export const CLAIM_CLASSES: Readonly<Record<ClaimHighlightKind, string>> = {
  mismatch: "claim-mismatch",
  unsupported: "claim-unsupported",
  notFound: "claim-notfound",
  inconsistent: "claim-inconsistent",
};

/** What an underline carries in its spec. */
export interface ClaimHighlightSpec {
  claimId: string;
  raw: string;
}

export interface ClaimHighlightsState {
  claims: readonly HighlightedClaim[];
  activeId: string | null;
  decorations: DecorationSet;
}

export const claimHighlightsKey = new PluginKey<ClaimHighlightsState>("claimHighlights");

type Meta = { claims?: readonly HighlightedClaim[]; activeId?: string | null };

/** A citation stands for one position in the checker's offsets; it never matches a figure's text. */
const CITE_CHARACTER = "\uFFFC";

/** Positions before each textblock, in document order: the checker's block indices. */
export function textblockPositions(doc: ProseMirrorNode): number[] {
  const starts: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    starts.push(pos);
    return false;
  });
  return starts;
}

/** A textblock's characters as the checker counts them: text as written, every inline leaf as one character. */
export function textblockText(block: ProseMirrorNode): string {
  return block.textBetween(0, block.content.size, "\n", (leaf) =>
    leaf.type.name === CITATION_NODE ? CITE_CHARACTER : "\n",
  );
}

/**
 * The document range of a figure the checker placed at `at`, or null when the text there is not
 * (or no longer) `raw`: the checker read a stored body that this window's text may have moved past.
 */
export function claimRange(
  doc: ProseMirrorNode,
  at: ClaimSpan,
  raw: string,
  starts: readonly number[] = textblockPositions(doc),
): { from: number; to: number } | null {
  const start = starts[at.block];
  if (start === undefined || at.from < 0 || at.to <= at.from) return null;
  const block = doc.nodeAt(start);
  if (!block?.isTextblock || at.to > block.content.size) return null;
  const text = block.textBetween(at.from, at.to, "\n", CITE_CHARACTER);
  return text === raw ? { from: start + 1 + at.from, to: start + 1 + at.to } : null;
}

function underline(claim: HighlightedClaim, range: { from: number; to: number }, activeId: string | null): Decoration {
  const spec: ClaimHighlightSpec = { claimId: claim.id, raw: claim.raw };
  const classes = ["claim-highlight", CLAIM_CLASSES[claim.kind]];
  if (claim.id === activeId) classes.push("claim-highlight-active");
  return Decoration.inline(
    range.from,
    range.to,
    { class: classes.join(" "), "data-claim-id": claim.id, "data-claim-kind": claim.kind },
    { ...spec, inclusiveStart: false, inclusiveEnd: false },
  );
}

/** The underlines of `claims` over `doc`: each one whose text still says its figure. */
export function claimDecorations(
  doc: ProseMirrorNode,
  claims: readonly HighlightedClaim[],
  activeId: string | null,
): DecorationSet {
  if (claims.length === 0) return DecorationSet.empty;
  const starts = textblockPositions(doc);
  const decorations: Decoration[] = [];
  for (const claim of claims) {
    const range = claimRange(doc, claim.at, claim.raw, starts);
    if (range) decorations.push(underline(claim, range, activeId));
  }
  return DecorationSet.create(doc, decorations);
}

function specOf(decoration: Decoration): Partial<ClaimHighlightSpec> {
  return decoration.spec as Partial<ClaimHighlightSpec>;
}

/**
 * A local edit: the underlines move with the text (ProseMirror's own mapping is exact for it),
 * and one whose figure was edited goes until the next check reports on the new text.
 */
function mapLocal(tr: Transaction, decorations: DecorationSet): DecorationSet {
  const mapped = decorations.map(tr.mapping, tr.doc);
  const stale = mapped
    .find()
    .filter(
      (decoration) =>
        tr.doc.textBetween(decoration.from, decoration.to, "\n", CITE_CHARACTER) !== specOf(decoration).raw,
    );
  return stale.length > 0 ? mapped.remove(stale) : mapped;
}

function next(tr: Transaction, current: ClaimHighlightsState): ClaimHighlightsState {
  const meta = tr.getMeta(claimHighlightsKey) as Meta | undefined;
  const claims = meta?.claims ?? current.claims;
  const activeId = meta && "activeId" in meta ? (meta.activeId ?? null) : current.activeId;
  // New findings, or a remote change (which the Yjs binding applies as a replacement of the
  // whole document, so mapping would collapse every underline): place them again from `at`.
  if (meta || tr.getMeta(ySyncPluginKey) !== undefined) {
    return { claims, activeId, decorations: claimDecorations(tr.doc, claims, activeId) };
  }
  if (!tr.docChanged) return current;
  return { claims, activeId, decorations: mapLocal(tr, current.decorations) };
}

/** The id of the underline at `pos`, if any. */
export function claimAt(state: EditorState, pos: number): string | null {
  const here = claimHighlightsKey.getState(state)?.decorations.find(pos, pos) ?? [];
  const hit = here.find((decoration) => decoration.from <= pos && pos < decoration.to) ?? here[0];
  return hit ? (specOf(hit).claimId ?? null) : null;
}

/** The drawn range of a finding's underline, or null when it is not drawn. */
export function claimRangeOf(state: EditorState, claimId: string): { from: number; to: number } | null {
  const found = claimHighlightsKey
    .getState(state)
    ?.decorations.find(undefined, undefined, (spec) => (spec as Partial<ClaimHighlightSpec>).claimId === claimId)[0];
  return found ? { from: found.from, to: found.to } : null;
}

/** Alt+Enter opens the card of the figure under the caret: Enter alone is a new paragraph. */
export function isClaimCardShortcut(
  event: Pick<KeyboardEvent, "key" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey">,
): boolean {
  return event.key === "Enter" && event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
}

export interface ClaimHighlightsOptions {
  /**
   * Called when an underline is clicked (`pointer`), or Alt+Enter is pressed with the caret in it (`keyboard`).
   * @default null
   */
  onActivate: ((claimId: string, via: "pointer" | "keyboard") => void) | null;
}

/** The plugin alone (the extension below wraps it), for tests over a bare EditorState. */
export function claimHighlightsPlugin(options: ClaimHighlightsOptions): Plugin<ClaimHighlightsState> {
  return new Plugin<ClaimHighlightsState>({
    key: claimHighlightsKey,
    state: {
      init: () => ({ claims: [], activeId: null, decorations: DecorationSet.empty }),
      apply: (tr, current) => next(tr, current),
    },
    props: {
      decorations: (state) => claimHighlightsKey.getState(state)?.decorations,
      handleDOMEvents: {
        // Not a keymap: keymaps run only in editable views, and a reviewer reads the cards too.
        keydown: (view, event) => {
          const { onActivate } = options;
          if (!onActivate || !isClaimCardShortcut(event)) return false;
          const claimId = claimAt(view.state, view.state.selection.head);
          if (!claimId) return false;
          event.preventDefault();
          onActivate(claimId, "keyboard");
          return true;
        },
      },
      handleClick: (view, pos) => {
        const { onActivate } = options;
        const claimId = onActivate ? claimAt(view.state, pos) : null;
        if (!onActivate || !claimId) return false;
        // The caret goes where it was clicked, placed here rather than left to the browser: the
        // card's opening dispatches a transaction before ProseMirror reads the browser's new
        // selection (at selectionchange), which would put the caret back where it was.
        view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))));
        onActivate(claimId, "pointer");
        return true;
      },
    },
  });
}

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    claimHighlights: {
      /** Replaces the underlined findings (the open ones) and which of them has its card open. */
      setClaimFindings: (claims: readonly HighlightedClaim[], activeId: string | null) => ReturnType;
      /** Selects a finding's figure and scrolls it into view; false when it is not drawn. */
      selectClaim: (claimId: string) => ReturnType;
    };
  }
}

/**
 * Underlines the figures the claim check reported (issue 19), one class per kind, placed from
 * the checker's block offsets and drawn only where the text still says the figure. Clicking an
 * underline, or Alt+Enter in it, reports its finding.
 */
export const ClaimHighlights = Extension.create<ClaimHighlightsOptions>({
  name: "claimHighlights",

  addOptions() {
    return { onActivate: null };
  },

  addCommands() {
    return {
      setClaimFindings:
        (claims, activeId) =>
        ({ tr, dispatch }) => {
          if (dispatch)
            tr.setMeta(claimHighlightsKey, { claims, activeId } satisfies Meta).setMeta("addToHistory", false);
          return true;
        },
      selectClaim:
        (claimId) =>
        ({ state, tr, dispatch }) => {
          const range = claimRangeOf(state, claimId);
          if (!range) return false;
          if (dispatch) tr.setSelection(TextSelection.create(tr.doc, range.from, range.to)).scrollIntoView();
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [claimHighlightsPlugin(this.options)];
  },
});
