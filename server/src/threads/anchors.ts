import type { ThreadAnchor } from "@accord/domain";
import { findQuoteNear, normalizeQuote, reattachRadius } from "@accord/editor";
import { BODY_FRAGMENT } from "@accord/protocol";
import { z } from "zod";
import * as Y from "yjs";

/**
 * Where a thread's range is in a recommendation's body right now (rules A1–A6 in SPEC.md).
 * `offset` is the start's place in document order, for sorting threads; it is not exposed.
 */
export type ResolvedAnchor = { state: "attached"; text: string; offset: number } | { state: "detached" };

/** The shape `Y.relativePositionToJSON` produces; anything else is not an anchor (A1). */
const idJson = z.object({ client: z.number().int().min(0), clock: z.number().int().min(0) }).strict();
const relativePositionJson = z
  .object({
    type: idJson.nullish(),
    tname: z.string().nullish(),
    item: idJson.nullish(),
    assoc: z.number().int().min(-1).max(1).optional(),
  })
  .strict()
  .refine((json) => json.item != null || json.type != null || json.tname != null, "names no position");

/**
 * Nodes that sit inside a paragraph's text rather than between blocks. Unknown element
 * names count as blocks: a wrong guess only adds a line break to the text shown.
 */
const INLINE_ELEMENTS = new Set(["citation", "hardBreak", "image"]);

/**
 * Offsets count *tokens*: one per character (a surrogate pair is one character, a lone
 * surrogate too) and one per block start, which A4 turns into at most one "\n". Embeds take a
 * Yjs index but no token. This is the numbering the sort order (A6) and the empty-range test
 * (A3) have always used; anchorsEquality.test.ts pins it against the per-character original.
 */

/** A delta run of one Y.XmlText: `length` Yjs indexes starting at `index`, tokens from `token`. */
interface TextRun {
  index: number;
  length: number;
  token: number;
  /** The run's string; null for an embed (one index, no token). */
  text: string | null;
  /**
   * Where each surrogate pair starts in `text` (UTF-16 units), ascending; null when there is
   * none, which is nearly always: then units and tokens coincide.
   */
  pairs: number[] | null;
}

/** One Y.XmlText's runs, and where it ends. */
interface TextNode {
  runs: TextRun[];
  endIndex: number;
  endToken: number;
}

/** Something in the linear body: a block start (one token) or a string run. */
type Segment = { token: number; run: null } | { token: number; run: TextRun };

/**
 * The longest range text a thread shows, in UTF-16 units: as long as its quote may be
 * (`createThreadSchema` in packages/domain). A longer one is cut there and ends with "…" (A4),
 * so a list of threads answers at most this much per thread however long their ranges are.
 */
export const ANCHOR_TEXT_MAX = 2_000;

/** A4's cut: at most ANCHOR_TEXT_MAX units (never half a surrogate pair), then "…". */
export function cutAnchorText(text: string): string {
  if (text.length <= ANCHOR_TEXT_MAX) return text;
  const last = text.charCodeAt(ANCHOR_TEXT_MAX - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? ANCHOR_TEXT_MAX - 1 : ANCHOR_TEXT_MAX;
  return `${text.slice(0, end)}…`;
}

/** Any character `String.prototype.trim` would keep: \s is exactly the set trim removes. */
const NON_WHITESPACE = /\S/;

/** Finds a high surrogate followed by a low one: fixed width, no backtracking. */
const SURROGATE = /[\uD800-\uDFFF]/;
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

function surrogatePairs(text: string): number[] | null {
  if (!SURROGATE.test(text)) return null;
  const pairs: number[] = [];
  SURROGATE_PAIR.lastIndex = 0;
  for (let match = SURROGATE_PAIR.exec(text); match !== null; match = SURROGATE_PAIR.exec(text))
    pairs.push(match.index);
  return pairs.length > 0 ? pairs : null;
}

/** How many entries of the ascending `values` are below `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The token of Yjs index `unit` of a run: a pair's second unit maps to the pair's token. */
function tokenInRun(run: TextRun, unit: number): number {
  return run.token + unit - (run.pairs === null ? 0 : countBelow(run.pairs, unit));
}

/** The UTF-16 offset in a run's text where its `token`-th token (relative) starts. */
function unitOfToken(run: TextRun, token: number): number {
  const pairs = run.pairs;
  if (pairs === null) return token;
  // Pair j starts at token pairs[j] - j; those strictly before `token` each add a unit.
  let low = 0;
  let high = pairs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (pairs[mid]! - mid < token) low = mid + 1;
    else high = mid;
  }
  return token + low;
}

function tokenLength(run: TextRun): number {
  return run.text === null ? 0 : run.text.length - (run.pairs?.length ?? 0);
}

/**
 * The body in document order, indexed per node and per run rather than per character:
 * for each container the token offset of every child, for each Y.XmlText its delta runs,
 * and the list of block starts and string runs for reading text back. Only types reachable
 * from the body fragment are indexed, so a position in a deleted paragraph finds no offset
 * (A3). Building it costs one pass over the nodes and runs (Yjs' own delta); resolving an
 * anchor costs a binary search, and reading its text costs the runs it covers.
 */
class BodyIndex {
  private readonly containers = new Map<Y.AbstractType<unknown>, number[]>();
  private readonly texts = new Map<Y.AbstractType<unknown>, TextNode>();
  private readonly segments: Segment[] = [];
  private tokens = 0;

  constructor(fragment: Y.XmlFragment) {
    // An explicit stack instead of recursion: a document nested thousands deep (anyone with
    // write access can make one) must not overflow the call stack of a read.
    type Frame = { parent: Y.XmlFragment | Y.XmlElement; children: unknown[]; next: number; starts: number[] };
    const open = (parent: Y.XmlFragment | Y.XmlElement): Frame => ({
      parent,
      children: parent.toArray(),
      next: 0,
      starts: [],
    });
    const stack: Frame[] = [open(fragment)];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.next === frame.children.length) {
        frame.starts.push(this.tokens);
        this.containers.set(frame.parent as Y.AbstractType<unknown>, frame.starts);
        stack.pop();
        continue;
      }
      const child = frame.children[frame.next++];
      frame.starts.push(this.tokens);
      if (child instanceof Y.XmlText) this.addText(child);
      else if (child instanceof Y.XmlElement) {
        if (!INLINE_ELEMENTS.has(child.nodeName)) {
          this.segments.push({ token: this.tokens, run: null });
          this.tokens += 1;
        }
        stack.push(open(child));
      }
    }
  }

  private addText(text: Y.XmlText): void {
    const runs: TextRun[] = [];
    let index = 0;
    for (const op of text.toDelta() as Array<{ insert: unknown }>) {
      const string = typeof op.insert === "string" ? op.insert : null;
      const run: TextRun = {
        index,
        length: string === null ? 1 : string.length,
        token: this.tokens,
        text: string,
        pairs: string === null ? null : surrogatePairs(string),
      };
      runs.push(run);
      index += run.length;
      const tokens = tokenLength(run);
      if (tokens > 0) {
        this.segments.push({ token: this.tokens, run });
        this.tokens += tokens;
      }
    }
    this.texts.set(text as Y.AbstractType<unknown>, { runs, endIndex: index, endToken: this.tokens });
  }

  offsetOf(position: Y.AbsolutePosition): number | null {
    const { type, index } = position;
    const starts = this.containers.get(type);
    if (starts !== undefined) return starts[index] ?? null;
    const node = this.texts.get(type);
    if (node === undefined || index < 0 || index > node.endIndex) return null;
    if (index === node.endIndex) return node.endToken;
    // The last run starting at or before `index`.
    let low = 0;
    let high = node.runs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (node.runs[mid]!.index <= index) low = mid;
      else high = mid - 1;
    }
    const run = node.runs[low]!;
    return run.text === null ? run.token : tokenInRun(run, index - run.index);
  }

  /** The index of the first segment that ends after token `from` (a binary search). */
  private firstSegmentEndingAfter(from: number): number {
    let low = 0;
    let high = this.segments.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const segment = this.segments[mid]!;
      const end = segment.token + (segment.run === null ? 1 : tokenLength(segment.run));
      if (end <= from) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * The text of tokens [from, to): block starts collapse to one "\n", none at either end, cut
   * after ANCHOR_TEXT_MAX units (A4); and whether it holds nothing but whitespace (A3). Reading
   * stops soon after the cut, so a range over a whole long body costs what it shows.
   */
  textBetween(from: number, to: number): { text: string; blank: boolean } {
    const low = this.firstSegmentEndingAfter(from);
    const parts: string[] = [];
    let length = 0;
    let blank = true;
    let empty = true;
    let pendingBreak = false;
    for (let i = low; i < this.segments.length; i++) {
      const segment = this.segments[i]!;
      if (segment.token >= to) break;
      if (segment.run === null) {
        pendingBreak = !empty;
        continue;
      }
      const run = segment.run;
      const first = Math.max(from, run.token) - run.token;
      const last = Math.min(to, run.token + tokenLength(run)) - run.token;
      const piece = run.text!.slice(unitOfToken(run, first), unitOfToken(run, last));
      if (length <= ANCHOR_TEXT_MAX) {
        if (pendingBreak) parts.push("\n");
        parts.push(piece);
        length += piece.length + (pendingBreak ? 1 : 0);
        if (blank && NON_WHITESPACE.test(piece)) blank = false;
      } else if (blank) {
        // Past the cut, only whether any text is left still matters (A3).
        blank = !NON_WHITESPACE.test(piece);
      }
      if (length > ANCHOR_TEXT_MAX && !blank) break;
      pendingBreak = false;
      empty = false;
    }
    return { text: cutAnchorText(parts.join("")), blank };
  }

  /**
   * The text of tokens [from, to) as textBetween reads it (A4), uncut, with the token where
   * each UTF-16 unit starts (a line break: its first block start). For A7's search: the
   * caller bounds the window, so this costs what the window holds.
   */
  window(from: number, to: number): { text: string; tokens: number[] } {
    const low = this.firstSegmentEndingAfter(from);
    const parts: string[] = [];
    const tokens: number[] = [];
    let pendingBreak: number | null = null;
    for (let i = low; i < this.segments.length; i++) {
      const segment = this.segments[i]!;
      if (segment.token >= to) break;
      if (segment.run === null) {
        if (tokens.length > 0 && pendingBreak === null) pendingBreak = segment.token;
        continue;
      }
      const run = segment.run;
      const first = Math.max(from, run.token) - run.token;
      const last = Math.min(to, run.token + tokenLength(run)) - run.token;
      const start = unitOfToken(run, first);
      const piece = run.text!.slice(start, unitOfToken(run, last));
      if (piece.length === 0) continue;
      if (pendingBreak !== null) {
        parts.push("\n");
        tokens.push(pendingBreak);
        pendingBreak = null;
      }
      parts.push(piece);
      for (let unit = 0; unit < piece.length; unit++) tokens.push(tokenInRun(run, start + unit));
    }
    return { text: parts.join(""), tokens };
  }
}

/** One end of an anchor in `doc`, or null when it is not an anchor end there (A1) or names unknown ids. */
export function decodePosition(json: unknown, doc: Y.Doc): Y.AbsolutePosition | null {
  const parsed = relativePositionJson.safeParse(json);
  if (!parsed.success) return null;
  // A position may only name the body itself among root types: naming another would create it.
  if (parsed.data.tname != null && parsed.data.tname !== BODY_FRAGMENT) return null;
  try {
    return Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(parsed.data), doc);
  } catch {
    return null; // ids that do not exist in this document's store
  }
}

/**
 * Where the anchor's range is in `doc` now: attached with the text between its ends, or
 * detached when an end no longer resolves or nothing of the range is left.
 */
export function resolveAnchor(doc: Y.Doc, anchor: ThreadAnchor): ResolvedAnchor {
  return anchorResolver(doc)(anchor);
}

/**
 * Resolves many anchors against one reading of the body. The index is built on first use and
 * read, never changed: the caller must not change `doc` while it uses the resolver.
 */
export function anchorResolver(doc: Y.Doc): (anchor: ThreadAnchor) => ResolvedAnchor {
  const locate = anchorLocator(doc);
  return (anchor) => {
    const located = locate(anchor);
    return located.state === "attached" ? located : { state: "detached" };
  };
}

/** A thread's anchor and the quote it was started on: what A7 needs to find its text again. */
export interface AnchorTarget {
  anchor: ThreadAnchor;
  quote: string;
}

/**
 * Resolves threads' anchors (A1–A6) and, where a range collapsed, looks for its quote near
 * the place it collapsed to (A7). Each re-attachment reads a window of the body bounded by
 * REATTACH_DISTANCE and the quote's length (at most 2,000 units), never the whole body.
 */
export function threadAnchorResolver(doc: Y.Doc): (target: AnchorTarget) => ResolvedAnchor {
  const locate = anchorLocator(doc);
  return ({ anchor, quote }) => {
    const located = locate(anchor);
    if (located.state === "attached") return located;
    if (located.place === null) return { state: "detached" };
    const wanted = normalizeQuote(quote);
    const radius = reattachRadius(wanted);
    const { text, tokens } = located.body.window(Math.max(0, located.place - radius), located.place + radius);
    const found = findQuoteNear(text, tokens, wanted, located.place);
    if (found === null) return { state: "detached" };
    return { state: "attached", text: located.body.textBetween(found.from, found.to).text, offset: found.from };
  };
}

/**
 * A1–A6, and for a detached range the place it collapsed to (A7): the start when both ends
 * resolve, the end that still resolves when one does (the other's paragraph was deleted), or
 * null when neither does.
 */
type Located =
  | (ResolvedAnchor & { state: "attached" })
  | { state: "detached"; place: number; body: BodyIndex }
  | { state: "detached"; place: null };

function anchorLocator(doc: Y.Doc): (anchor: ThreadAnchor) => Located {
  // Made before any position is decoded, so that a position naming the body finds it typed.
  const fragment = doc.getXmlFragment(BODY_FRAGMENT);
  let body: BodyIndex | null = null;
  return (anchor) => {
    const from = decodePosition(anchor.from, doc);
    const to = decodePosition(anchor.to, doc);
    if (!from && !to) return { state: "detached", place: null };
    body ??= new BodyIndex(fragment);
    const start = from && body.offsetOf(from);
    const end = to && body.offsetOf(to);
    if (start == null || end == null) {
      const place = start ?? end ?? null;
      return place === null ? { state: "detached", place } : { state: "detached", place, body };
    }
    if (start >= end) return { state: "detached", place: start, body };
    const { text, blank } = body.textBetween(start, end);
    if (blank) return { state: "detached", place: start, body };
    return { state: "attached", text, offset: start };
  };
}
