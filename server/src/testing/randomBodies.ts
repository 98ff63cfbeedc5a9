import type { BodyReader } from "@accord/editor";
import * as prng from "lib0/prng";
import * as Y from "yjs";

/**
 * Container names for random bodies: the schema's (paragraph twice as likely) and one it does not
 * know; a test adds its own last name.
 */
export const randomContainers = [
  "paragraph",
  "paragraph",
  "heading",
  "blockquote",
  "bulletList",
  "listItem",
  "codeBlock",
  "scriptBlock",
] as const;

/** What a test's random bodies are made of; every draw comes from the seeded generator. */
export interface RandomBodyShape {
  /** Element names drawn for a container (repeat one to draw it more often). */
  containers: readonly string[];
  /** A text node's text. */
  text: (gen: prng.PRNG) => string;
  /** A roll of 0-9 is text below 3, a citation below this, a container otherwise (and always a citation past depth 3). */
  citationBelow: number;
  /** A citation element with its attributes. */
  citation: (gen: prng.PRNG) => Y.XmlElement;
  /** Whether a citation holds content (only up to depth 3): the editor never looks inside an atom. */
  nestsInCitation: (gen: prng.PRNG) => boolean;
}

/**
 * A random body's top level for `Y.XmlFragment.insert`: elements only (the editor throws on
 * anything else), each holding text, citations and containers nested up to a few levels.
 */
export function randomBody(gen: prng.PRNG, shape: RandomBodyShape): Y.XmlElement[] {
  const build = (depth: number): Array<Y.XmlElement | Y.XmlText> =>
    Array.from({ length: prng.int32(gen, 0, 4) }, () => {
      const roll = prng.int32(gen, 0, 9);
      if (roll < 3) return new Y.XmlText(shape.text(gen));
      if (roll < shape.citationBelow || depth > 3) {
        const cite = shape.citation(gen);
        if (shape.nestsInCitation(gen) && depth < 3) cite.insert(0, build(depth + 1));
        return cite;
      }
      const element = new Y.XmlElement(prng.oneOf(gen, [...shape.containers]));
      element.insert(0, build(depth + 1));
      return element;
    });
  return build(0).filter((node) => node instanceof Y.XmlElement);
}

/** The document as the editor reads it, from a copy: that reading deletes what it cannot create. */
export function readThroughEditor(reader: BodyReader, doc: Y.Doc): ReturnType<BodyReader["read"]> {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    return reader.read(copy);
  } finally {
    copy.destroy();
  }
}
