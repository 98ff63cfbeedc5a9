import type { ThreadAnchor } from "@accord/domain";
import { BODY_FRAGMENT } from "@accord/protocol";
import * as Y from "yjs";
import { normalizeQuote, reattachRadius } from "@accord/editor";
import { cutAnchorText, decodePosition, type AnchorTarget, type ResolvedAnchor } from "./anchors.js";

/**
 * The resolver anchors.ts had before its index was made per run: one token per character.
 * Kept only as the reference that anchorsEquality.test.ts compares the current resolver
 * with over seeded random documents; the server does not import it. It costs ~0.4 s and
 * tens of MB on a 2 MB body, which is why it was replaced.
 */

/** A paragraph break in the linear text: consecutive breaks collapse into one "\n" (A4). */
const BREAK = null;
type Token = string | typeof BREAK;

/**
 * Nodes that sit inside a paragraph's text rather than between blocks. Unknown element
 * names count as blocks: a wrong guess only adds a line break to the text shown.
 */
const INLINE_ELEMENTS = new Set(["citation", "hardBreak", "image"]);

/**
 * The body in document order as one sequence of tokens (characters and breaks), and for each
 * live type the token offset of every index in it. Only types reachable from the body
 * fragment are indexed, so a position in a deleted paragraph finds no offset (A3).
 */
class LinearBody {
  readonly tokens: Token[] = [];
  private readonly offsets = new Map<Y.AbstractType<unknown>, number[]>();

  constructor(fragment: Y.XmlFragment) {
    this.visitChildren(fragment);
  }

  offsetOf(position: Y.AbsolutePosition): number | null {
    return this.offsets.get(position.type)?.[position.index] ?? null;
  }

  private visitChildren(parent: Y.XmlFragment | Y.XmlElement): void {
    const starts: number[] = [];
    for (const child of parent.toArray()) {
      starts.push(this.tokens.length);
      if (child instanceof Y.XmlText) this.visitText(child);
      else if (child instanceof Y.XmlElement) {
        if (!INLINE_ELEMENTS.has(child.nodeName)) this.tokens.push(BREAK);
        this.visitChildren(child);
      }
    }
    starts.push(this.tokens.length);
    this.offsets.set(parent as Y.AbstractType<unknown>, starts);
  }

  private visitText(text: Y.XmlText): void {
    // One entry per Yjs index: characters (UTF-16 units, as Yjs counts them) and embeds,
    // which take an index but add no text.
    const starts: number[] = [];
    for (const op of text.toDelta() as Array<{ insert: unknown }>) {
      if (typeof op.insert === "string") {
        for (const unit of op.insert) {
          for (let i = 0; i < unit.length; i++) starts.push(this.tokens.length);
          this.tokens.push(unit);
        }
      } else {
        starts.push(this.tokens.length);
      }
    }
    starts.push(this.tokens.length);
    this.offsets.set(text as Y.AbstractType<unknown>, starts);
  }
}

/** The text of tokens[from, to): breaks collapsed to one "\n", none at either end. */
function textBetween(tokens: readonly Token[], from: number, to: number): string {
  let text = "";
  let pendingBreak = false;
  for (const token of tokens.slice(from, to)) {
    if (token === BREAK) {
      pendingBreak = text.length > 0;
      continue;
    }
    if (pendingBreak) text += "\n";
    pendingBreak = false;
    text += token;
  }
  return text;
}

/** Resolves many anchors against one reading of the body, as the old anchorResolver did. */
export function referenceAnchorResolver(doc: Y.Doc): (anchor: ThreadAnchor) => ResolvedAnchor {
  const body = new LinearBody(doc.getXmlFragment(BODY_FRAGMENT));
  return (anchor) => {
    const from = decodePosition(anchor.from, doc);
    const to = decodePosition(anchor.to, doc);
    if (!from || !to) return { state: "detached" };
    const start = body.offsetOf(from);
    const end = body.offsetOf(to);
    if (start === null || end === null || start >= end) return { state: "detached" };
    const text = textBetween(body.tokens, start, end);
    if (text.trim().length === 0) return { state: "detached" };
    return { state: "attached", text, offset: start };
  };
}

/**
 * A7 the plain way, for anchorsEquality.test.ts: the whole body as one string, every
 * occurrence of the quote found with indexOf, the nearest inside the window kept.
 */
export function referenceThreadAnchorResolver(doc: Y.Doc): (target: AnchorTarget) => ResolvedAnchor {
  const body = new LinearBody(doc.getXmlFragment(BODY_FRAGMENT));
  let text = "";
  const positions: number[] = [];
  let pendingBreak: number | null = null;
  body.tokens.forEach((token, i) => {
    if (token === BREAK) {
      if (text.length > 0 && pendingBreak === null) pendingBreak = i;
      return;
    }
    if (pendingBreak !== null) {
      text += "\n";
      positions.push(pendingBreak);
      pendingBreak = null;
    }
    text += token;
    for (let unit = 0; unit < token.length; unit++) positions.push(i);
  });
  const attachedOnly = referenceAnchorResolver(doc);
  return ({ anchor, quote }) => {
    const resolved = attachedOnly(anchor);
    if (resolved.state === "attached") return resolved;
    const from = decodePosition(anchor.from, doc);
    const to = decodePosition(anchor.to, doc);
    const start = from && body.offsetOf(from);
    const end = to && body.offsetOf(to);
    const place = start ?? end ?? null;
    if (place === null) return { state: "detached" };
    const wanted = normalizeQuote(quote);
    const radius = reattachRadius(wanted);
    let best: { from: number; to: number; distance: number } | null = null;
    for (let at = text.indexOf(wanted); wanted.length > 0 && at >= 0; at = text.indexOf(wanted, at + 1)) {
      const first = positions[at]!;
      const last = positions[at + wanted.length - 1]! + 1;
      if (first < place - radius || last > place + radius) continue;
      const distance = place < first ? first - place : place > last ? place - last : 0;
      if (best === null || distance < best.distance) best = { from: first, to: last, distance };
    }
    if (best === null) return { state: "detached" };
    return { state: "attached", text: cutAnchorText(textBetween(body.tokens, best.from, best.to)), offset: best.from };
  };
}
