import { REATTACH_DISTANCE } from "@accord/editor";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { threadAnchorResolver, type AnchorTarget } from "./anchors.js";

/**
 * A7: a thread whose text comes back at the place it was deleted from attaches to it again.
 * `editor` is where people type (with an undo manager, as Tiptap's collaboration has); `server`
 * receives every update, as the room's document does, and is read as the thread list reads it
 * (gc on, no undo history: Yjs' own `redone` links never leave the document that undid).
 */
const docs: Y.Doc[] = [];
afterEach(() => {
  for (const doc of docs.splice(0)) doc.destroy();
});

function setup(...paragraphs: string[]) {
  const editor = new Y.Doc();
  const server = new Y.Doc();
  const other = new Y.Doc();
  docs.push(editor, server, other);
  for (const [from, to] of [
    [editor, server],
    [editor, other],
    [other, server],
    [other, editor],
  ] as const) {
    from.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== "relay") Y.applyUpdate(to, update, "relay");
    });
  }
  const fragment = editor.getXmlFragment("default");
  fragment.insert(
    0,
    paragraphs.map((text) => {
      const element = new Y.XmlElement("paragraph");
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    }),
  );
  const undo = new Y.UndoManager(fragment, { captureTimeout: 0 });
  const textOf = (doc: Y.Doc, n: number) => (doc.getXmlFragment("default").get(n) as Y.XmlElement).get(0) as Y.XmlText;
  /** A thread on the first occurrence of `quote` in paragraph `n`, as the client anchors it (A1). */
  const thread = (quote: string, n = 0): AnchorTarget => {
    const text = textOf(editor, n);
    const start = text.toString().indexOf(quote);
    return {
      anchor: {
        from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, start, 0)),
        to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, start + quote.length, -1)),
      },
      quote,
    };
  };
  const resolveIn = (doc: Y.Doc, target: AnchorTarget) => threadAnchorResolver(doc)(target);
  return { editor, server, other, undo, textOf, thread, resolveIn };
}

const SENTENCE = "Tariffs fell by 12 percent in 2019.";
const AT = SENTENCE.indexOf("12 percent");

describe("[A7] threads re-attach when their text comes back", () => {
  it("[A7] deleted, then undone in the same editor: attached again with the exact quote, in the editor and on the server", () => {
    const { editor, server, undo, textOf, thread, resolveIn } = setup(SENTENCE);
    const target = thread("12 percent");
    undo.clear();
    textOf(editor, 0).delete(AT, "12 percent".length);
    expect(resolveIn(server, target)).toEqual({ state: "detached" });
    expect(resolveIn(editor, target)).toEqual({ state: "detached" });
    undo.undo();
    expect(textOf(server, 0).toString()).toBe(SENTENCE);
    expect(resolveIn(server, target)).toEqual({ state: "attached", text: "12 percent", offset: 1 + AT });
    expect(resolveIn(editor, target)).toEqual({ state: "attached", text: "12 percent", offset: 1 + AT });
  });

  it("[A7] deleted by another member who then undoes: attached again for everyone", () => {
    const { other, server, editor, textOf, thread, resolveIn } = setup(SENTENCE);
    const target = thread("12 percent");
    const theirUndo = new Y.UndoManager(other.getXmlFragment("default"), { captureTimeout: 0 });
    textOf(other, 0).delete(AT, "12 percent".length);
    expect(resolveIn(editor, target)).toEqual({ state: "detached" });
    theirUndo.undo();
    for (const doc of [server, editor, other]) {
      expect(resolveIn(doc, target)).toEqual({ state: "attached", text: "12 percent", offset: 1 + AT });
    }
  });

  it("[A7] deleted, then the words pasted back at the same place by another member: attached again", () => {
    const { other, server, editor, textOf, thread, resolveIn } = setup(SENTENCE);
    const target = thread("12 percent");
    textOf(editor, 0).delete(AT, "12 percent".length);
    textOf(other, 0).insert(AT, "12 percent");
    expect(resolveIn(server, target)).toEqual({ state: "attached", text: "12 percent", offset: 1 + AT });
  });

  it("[A7] deleted, and the same words typed far away: stays detached; typed at the place: attached there", () => {
    const far = "x".repeat(REATTACH_DISTANCE + 50);
    const { server, editor, textOf, thread, resolveIn } = setup(`${SENTENCE} ${far}`, "Second paragraph.");
    const target = thread("12 percent");
    textOf(editor, 0).delete(AT, "12 percent".length);
    // Far: at the end of the same paragraph, and in the next one.
    textOf(editor, 0).insert(textOf(editor, 0).length, " 12 percent");
    textOf(editor, 1).insert(0, "12 percent ");
    expect(resolveIn(server, target)).toEqual({ state: "detached" });
    // Near, though not exactly where it was: a few words later in the sentence.
    textOf(editor, 0).insert(AT + " in".length, " 12 percent");
    expect(resolveIn(server, target)).toEqual({
      state: "attached",
      text: "12 percent",
      offset: 1 + AT + " in ".length,
    });
  });

  it("[A7] the nearest occurrence wins when the words are there twice", () => {
    const { server, editor, textOf, thread, resolveIn } = setup("a 12 percent here and there, then 12 percent.");
    const target = thread("12 percent");
    textOf(editor, 0).delete(2, "12 percent".length); // "a  here and there, then 12 percent."
    textOf(editor, 0).insert(2, "12 percent"); // pasted back
    expect(resolveIn(server, target)).toEqual({ state: "attached", text: "12 percent", offset: 3 });
  });

  it("[A7] the window is REATTACH_DISTANCE plus the quote's length on either side, exactly", () => {
    const quote = "12 percent";
    const { server, editor, textOf, thread, resolveIn } = setup(`${quote}${"y".repeat(2 * REATTACH_DISTANCE)}`);
    const target = thread(quote);
    textOf(editor, 0).delete(0, quote.length); // collapsed at token 1, the paragraph's text start
    // Ends exactly at place + radius: found.
    textOf(editor, 0).insert(REATTACH_DISTANCE, quote);
    expect(resolveIn(server, target)).toEqual({ state: "attached", text: quote, offset: 1 + REATTACH_DISTANCE });
    textOf(editor, 0).delete(REATTACH_DISTANCE, quote.length);
    // One position further: not found.
    textOf(editor, 0).insert(REATTACH_DISTANCE + 1, quote);
    expect(resolveIn(server, target)).toEqual({ state: "detached" });
  });

  it("[A2][A7] edited inside the span: stays attached to the edited text (no search while attached)", () => {
    const { server, editor, textOf, thread, resolveIn } = setup(`${SENTENCE} Also 12 percent.`);
    const target = thread("12 percent");
    textOf(editor, 0).insert(AT + 2, ",5");
    expect(resolveIn(server, target)).toEqual({ state: "attached", text: "12,5 percent", offset: 1 + AT });
  });

  it("[A3][A7] words deleted and different words typed in their place: detached", () => {
    const { server, editor, textOf, thread, resolveIn } = setup(SENTENCE);
    const target = thread("12 percent");
    textOf(editor, 0).delete(AT, "12 percent".length);
    textOf(editor, 0).insert(AT, "a fifth");
    expect(resolveIn(server, target)).toEqual({ state: "detached" });
  });

  it("[A7] a range over two paragraphs deleted (the second one merged away), then undone: attached again", () => {
    const { server, editor, undo, textOf, resolveIn } = setup("First point here.", "Second point there.");
    const first = textOf(editor, 0);
    const second = textOf(editor, 1);
    const target: AnchorTarget = {
      anchor: {
        from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(first, "First ".length, 0)),
        to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(second, "Second point".length, -1)),
      },
      quote: "point here.\nSecond point",
    };
    expect(resolveIn(server, target)).toMatchObject({ state: "attached", text: "point here.\nSecond point" });
    undo.clear();
    // As ProseMirror joins the paragraphs: the tail of the first and the whole second go, the rest moves up.
    editor.transact(() => {
      first.delete("First ".length, "point here.".length);
      first.insert("First ".length, " there.");
      editor.getXmlFragment("default").delete(1, 1);
    });
    expect(resolveIn(server, target)).toEqual({ state: "detached" });
    undo.undo();
    expect(resolveIn(server, target)).toEqual({
      state: "attached",
      text: "point here.\nSecond point",
      offset: 1 + "First ".length,
    });
  });

  it("[A7] known limits: an equal phrase nearby takes the thread; a whole paragraph deleted and undone stays detached", () => {
    const near = setup("It rose 12 percent, then fell 12 percent.");
    const target = near.thread("12 percent");
    near.textOf(near.editor, 0).delete("It rose ".length, "12 percent".length);
    expect(near.resolveIn(near.server, target)).toEqual({
      state: "attached",
      text: "12 percent",
      offset: 1 + "It rose , then fell ".length,
    });

    const whole = setup("Keep this.", "Tariffs fell by 12 percent.");
    const lost = whole.thread("12 percent", 1);
    whole.undo.clear();
    whole.editor.getXmlFragment("default").delete(1, 1);
    whole.undo.undo();
    expect(whole.textOf(whole.server, 1).toString()).toBe("Tariffs fell by 12 percent.");
    expect(whole.resolveIn(whole.server, lost)).toEqual({ state: "detached" });
  });
});
