import type { BodyBlock, BodyInline } from "@accord/claims";
import { BodyReader } from "@accord/editor";
import * as prng from "lib0/prng";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type RandomBodyShape, randomBody, randomContainers, readThroughEditor } from "../testing/randomBodies.js";
import { bodyBlocks } from "./bodyBlocks.js";

const reader = new BodyReader();

/** The ProseMirror document the editor reads (typed through BodyReader: the server does not depend on ProseMirror itself). */
type ProseMirrorNode = ReturnType<BodyReader["read"]>;

function citation(evidenceId: string | null, citationId: string | null = null): Y.XmlElement {
  const element = new Y.XmlElement("citation");
  if (evidenceId !== null) element.setAttribute("evidenceId", evidenceId);
  if (citationId !== null) element.setAttribute("citationId", citationId);
  return element;
}

function element(name: string, ...children: Array<Y.XmlElement | Y.XmlText>): Y.XmlElement {
  const node = new Y.XmlElement(name);
  node.insert(0, children);
  return node;
}

/** The same blocks read through ProseMirror: what the editor (and a finding's offsets) see. */
function blocksOf(doc: ProseMirrorNode): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const block: BodyInline[] = [];
    node.forEach((child) => {
      if (child.isText) {
        const last = block.at(-1);
        if (last !== undefined && "text" in last) block[block.length - 1] = { text: last.text + child.text };
        else block.push({ text: child.text ?? "" });
      } else if (child.type.name === "citation") {
        const attr = (name: string) => {
          const value: unknown = child.attrs[name];
          return typeof value === "string" && value !== "" ? value : null;
        };
        block.push({ cite: { evidenceId: attr("evidenceId"), citationId: attr("citationId") } });
      } else block.push({ text: "\n" });
    });
    blocks.push(block);
    return false;
  });
  return blocks;
}

const length = (block: BodyBlock) => block.reduce((n, inline) => n + ("text" in inline ? inline.text.length : 1), 0);

describe("bodyBlocks", () => {
  it("reads textblocks in order, with text runs, citations and hard breaks, at ProseMirror's offsets", () => {
    const doc = new Y.Doc();
    const bold = new Y.XmlText();
    bold.insert(0, "Mexico bought ");
    bold.insert(14, "$614 billion", { bold: true });
    const list = element("bulletList", element("listItem", element("paragraph", new Y.XmlText("Half of it."))));
    doc
      .getXmlFragment("default")
      .insert(0, [
        element("heading", new Y.XmlText("Trade")),
        element(
          "paragraph",
          bold,
          citation("ev1"),
          new Y.XmlText(" Next."),
          element("hardBreak"),
          citation(null, "c1"),
        ),
        list,
        element("horizontalRule"),
        element("paragraph"),
      ]);
    const blocks = bodyBlocks(reader, doc);
    expect(blocks).toEqual([
      [{ text: "Trade" }],
      [
        { text: "Mexico bought $614 billion" },
        { cite: { evidenceId: "ev1", citationId: null } },
        { text: " Next." },
        { text: "\n" },
        { cite: { evidenceId: null, citationId: "c1" } },
      ],
      [{ text: "Half of it." }],
      [],
    ]);
    expect(length(blocks[1]!)).toBe(26 + 1 + 6 + 1 + 1);
    doc.destroy();
  });

  it("never changes the document it reads", () => {
    const doc = new Y.Doc();
    doc
      .getXmlFragment("default")
      .insert(0, [element("scriptBlock", element("paragraph", new Y.XmlText("hidden"))), element("paragraph")]);
    const before = Y.encodeStateAsUpdate(doc);
    expect(bodyBlocks(reader, doc)).toEqual([[]]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    doc.destroy();
  });

  it("answers what reading the body through ProseMirror answers, on 400 random bodies", () => {
    const containers = [...randomContainers, "hardBreak"];
    // Not "text": an element of that name becomes a malformed text node in ProseMirror (no client
    // writes one); the walk, like citedEvidenceIds', treats it as nothing.
    const shape: RandomBodyShape = {
      containers,
      text: (gen) => `${prng.word(gen, 0, 6)} ${prng.int32(gen, 0, 99)}%`,
      citationBelow: 5,
      citation: (gen) => citation(prng.bool(gen) ? prng.oneOf(gen, ["a", "b", ""]) : null, prng.bool(gen) ? "c" : null),
      nestsInCitation: (gen) => prng.int32(gen, 0, 5) === 0,
    };
    let withBlocks = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const doc = new Y.Doc();
      doc.getXmlFragment("default").insert(0, randomBody(prng.create(seed), shape));
      const expected = blocksOf(readThroughEditor(reader, doc));
      expect(bodyBlocks(reader, doc), `seed ${seed}`).toEqual(expected);
      if (expected.some((block) => block.length > 0)) withBlocks++;
      doc.destroy();
    }
    // The bodies exercise it: 61 of the 400 keep text or citations in some textblock.
    expect(withBlocks).toBeGreaterThan(50);
  });
});
