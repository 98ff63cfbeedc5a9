import type { ThreadAnchor } from "@accord/domain";
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

function decode(json: unknown, doc: Y.Doc): Y.AbsolutePosition | null {
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

/**
 * Where the anchor's range is in `doc` now: attached with the text between its ends, or
 * detached when an end no longer resolves or nothing of the range is left.
 */
export function resolveAnchor(doc: Y.Doc, anchor: ThreadAnchor): ResolvedAnchor {
  return resolveAnchorIn(doc, new LinearBody(doc.getXmlFragment(BODY_FRAGMENT)), anchor);
}

/** Resolves many anchors against one reading of the body. */
export function anchorResolver(doc: Y.Doc): (anchor: ThreadAnchor) => ResolvedAnchor {
  const body = new LinearBody(doc.getXmlFragment(BODY_FRAGMENT));
  return (anchor) => resolveAnchorIn(doc, body, anchor);
}

function resolveAnchorIn(doc: Y.Doc, body: LinearBody, anchor: ThreadAnchor): ResolvedAnchor {
  const from = decode(anchor.from, doc);
  const to = decode(anchor.to, doc);
  if (!from || !to) return { state: "detached" };
  const start = body.offsetOf(from);
  const end = body.offsetOf(to);
  if (start === null || end === null || start >= end) return { state: "detached" };
  const text = textBetween(body.tokens, start, end);
  if (text.trim().length === 0) return { state: "detached" };
  return { state: "attached", text, offset: start };
}
