import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as prng from "lib0/prng";
import { BodyReader, numberCitations } from "@accord/editor";
import { type RandomBodyShape, randomBody, randomContainers, readThroughEditor } from "../testing/randomBodies.js";
import { citedEvidenceIds } from "./citedEvidenceIds.js";

const reader = new BodyReader();

function citation(evidenceId: unknown): Y.XmlElement {
  const element = new Y.XmlElement("citation");
  element.setAttribute("evidenceId", evidenceId as string);
  return element;
}

function paragraph(...children: Array<Y.XmlElement | Y.XmlText>): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  element.insert(0, children);
  return element;
}

describe("citedEvidenceIds", () => {
  it("reads with the editor's schema: a citation inside a node the editor does not know does not count", () => {
    const doc = new Y.Doc();
    const unknown = new Y.XmlElement("scriptBlock");
    unknown.insert(0, [paragraph(citation("hidden"))]);
    doc.getXmlFragment("default").insert(0, [paragraph(new Y.XmlText("ok "), citation("kept")), unknown]);
    expect(citedEvidenceIds(reader, doc)).toEqual(["kept"]);
    doc.destroy();
  });

  it("finds citations at any depth, in order of first appearance, without duplicates", () => {
    const doc = new Y.Doc();
    const item = new Y.XmlElement("listItem");
    item.insert(0, [paragraph(new Y.XmlText("see "), citation("c"), citation("a"))]);
    const list = new Y.XmlElement("bulletList");
    list.insert(0, [item]);
    doc
      .getXmlFragment("default")
      .insert(0, [
        paragraph(new Y.XmlText("Trade grew "), citation("a"), new Y.XmlText(" and "), citation("b")),
        list,
        paragraph(citation("b")),
      ]);
    expect(citedEvidenceIds(reader, doc)).toEqual(["a", "b", "c"]);
    doc.destroy();
  });

  it("ignores citations without a usable id and other fragments", () => {
    const doc = new Y.Doc();
    doc.getXmlFragment("default").insert(0, [paragraph(citation(""), citation(42))]);
    doc.getXmlFragment("other").insert(0, [paragraph(citation("elsewhere"))]);
    expect(citedEvidenceIds(reader, doc)).toEqual([]);
    doc.destroy();
  });

  it("never changes the document it reads (a room's document holds what is stored, SPEC D1)", () => {
    const doc = new Y.Doc();
    const unknown = new Y.XmlElement("scriptBlock");
    unknown.insert(0, [paragraph(citation("hidden"))]);
    doc
      .getXmlFragment("default")
      .insert(0, [paragraph(new Y.XmlText("a"), citation("kept")), unknown, paragraph(new Y.XmlText("b"))]);
    const before = Y.encodeStateAsUpdate(doc);
    let changes = 0;
    doc.on("update", () => changes++);
    expect(citedEvidenceIds(reader, doc)).toEqual(["kept"]);
    expect(changes).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    doc.destroy();
  });

  it("answers what reading the body through ProseMirror answers, on 400 random bodies", () => {
    // Names the schema knows, one it does not, and "text" (a node type no element may create).
    const containers = [...randomContainers, "text"];
    const ids = ["a", "b", "c", "", "d"];
    const shape: RandomBodyShape = {
      containers,
      text: (gen) => prng.word(gen, 0, 6),
      citationBelow: 6,
      citation: (gen) => {
        const cite = new Y.XmlElement("citation");
        const id = prng.int32(gen, 0, 9);
        if (id < 8) cite.setAttribute("evidenceId", prng.oneOf(gen, ids));
        else if (id === 8) cite.setAttribute("evidenceId", 7 as unknown as string);
        return cite;
      },
      // A citation holding content: the editor never looks inside an atom.
      nestsInCitation: (gen) => prng.bool(gen),
    };
    let citing = 0;
    let dropping = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const doc = new Y.Doc();
      doc.getXmlFragment("default").insert(0, randomBody(prng.create(seed), shape));
      const read = readThroughEditor(reader, doc);
      const expected = [...new Set(numberCitations(read).map((citation) => citation.evidenceId))];
      expect(citedEvidenceIds(reader, doc), `seed ${seed}`).toEqual(expected);
      if (expected.length > 0) citing++;
      // Some citation element is in the body but the editor does not show it.
      const all = doc
        .getXmlFragment("default")
        .createTreeWalker((type) => type instanceof Y.XmlElement && type.nodeName === "citation");
      const present = new Set([...all].map((type) => (type as Y.XmlElement).getAttribute("evidenceId")));
      if ([...present].some((id) => typeof id === "string" && id !== "" && !expected.includes(id))) dropping++;
      doc.destroy();
    }
    console.log(`random bodies: ${citing} cite something, ${dropping} hold citations the editor drops`);
    // The bodies exercise both sides: citations shown, and citations dropped with their parents.
    expect(citing).toBeGreaterThan(80);
    expect(dropping).toBeGreaterThan(50);
  });
});
