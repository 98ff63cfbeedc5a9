import type { ThreadAnchor } from "@accord/domain";
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ANCHOR_TEXT_MAX,
  anchorResolver,
  cutAnchorText,
  threadAnchorResolver,
  type AnchorTarget,
  type ResolvedAnchor,
} from "./anchors.js";
import { referenceAnchorResolver, referenceThreadAnchorResolver } from "./anchorsReference.js";

/**
 * The per-run index (anchors.ts) must answer exactly what the per-character original
 * (anchorsReference.ts) answered — state, text and sort offset — on any body: random
 * documents from fixed seeds with blocks, lists, citations, hard breaks, formatting, embeds,
 * emoji and lone surrogates, deleted text and deleted paragraphs, and anchors made at every
 * stage of the edits (so some point into what was deleted since).
 */

/** Pieces of text: plain, spaces only, an emoji (a surrogate pair), lone surrogates. */
const PIECES = ["alpha ", "beta", " gamma delta", "   ", "x", "😀", "a😀b", "\uD83D", "\uDE00", "é", "\n", "ünï 🇺🇸 "];
const BLOCKS = ["paragraph", "heading", "blockquote"];
const INLINE = ["citation", "hardBreak", "image"];

type Container = Y.XmlFragment | Y.XmlElement;

/** The original's answers with A4's cut applied: the one thing the per-run index adds. */
function referenceAnswers(doc: Y.Doc, anchors: readonly ThreadAnchor[]): ResolvedAnchor[] {
  return anchors
    .map(referenceAnchorResolver(doc))
    .map((result) => (result.state === "attached" ? { ...result, text: cutAnchorText(result.text) } : result));
}

function collect(fragment: Y.XmlFragment): { containers: Container[]; texts: Y.XmlText[] } {
  const containers: Container[] = [fragment];
  const texts: Y.XmlText[] = [];
  const visit = (parent: Container) => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child);
      else if (child instanceof Y.XmlElement) {
        containers.push(child);
        visit(child);
      }
    }
  };
  visit(fragment);
  return { containers, texts };
}

function randomText(gen: prng.PRNG): string {
  let text = "";
  const count = prng.int32(gen, 1, 4);
  for (let i = 0; i < count; i++) text += prng.oneOf(gen, PIECES);
  return text;
}

function randomBlock(gen: prng.PRNG): Y.XmlElement {
  const kind = prng.int32(gen, 0, 5);
  if (kind === 0) {
    // A list: bulletList > listItem > paragraph, as the editor writes it.
    const list = new Y.XmlElement("bulletList");
    const items = Array.from({ length: prng.int32(gen, 1, 3) }, () => {
      const item = new Y.XmlElement("listItem");
      item.insert(0, [randomBlock(gen)]);
      return item;
    });
    list.insert(0, items);
    return list;
  }
  const block = new Y.XmlElement(prng.oneOf(gen, BLOCKS));
  const children: Array<Y.XmlText | Y.XmlElement> = [new Y.XmlText(randomText(gen))];
  if (prng.bool(gen)) {
    const inline = new Y.XmlElement(prng.oneOf(gen, INLINE));
    inline.setAttribute("evidenceId", "ev-1");
    children.push(inline, new Y.XmlText(randomText(gen)));
  }
  if (kind === 1) children.push(new Y.XmlElement("paragraph")); // an empty block inside a block
  block.insert(0, children);
  return block;
}

/** An anchor end somewhere in the body: in a text node (most often) or between a container's children. */
function randomEnd(gen: prng.PRNG, fragment: Y.XmlFragment, assoc: number): ThreadAnchor["from"] {
  const { containers, texts } = collect(fragment);
  if (texts.length > 0 && prng.int32(gen, 0, 9) > 0) {
    const text = prng.oneOf(gen, texts);
    return Y.relativePositionToJSON(
      Y.createRelativePositionFromTypeIndex(text, prng.int32(gen, 0, text.length), assoc),
    );
  }
  const container = prng.oneOf(gen, containers);
  return Y.relativePositionToJSON(
    Y.createRelativePositionFromTypeIndex(container, prng.int32(gen, 0, container.length), assoc),
  );
}

function randomAnchor(gen: prng.PRNG, fragment: Y.XmlFragment): ThreadAnchor {
  // Mostly as the client makes them (A1), sometimes with the other assoc values.
  const assoc = () => prng.oneOf(gen, [-1, 0, 0, 1]);
  const first = randomEnd(gen, fragment, prng.bool(gen) ? 0 : assoc());
  const second = randomEnd(gen, fragment, prng.bool(gen) ? -1 : assoc());
  return { from: first, to: second };
}

function edit(gen: prng.PRNG, fragment: Y.XmlFragment): void {
  const { containers, texts } = collect(fragment);
  const text = texts.length > 0 ? prng.oneOf(gen, texts) : null;
  switch (prng.int32(gen, 0, 8)) {
    case 0:
    case 1:
      fragment.insert(prng.int32(gen, 0, fragment.length), [randomBlock(gen)]);
      return;
    case 2:
      if (text)
        text.insert(prng.int32(gen, 0, text.length), randomText(gen), prng.bool(gen) ? { bold: true } : undefined);
      return;
    case 3:
      if (text && text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.delete(at, prng.int32(gen, 1, text.length - at));
      }
      return;
    case 4:
      if (text && text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.format(at, prng.int32(gen, 1, text.length - at), prng.bool(gen) ? { italic: true } : { bold: null });
      }
      return;
    case 5:
      if (text) text.insertEmbed(prng.int32(gen, 0, text.length), { image: "x.png" });
      return;
    case 6:
      if (fragment.length > 0) fragment.delete(prng.int32(gen, 0, fragment.length - 1), 1);
      return;
    case 7: {
      const container = prng.oneOf(gen, containers);
      if (container.length > 0 && container !== fragment) container.delete(prng.int32(gen, 0, container.length - 1), 1);
      return;
    }
    default: {
      const container = prng.oneOf(gen, containers);
      const inline = new Y.XmlElement(prng.oneOf(gen, INLINE));
      container.insert(prng.int32(gen, 0, container.length), [inline]);
    }
  }
}

describe("anchorResolver equals the per-character original", () => {
  it("[A3][A4][A6] on 300 seeded random bodies, with anchors made before and after their edits", () => {
    let attached = 0;
    let detached = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const gen = prng.create(seed);
      const doc = new Y.Doc({ gc: prng.bool(gen) });
      const fragment = doc.getXmlFragment("default");
      fragment.insert(
        0,
        Array.from({ length: prng.int32(gen, 1, 6) }, () => randomBlock(gen)),
      );
      const anchors: ThreadAnchor[] = [];
      for (let step = 0; step < 40; step++) {
        if (prng.int32(gen, 0, 2) === 0) anchors.push(randomAnchor(gen, fragment));
        edit(gen, fragment);
      }
      for (let i = 0; i < 30; i++) anchors.push(randomAnchor(gen, fragment));
      const expected = referenceAnswers(doc, anchors);
      const actual = anchors.map(anchorResolver(doc));
      expect(actual, `seed ${seed}`).toEqual(expected);
      for (const result of expected) result.state === "attached" ? attached++ : detached++;
      doc.destroy();
    }
    // Both outcomes are exercised in quantity, not just one of them.
    expect(attached).toBeGreaterThan(3_000);
    expect(detached).toBeGreaterThan(3_000);
  });

  it("[A7] re-attaching finds what the whole-body search finds, on 200 seeded random bodies with deletions pasted back", () => {
    let reattached = 0;
    let detached = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const gen = prng.create(seed);
      const doc = new Y.Doc({ gc: prng.bool(gen) });
      const fragment = doc.getXmlFragment("default");
      fragment.insert(
        0,
        Array.from({ length: prng.int32(gen, 1, 6) }, () => randomBlock(gen)),
      );
      const targets: AnchorTarget[] = [];
      for (let step = 0; step < 40; step++) {
        if (prng.int32(gen, 0, 2) === 0) {
          // A thread as the client starts one: on the text between its ends now, as its quote.
          const anchor = randomAnchor(gen, fragment);
          const now = referenceAnchorResolver(doc)(anchor);
          targets.push({ anchor, quote: now.state === "attached" ? now.text.trim() || "x" : prng.oneOf(gen, PIECES) });
        }
        const { texts } = collect(fragment);
        const text = texts.length > 0 ? prng.oneOf(gen, texts) : null;
        if (text && text.length > 1 && prng.int32(gen, 0, 2) === 0) {
          // A deletion and the same text pasted back at once, at the same place or a little off.
          const at = prng.int32(gen, 0, text.length - 1);
          const length = prng.int32(gen, 1, text.length - at);
          const removed = text.toString().slice(at, at + length);
          text.delete(at, length);
          text.insert(Math.min(text.length, at + prng.int32(gen, 0, 3)), removed);
        } else {
          edit(gen, fragment);
        }
      }
      const expected = targets.map(referenceThreadAnchorResolver(doc));
      const actual = targets.map(threadAnchorResolver(doc));
      expect(actual, `seed ${seed}`).toEqual(expected);
      const plain = targets.map(({ anchor }) => anchorResolver(doc)(anchor));
      plain.forEach((result, i) => {
        if (result.state === "detached") expected[i]!.state === "attached" ? reattached++ : detached++;
      });
      doc.destroy();
    }
    // Both outcomes of A7 are exercised in quantity.
    expect(reattached).toBeGreaterThan(200);
    expect(detached).toBeGreaterThan(200);
  });

  it("[A4] surrogate pairs split across runs and formatting boundaries read back the same", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    const block = new Y.XmlElement("paragraph");
    const text = new Y.XmlText();
    block.insert(0, [text]);
    fragment.insert(0, [block]);
    text.insert(0, "a😀b😀😀c");
    text.format(1, 2, { bold: true }); // the first emoji is a run of its own
    text.insert(8, "\uD83D", { italic: true }); // a lone high surrogate at the end, in another run
    text.insert(9, "\uDE00"); // and a lone low one after it, in a third
    const anchors: ThreadAnchor[] = [];
    for (let from = 0; from <= text.length; from++) {
      for (let to = 0; to <= text.length; to++) {
        anchors.push({
          from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
          to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
        });
      }
    }
    expect(anchors.map(anchorResolver(doc))).toEqual(referenceAnswers(doc, anchors));
    expect(anchorResolver(doc)(anchors[3]!)).toEqual({ state: "attached", text: "a😀", offset: 1 });
    doc.destroy();
  });

  it("[A4] a range longer than a quote shows its first ANCHOR_TEXT_MAX units and an ellipsis; [A3] whitespace before text keeps it attached", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    const texts = ["a".repeat(1_500), "b".repeat(1_500), " ".repeat(2_500), "x", " ".repeat(2_500)];
    fragment.insert(
      0,
      texts.map((text) => {
        const block = new Y.XmlElement("paragraph");
        block.insert(0, [new Y.XmlText(text)]);
        return block;
      }),
    );
    const textOf = (n: number) => (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText;
    const rel = (text: Y.XmlText, index: number, assoc: number) =>
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index, assoc));
    const anchors: ThreadAnchor[] = [
      { from: rel(textOf(0), 0, 0), to: rel(textOf(1), 1_500, -1) }, // 3,001 units
      { from: rel(textOf(2), 0, 0), to: rel(textOf(3), 1, -1) }, // 2,500 spaces, then "x"
      { from: rel(textOf(4), 0, 0), to: rel(textOf(4), 2_500, -1) }, // spaces only
      { from: rel(textOf(0), 0, 0), to: rel(textOf(4), 2_500, -1) }, // the whole body
    ];
    const actual = anchors.map(anchorResolver(doc));
    expect(actual).toEqual(referenceAnswers(doc, anchors));
    expect(actual[0]).toEqual({
      state: "attached",
      text: `${"a".repeat(1_500)}\n${"b".repeat(ANCHOR_TEXT_MAX - 1_501)}…`,
      offset: 1,
    });
    expect(actual[1]).toEqual({ state: "attached", text: `${" ".repeat(ANCHOR_TEXT_MAX)}…`, offset: 3_003 });
    expect(actual[2]).toEqual({ state: "detached" });
    expect(actual[3]).toMatchObject({
      state: "attached",
      text: actual[0]!.state === "attached" ? actual[0]!.text : "",
    });
    doc.destroy();
  });
});
