import { getSchema } from "@tiptap/core";
import { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { accordExtensions } from "./accordExtensions.js";
import { isEvidenceId, numberCitations } from "./citationNumbers.js";
import { CitationNumbering, citationNumberFrom, citationNumberingKey } from "./CitationNumbering.js";

const schema = getSchema([...accordExtensions(), CitationNumbering]);

function cite(evidenceId: string | null, citationId: string | null = null) {
  return { type: "citation", attrs: { evidenceId, citationId } };
}

function docWith(...paragraphs: Array<Array<{ type: string; text?: string; attrs?: object }>>) {
  return ProseMirrorNode.fromJSON(schema, {
    type: "doc",
    content: paragraphs.map((content) => ({ type: "paragraph", content })),
  });
}

describe("numberCitations", () => {
  it("numbers by first appearance; the same evidence cited again keeps its number", () => {
    const doc = docWith(
      [{ type: "text", text: "Tariffs fell." }, cite("ev_a"), { type: "text", text: " Trade grew." }, cite("ev_b")],
      [{ type: "text", text: "Again." }, cite("ev_a"), cite("ev_c")],
    );
    expect(numberCitations(doc).map(({ evidenceId, number }) => [evidenceId, number])).toEqual([
      ["ev_a", 1],
      ["ev_b", 2],
      ["ev_a", 1],
      ["ev_c", 3],
    ]);
  });

  it("numbers stored citations by citation: two quotes of one passage are two notes, a copied node keeps its number", () => {
    const doc = docWith([
      cite("ev_a", "cit_1"),
      cite("ev_a", "cit_2"),
      cite("ev_a"),
      cite("ev_a", "cit_1"),
      cite(null, "cit_3"),
      cite("ev_a"),
    ]);
    expect(numberCitations(doc).map(({ evidenceId, citationId, number }) => [evidenceId, citationId, number])).toEqual([
      ["ev_a", "cit_1", 1],
      ["ev_a", "cit_2", 2],
      ["ev_a", null, 3],
      ["ev_a", "cit_1", 1],
      [null, "cit_3", 4],
      ["ev_a", null, 3],
    ]);
  });

  it("skips citations that name neither a citation nor a passage", () => {
    const doc = docWith([cite(null), cite("ev_a")]);
    expect(numberCitations(doc).map(({ number }) => number)).toEqual([1]);
  });

  it("decorates each citation with its number and renumbers when an earlier one is inserted", () => {
    const doc = docWith([{ type: "text", text: "x" }, cite("ev_b")]);
    const plugin = CitationNumbering.config.addProseMirrorPlugins?.call({} as never)?.[0];
    if (!plugin) throw new Error("no plugin");
    let state = EditorState.create({ doc, plugins: [plugin] });
    const numbersNow = () =>
      citationNumberingKey
        .getState(state)!
        .find()
        .map((decoration) => citationNumberFrom([decoration]));
    expect(numbersNow()).toEqual([1]);
    state = state.apply(state.tr.insert(1, schema.nodes.citation!.create({ evidenceId: "ev_a" })));
    expect(numbersNow()).toEqual([1, 2]);
    state = state.apply(state.tr.insert(1, schema.nodes.citation!.create({ evidenceId: "ev_b", citationId: "cit_1" })));
    expect(numbersNow()).toEqual([1, 2, 3]);
  });
});

describe("isEvidenceId", () => {
  it.each(["ev_1", "AbC-9"])("accepts %s", (id) => expect(isEvidenceId(id)).toBe(true));
  it.each(["", "a b", "<img>", "x".repeat(65), null])("refuses %s", (id) => expect(isEvidenceId(id)).toBe(false));
});
