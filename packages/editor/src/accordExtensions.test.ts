import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { accordExtensions } from "./accordExtensions.js";

describe("accordExtensions", () => {
  const schema = getSchema(accordExtensions());

  it("builds the recommendation schema without a DOM (the server reads documents with it)", () => {
    for (const node of [
      "doc",
      "paragraph",
      "heading",
      "bulletList",
      "orderedList",
      "listItem",
      "blockquote",
      "citation",
    ]) {
      expect(schema.nodes[node], node).toBeDefined();
    }
    for (const mark of ["bold", "italic", "link"]) {
      expect(schema.marks[mark], mark).toBeDefined();
    }
  });

  it("leaves undo/redo to the collaboration extension", () => {
    const names = accordExtensions().flatMap((extension) => [extension.name]);
    expect(names).not.toContain("undoRedo");
    const starterKit = accordExtensions()[0];
    expect(starterKit?.options).toMatchObject({ undoRedo: false });
  });

  it("keeps a citation's evidence id", () => {
    const citation = schema.nodes.citation?.create({ evidenceId: "ev_1" });
    expect(citation?.attrs).toEqual({ evidenceId: "ev_1", citationId: null });
    expect(citation?.isInline).toBe(true);
  });

  it("keeps a citation's citation id beside its evidence id", () => {
    const citation = schema.nodes.citation?.create({ evidenceId: "ev_1", citationId: "cit_1" });
    expect(citation?.attrs).toEqual({ evidenceId: "ev_1", citationId: "cit_1" });
  });
});
