import { getSchema } from "@tiptap/core";
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { accordExtensions } from "./accordExtensions.js";
import { anchorFromRange, quoteOf, rangeOfAnchor, type CommentAnchor, type YBinding } from "./commentAnchors.js";

const schema = getSchema(accordExtensions());

/** A Y.Doc whose body holds the given paragraphs, and a reader of its current ProseMirror view. */
function body(...paragraphs: string[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  prosemirrorJSONToYXmlFragment(
    schema,
    { type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) },
    fragment,
  );
  const read = () => {
    const { doc: pmDoc, mapping } = initProseMirrorDoc(fragment, schema);
    const binding: YBinding = { doc, fragment, mapping };
    return { pmDoc, binding };
  };
  const text = (index: number) => (fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText;
  return { doc, read, text };
}

function textOf(anchor: CommentAnchor, read: ReturnType<typeof body>["read"]): string | null {
  const { pmDoc, binding } = read();
  const range = rangeOfAnchor(binding, anchor, pmDoc);
  return range ? quoteOf(pmDoc, range.from, range.to) : null;
}

/** The anchor of `quote`'s first occurrence, searched in the document as ProseMirror sees it. */
function anchorOn(quote: string, read: ReturnType<typeof body>["read"]): CommentAnchor {
  const { pmDoc, binding } = read();
  let from = -1;
  pmDoc.descendants((node, pos) => {
    if (from < 0 && node.isText && node.text?.includes(quote)) from = pos + node.text.indexOf(quote);
  });
  if (from < 0) throw new Error(`no ${quote}`);
  return anchorFromRange(binding, from, from + quote.length);
}

describe("comment anchors", () => {
  it("resolves to the quoted text", () => {
    const { read } = body("Tariffs fell by 12 percent in 2019.");
    expect(textOf(anchorOn("12 percent", read), read)).toBe("12 percent");
  });

  it("[A2] text typed right before or right after the range stays outside it; inside it is part of it", () => {
    const { read, text } = body("Tariffs fell by 12 percent in 2019.");
    const anchor = anchorOn("12 percent", read);
    const start = "Tariffs fell by ".length;
    text(0).insert(start + "12 percent".length, " roughly");
    text(0).insert(start, "about ");
    expect(textOf(anchor, read)).toBe("12 percent");
    text(0).insert(start + "about 12".length, ",5");
    expect(textOf(anchor, read)).toBe("12,5 percent");
  });

  it("[A2] the anchor's `to` is left-associated and `from` right-associated", () => {
    const { read } = body("Tariffs fell.");
    const anchor = anchorOn("fell", read);
    expect(anchor.from.assoc).toBe(0);
    expect(anchor.to.assoc).toBe(-1);
  });

  it("spans paragraphs", () => {
    const { read } = body("First point.", "Second point.");
    const { pmDoc, binding } = read();
    const anchor = anchorFromRange(binding, 7, pmDoc.content.size - 1);
    expect(textOf(anchor, read)).toBe("point.\nSecond point.");
  });

  it("[A3] is detached once the quoted text is deleted", () => {
    const { read, text } = body("Keep this. Drop that.");
    const anchor = anchorOn("Drop that.", read);
    text(0).delete("Keep this. ".length, "Drop that.".length);
    expect(textOf(anchor, read)).toBeNull();
  });

  it("is detached for positions from another document", () => {
    const { read } = body("Some text.");
    const other = body("Some text.");
    expect(textOf(anchorOn("text", other.read), read)).toBeNull();
  });
});

describe("[A7] comment anchors with their quote re-attach where the words come back", () => {
  /** The body of `doc` as another member's editor has it: every update applied to a second document. */
  function mirrored(paragraph: string) {
    const original = body(paragraph);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(original.doc));
    original.doc.on("update", (update: Uint8Array) => Y.applyUpdate(copy, update));
    const fragment = copy.getXmlFragment("default");
    const read = () => {
      const { doc: pmDoc, mapping } = initProseMirrorDoc(fragment, schema);
      return { pmDoc, binding: { doc: copy, fragment, mapping } as YBinding };
    };
    return { ...original, readCopy: read };
  }

  it("[A7] deleted then undone: found again in the other member's copy", () => {
    const { doc, read, readCopy, text } = mirrored("Tariffs fell by 12 percent in 2019.");
    const anchor = { ...anchorOn("12 percent", read), quote: "12 percent" };
    const undo = new Y.UndoManager(doc.getXmlFragment("default"), { captureTimeout: 0 });
    text(0).delete("Tariffs fell by ".length, "12 percent".length);
    expect(textOf(anchor, readCopy)).toBeNull();
    undo.undo();
    expect(textOf(anchor, readCopy)).toBe("12 percent");
    // Without its quote the anchor stays on the deleted items.
    expect(textOf({ from: anchor.from, to: anchor.to }, readCopy)).toBeNull();
  });

  it("[A7] deleted then pasted back: found again; the same words typed far away: not", () => {
    const far = "y".repeat(300);
    const { read, readCopy, text } = mirrored(`Tariffs fell by 12 percent in 2019. ${far}`);
    const anchor = { ...anchorOn("12 percent", read), quote: "12 percent" };
    const at = "Tariffs fell by ".length;
    text(0).delete(at, "12 percent".length);
    text(0).insert(text(0).length, " 12 percent");
    expect(textOf(anchor, readCopy)).toBeNull();
    text(0).insert(at, "12 percent");
    expect(textOf(anchor, readCopy)).toBe("12 percent");
    const { pmDoc, binding } = readCopy();
    expect(rangeOfAnchor(binding, anchor, pmDoc)).toEqual({ from: 1 + at, to: 1 + at + "12 percent".length });
  });
});
