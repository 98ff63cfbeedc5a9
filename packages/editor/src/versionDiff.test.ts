import { getSchema } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { accordExtensions } from "./accordExtensions.js";
import { diffVersions, LEAF_TEXT, type VersionChange } from "./versionDiff.js";

const schema = getSchema(accordExtensions());

type Json = Record<string, unknown>;
const text = (value: string, marks?: Json[]): Json =>
  marks ? { type: "text", text: value, marks } : { type: "text", text: value };
const paragraph = (...content: Json[]): Json => ({ type: "paragraph", content });
const citation = (evidenceId: string, citationId: string): Json => ({
  type: "citation",
  attrs: { evidenceId, citationId },
});
const doc = (...content: Json[]): ProseMirrorNode => schema.nodeFromJSON({ type: "doc", content });

const SENTENCE = "The state funds the first plants.";

function change(partial: Partial<VersionChange> & Pick<VersionChange, "kind">): VersionChange {
  return {
    fromA: 0,
    toA: 0,
    fromB: 0,
    toB: 0,
    deleted: "",
    inserted: "",
    marksAdded: [],
    marksRemoved: [],
    attributesChanged: [],
    ...partial,
  };
}

describe("diffVersions", () => {
  it("finds no change between identical documents", () => {
    expect(diffVersions(doc(paragraph(text(SENTENCE))), doc(paragraph(text(SENTENCE))))).toEqual({
      changes: [],
      fine: true,
    });
  });

  it("a word inserted is that word with its space, at a word boundary", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text("The state fully funds the first plants."))),
    );
    expect(changes).toEqual([change({ kind: "insert", fromA: 11, toA: 11, fromB: 11, toB: 17, inserted: "fully " })]);
  });

  it("a word deleted is that word with its space", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text("The state funds the plants."))),
    );
    expect(changes).toEqual([change({ kind: "delete", fromA: 21, toA: 27, fromB: 21, toB: 21, deleted: "first " })]);
  });

  it("bold added is a formatting change of exactly the bolded word", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text("The state funds the "), text("first", [{ type: "bold" }]), text(" plants."))),
    );
    expect(changes).toEqual([
      change({
        kind: "format",
        fromA: 21,
        toA: 26,
        fromB: 21,
        toB: 26,
        deleted: "first",
        inserted: "first",
        marksAdded: ["bold"],
      }),
    ]);
  });

  it("a citation added is an insertion of the citation node alone", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text(SENTENCE), citation("ev_1", "cit_1"))),
    );
    expect(changes).toEqual([change({ kind: "insert", fromA: 34, toA: 34, fromB: 34, toB: 35, inserted: LEAF_TEXT })]);
  });

  it("a citation that now refers to another passage is a replacement, not formatting", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE), citation("ev_1", "cit_1"))),
      doc(paragraph(text(SENTENCE), citation("ev_2", "cit_2"))),
    );
    expect(changes).toEqual([
      change({ kind: "replace", fromA: 34, toA: 35, fromB: 34, toB: 35, deleted: LEAF_TEXT, inserted: LEAF_TEXT }),
    ]);
  });

  it("a paragraph added is one insertion covering the whole paragraph", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text(SENTENCE)), paragraph(text("A second paragraph."))),
    );
    expect(changes).toEqual([
      change({ kind: "insert", fromA: 35, toA: 35, fromB: 35, toB: 56, inserted: "A second paragraph." }),
    ]);
  });

  it("two insertions a few words apart stay two insertions", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text("The state fully funds the new first plants."))),
    );
    expect(changes).toEqual([
      change({ kind: "insert", fromA: 11, toA: 11, fromB: 11, toB: 17, inserted: "fully " }),
      change({ kind: "insert", fromA: 21, toA: 21, fromB: 27, toB: 31, inserted: "new " }),
    ]);
  });

  it("a word partly rewritten is replaced whole", () => {
    const { changes } = diffVersions(
      doc(paragraph(text(SENTENCE))),
      doc(paragraph(text("The state subsidises the first plants."))),
    );
    expect(changes).toEqual([
      change({ kind: "replace", fromA: 11, toA: 16, fromB: 11, toB: 21, deleted: "funds", inserted: "subsidises" }),
    ]);
  });

  it("a heading's level is a formatting change of the heading", () => {
    const heading = (level: number) => ({ type: "heading", attrs: { level }, content: [text("Title")] });
    const { changes } = diffVersions(
      doc(heading(2), paragraph(text(SENTENCE))),
      doc(heading(3), paragraph(text(SENTENCE))),
    );
    expect(changes).toEqual([
      change({ kind: "format", fromA: 0, toA: 1, fromB: 0, toB: 1, attributesChanged: ["heading"] }),
    ]);
  });

  it("compares distant edits of a long body separately, and stays fine-grained", () => {
    const paragraphs = Array.from({ length: 400 }, (_, index) => `Paragraph ${index} says something about steel.`);
    const before = doc(...paragraphs.map((value) => paragraph(text(value))));
    const edited = paragraphs.map((value, index) =>
      index === 5 || index === 395 ? value.replace("something", "something new") : value,
    );
    const { changes, fine } = diffVersions(before, doc(...edited.map((value) => paragraph(text(value)))));
    expect(fine).toBe(true);
    expect(changes.map(({ kind, inserted, deleted }) => ({ kind, inserted, deleted }))).toEqual([
      { kind: "insert", inserted: "new ", deleted: "" },
      { kind: "insert", inserted: "new ", deleted: "" },
    ]);
  });

  it("past the budget, a rewritten body is one replacement of whole blocks, and says so", () => {
    const paragraphs = Array.from({ length: 400 }, (_, index) => `Paragraph ${index} says something about steel.`);
    const before = doc(...paragraphs.map((value) => paragraph(text(value))));
    const after = doc(...paragraphs.map((value) => paragraph(text(value.toUpperCase()))));
    const { changes, fine } = diffVersions(before, after);
    expect(fine).toBe(false);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "replace", fromA: 0, toA: before.content.size, fromB: 0 });
  });
});
