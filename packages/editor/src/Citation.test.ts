import { describe, expect, it } from "vitest";
import { citationAttributes } from "./Citation.js";

describe("citationAttributes (what insertCitation stores)", () => {
  it("takes the older bare evidence id as a whole-passage citation", () => {
    expect(citationAttributes("ev_1")).toEqual({ evidenceId: "ev_1", citationId: null });
  });

  it("takes a stored citation with its passage", () => {
    expect(citationAttributes({ evidenceId: "ev_1", citationId: "cit_9" })).toEqual({
      evidenceId: "ev_1",
      citationId: "cit_9",
    });
  });

  it("takes a direct source citation (no passage)", () => {
    expect(citationAttributes({ citationId: "cit_9" })).toEqual({ evidenceId: null, citationId: "cit_9" });
  });

  it.each([
    ["nothing", {}],
    ["a malformed evidence id", { evidenceId: "<img>" }],
    ["a malformed citation id beside a good evidence id", { evidenceId: "ev_1", citationId: "a b" }],
    ["an empty string", ""],
  ])("refuses %s", (_label, reference) => {
    expect(citationAttributes(reference)).toBeNull();
  });
});
