import { BODY_FRAGMENT } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MAX_OFFERED_CHARACTERS, threadAnchorOn, unsavedWords } from "./localFirst";

/** A body of paragraphs, as Tiptap stores it. */
function body(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BODY_FRAGMENT);
}

function addParagraph(doc: Y.Doc, text: string): Y.XmlText {
  const paragraph = new Y.XmlElement("paragraph");
  const xmlText = new Y.XmlText(text);
  paragraph.insert(0, [xmlText]);
  body(doc).insert(body(doc).length, [paragraph]);
  return xmlText;
}

describe("the words a refused edit leaves unsaved", () => {
  it("cuts an item merged across the server's clock: a stored 'R' and a refused 'A and more' typed after it", () => {
    const doc = new Y.Doc();
    const text = addParagraph(doc, "RACE-2 R");
    const server = Y.decodeStateVector(Y.encodeStateVector(doc));
    text.insert(8, "A and more");
    const words = unsavedWords(doc, server);
    expect(words.passages).toEqual(["A and more"]);
    expect(words.leftOut).toBe(0);
    // Anchored to the stored characters right before them.
    expect(words.anchor?.text).toBe("RACE-2 R");
    // Clocks 0 and 1 are the paragraph and its text; its characters are 2–9.
    expect(threadAnchorOn(words.anchor!)).toEqual({
      from: { item: { client: doc.clientID, clock: 2 }, assoc: 0 },
      to: { item: { client: doc.clientID, clock: 9 }, assoc: -1 },
    });
    // The anchor covers exactly those characters.
    const from = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(threadAnchorOn(words.anchor!).from),
      doc,
    );
    const to = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(threadAnchorOn(words.anchor!).to),
      doc,
    );
    expect([from?.index, to?.index]).toEqual([0, 8]);
  });

  it("lists separate runs in document order, a new paragraph among them, and leaves deleted refused text out", () => {
    const doc = new Y.Doc();
    const first = addParagraph(doc, "One. Two.");
    const server = Y.decodeStateVector(Y.encodeStateVector(doc));
    first.insert(4, " and a half");
    first.insert(first.length, " Three.");
    first.delete(first.length - 7, 3); // " Th" typed and deleted again: not offered
    addParagraph(doc, "A new paragraph.");
    expect(unsavedWords(doc, server).passages).toEqual([" and a half", "ree.", "A new paragraph."]);
  });

  it("anchors to the stored text after the words when they start the body", () => {
    const doc = new Y.Doc();
    const text = addParagraph(doc, "Stored.");
    const server = Y.decodeStateVector(Y.encodeStateVector(doc));
    text.insert(0, "Refused ");
    const words = unsavedWords(doc, server);
    expect(words.passages).toEqual(["Refused "]);
    expect(words.anchor?.text).toBe("Stored.");
  });

  it(`offers at most MAX_OFFERED_CHARACTERS (${MAX_OFFERED_CHARACTERS}) characters and counts the rest`, () => {
    const doc = new Y.Doc();
    addParagraph(doc, "Stored.");
    const server = Y.decodeStateVector(Y.encodeStateVector(doc));
    // A pasted book: far more than a comment can hold.
    addParagraph(doc, "x".repeat(MAX_OFFERED_CHARACTERS - 10));
    addParagraph(doc, "y".repeat(50_000));
    const words = unsavedWords(doc, server);
    expect(words.passages.map((passage) => passage.length)).toEqual([MAX_OFFERED_CHARACTERS - 10, 10]);
    expect(words.leftOut).toBe(50_000 - 10);
  });

  it("offers nothing when the server has everything", () => {
    const doc = new Y.Doc();
    addParagraph(doc, "All stored.");
    expect(unsavedWords(doc, Y.decodeStateVector(Y.encodeStateVector(doc))).passages).toEqual([]);
  });
});
