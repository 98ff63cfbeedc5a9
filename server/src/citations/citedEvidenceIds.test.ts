import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BodyReader } from "@accord/editor";
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
    doc.getXmlFragment("default").insert(0, [
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
});
