import { EVIDENCE_DRAG_TYPE as editorType } from "@accord/editor";
import { describe, expect, it } from "vitest";
import { EVIDENCE_DRAG_TYPE } from "./dragType";

describe("EVIDENCE_DRAG_TYPE", () => {
  it("is the type the editor's drop handler reads", () => {
    expect(EVIDENCE_DRAG_TYPE).toBe(editorType);
  });
});
