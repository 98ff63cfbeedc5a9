import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { resolveAnchor } from "./anchors.js";

function body(...paragraphs: string[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  fragment.insert(
    0,
    paragraphs.map((text) => {
      const element = new Y.XmlElement("paragraph");
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    }),
  );
  const textOf = (n: number) => (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText;
  return { doc, fragment, textOf };
}

const rel = (type: Y.AbstractType<any>, index: number, assoc: number) =>
  Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(type, index, assoc));

describe("resolveAnchor", () => {
  it("[A2] grows with inserts inside the range, not with inserts right before or after it", () => {
    const { doc, textOf } = body("alpha beta gamma delta");
    const text = textOf(0);
    const anchor = { from: rel(text, 6, 0), to: rel(text, 16, -1) };
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "attached", text: "beta gamma", offset: 7 });
    text.insert(6, ">>");
    text.insert(13, "NEW ");
    text.insert(22, "<<");
    expect(text.toString()).toBe("alpha >>beta NEW gamma<< delta");
    expect(resolveAnchor(doc, anchor)).toMatchObject({ state: "attached", text: "beta NEW gamma" });
    doc.destroy();
  });

  it("[A3] shrinks when an end is deleted and detaches when nothing is left", () => {
    const { doc, textOf } = body("alpha beta gamma delta");
    const text = textOf(0);
    const anchor = { from: rel(text, 6, 0), to: rel(text, 16, -1) };
    text.delete(6, 5); // "beta "
    expect(resolveAnchor(doc, anchor)).toMatchObject({ state: "attached", text: "gamma" });
    text.delete(6, 5); // "gamma"
    expect(text.toString()).toBe("alpha  delta");
    expect(resolveAnchor(doc, anchor)).toEqual({ state: "detached" });
    doc.destroy();
  });

  it("[A4] joins paragraphs with one newline; [A3] a deleted paragraph detaches", () => {
    const { doc, fragment, textOf } = body("first one", "second two", "third");
    const anchor = { from: rel(textOf(0), 6, 0), to: rel(textOf(1), 6, -1) };
    expect(resolveAnchor(doc, anchor)).toMatchObject({ state: "attached", text: "one\nsecond" });
    const inSecond = { from: rel(textOf(1), 0, 0), to: rel(textOf(1), 6, -1) };
    fragment.delete(1, 1);
    expect(resolveAnchor(doc, inSecond)).toEqual({ state: "detached" });
    doc.destroy();
  });

  it("[A1] does not resolve positions of another document, garbage, or other root types", () => {
    const { doc } = body("alpha");
    const other = body("alpha beta");
    const foreign = { from: rel(other.textOf(0), 0, 0), to: rel(other.textOf(0), 5, -1) };
    expect(resolveAnchor(doc, foreign)).toEqual({ state: "detached" });
    expect(resolveAnchor(doc, { from: { item: "x" }, to: {} })).toEqual({ state: "detached" });
    expect(resolveAnchor(doc, { from: { tname: "secrets", assoc: 0 }, to: { tname: "default", assoc: 0 } })).toEqual({
      state: "detached",
    });
    expect(doc.share.has("secrets")).toBe(false);
    doc.destroy();
    other.doc.destroy();
  });
});
