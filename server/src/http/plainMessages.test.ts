import {
  createInviteSchema,
  createRecommendationSchema,
  loginSchema,
  signupSchema,
  updateSectorSchema,
} from "@accord/domain";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "../errors.js";
import { bounded, fieldSubject, librarySentence, plainMessage } from "./plainMessages.js";
import { copyFlagSchema, reportPatchSchema } from "./reports/schemas.js";
import { parse } from "./validate.js";

/** What `parse` refuses `input` with: the plain message and the field the API names. */
function refusal(schema: z.ZodType, input: unknown): { message: string; field: string | undefined } {
  try {
    parse(schema, input);
  } catch (error) {
    if (error instanceof ValidationError) return { message: error.message, field: error.field };
    throw error;
  }
  throw new Error("the input was accepted");
}

describe("plain validation messages: one sentence per zod issue kind, naming the field", () => {
  it("invalid_type: a missing value asks for it; a wrong kind says what it must be", () => {
    expect(refusal(loginSchema, { email: "ada@example.org" })).toEqual({
      message: "Enter your password.",
      field: "password",
    });
    expect(refusal(loginSchema, { email: "ada@example.org", password: null })).toEqual({
      message: "Enter your password.",
      field: "password",
    });
    expect(refusal(loginSchema, { email: "ada@example.org", password: 12 })).toEqual({
      message: "Your password must be text.",
      field: "password",
    });
    expect(refusal(updateSectorSchema, { position: 1.5 })).toEqual({
      message: "The position must be a whole number.",
      field: "position",
    });
    expect(refusal(updateSectorSchema, { position: "2" })).toEqual({
      message: "The position must be a number.",
      field: "position",
    });
  });

  it("too_small: empty or blank text is missing; a longer minimum is counted in characters; numbers and lists too", () => {
    expect(refusal(loginSchema, { email: "ada@example.org", password: "" })).toEqual({
      message: "Enter your password.",
      field: "password",
    });
    expect(refusal(createRecommendationSchema, { sectorId: "s1", title: "   " })).toEqual({
      message: "Enter a title.",
      field: "title",
    });
    expect(refusal(signupSchema, { email: "ada@example.org", name: "Ada", password: "short" })).toEqual({
      message: "Your password must be at least 10 characters.",
      field: "password",
    });
    expect(refusal(updateSectorSchema, { position: -1 })).toEqual({
      message: "The position must be at least 0.",
      field: "position",
    });
    expect(refusal(z.object({ sectorIds: z.array(z.string()).min(2) }), { sectorIds: ["a"] }).message).toBe(
      "The sectors must have at least 2 entries.",
    );
    expect(refusal(z.object({ sourceIds: z.array(z.string()).min(1) }), { sourceIds: [] }).message).toBe(
      "Choose at least one source.",
    );
    expect(refusal(z.object({ limit: z.number().gt(0) }), { limit: 0 }).message).toBe(
      "The number of results must be more than 0.",
    );
  });

  it("too_big: text in characters, lists in entries, numbers as a bound", () => {
    expect(refusal(createRecommendationSchema, { sectorId: "s1", title: "x".repeat(301) })).toEqual({
      message: "The title can be at most 300 characters.",
      field: "title",
    });
    expect(refusal(reportPatchSchema, { authors: Array.from({ length: 201 }, () => "A") }).field).toBe("authors");
    expect(refusal(z.object({ notes: z.array(z.number()).max(2) }), { notes: [1, 2, 3] }).message).toBe(
      "The chosen footnotes can have at most 2 entries.",
    );
    expect(refusal(z.object({ limit: z.number().max(100) }), { limit: 1000 }).message).toBe(
      "The number of results must be at most 100.",
    );
    expect(refusal(z.object({ limit: z.number().lt(100) }), { limit: 100 }).message).toBe(
      "The number of results must be less than 100.",
    );
  });

  it("invalid_format: an e-mail asks for a valid address, an id or a web address says what is wrong", () => {
    expect(refusal(signupSchema, { email: "ada.example.org", name: "Ada", password: "long enough password" })).toEqual({
      message: "Enter a valid e-mail address, like ada@example.org.",
      field: "email",
    });
    expect(refusal(createRecommendationSchema, { sectorId: "../etc", title: "Grid" })).toEqual({
      message: "The sector is not valid.",
      field: "sectorId",
    });
    expect(refusal(z.object({ homepage: z.url() }), { homepage: "not a url" })).toEqual({
      message: "The homepage must be a web address, like https://example.org.",
      field: "homepage",
    });
  });

  it("invalid_value: an enum lists its choices in words; a missing one is asked for", () => {
    expect(refusal(createInviteSchema, { role: "boss" })).toEqual({
      message: "The role must be one of lead, editor, reviewer or viewer.",
      field: "role",
    });
    expect(refusal(createInviteSchema, {})).toEqual({ message: "Choose a role.", field: "role" });
    expect(refusal(copyFlagSchema, { copy: "yes" })).toEqual({
      message: "The copy choice must be one of true or false.",
      field: "copy",
    });
    expect(refusal(z.object({ kind: z.literal("report") }), { kind: "x" }).message).toBe("The kind must be report.");
  });

  it("invalid_union: the branch that says most speaks (an invite's e-mail that is neither empty nor an address)", () => {
    expect(refusal(createInviteSchema, { role: "editor", email: "nope" })).toEqual({
      message: "Enter a valid e-mail address, like ada@example.org.",
      field: "email",
    });
    expect(refusal(z.object({ id: z.union([z.string(), z.number()]) }), { id: true })).toEqual({
      message: "The id is not valid.",
      field: "id",
    });
  });

  it("unrecognized_keys: names the unknown field in the message (the object itself is the field, so none is sent)", () => {
    expect(refusal(updateSectorSchema, { name: "Energy", colour: "red" })).toEqual({
      message: "This field is not accepted here: “colour”.",
      field: undefined,
    });
  });

  it("not_multiple_of, invalid_key and invalid_element say the field is not valid", () => {
    expect(refusal(z.object({ position: z.number().multipleOf(5) }), { position: 7 }).message).toBe(
      "The position must be a multiple of 5.",
    );
    expect(refusal(z.object({ csl: z.record(z.string().max(2), z.string()) }), { csl: { long: "x" } })).toEqual({
      message: "The source is not valid.",
      field: "csl.long",
    });
    // zod reports a map's wrong value at its own path; an invalid_element is built by hand.
    const element = {
      code: "invalid_element",
      origin: "map",
      key: "a",
      issues: [],
      path: ["csl"],
      message: "Invalid entry",
      input: new Map(),
    } as const;
    expect(plainMessage(element as unknown as z.core.$ZodIssue)).toBe("The source is not valid.");
  });

  it("custom: a refinement's predicate follows the field; its own sentence stands alone", () => {
    expect(refusal(reportPatchSchema, { date: "May 2024" })).toEqual({
      message: "The date must be YYYY, YYYY-MM or YYYY-MM-DD.",
      field: "date",
    });
    expect(refusal(reportPatchSchema, { authors: [" "] })).toEqual({
      message: "Each author must be 1 to 200 characters.",
      field: "authors",
    });
    expect(refusal(reportPatchSchema, {})).toEqual({
      message: "Give at least one of title, authors, publisher, date, reportNumber.",
      field: undefined,
    });
    expect(refusal(z.object({ n: z.number().refine((n) => n > 0) }), { n: -1 }).message).toBe("The n is not valid.");
  });

  it("no message is zod's own words", () => {
    const inputs: Array<[z.ZodType, unknown]> = [
      [loginSchema, {}],
      [signupSchema, { email: 5 }],
      [createInviteSchema, { role: 1 }],
      [updateSectorSchema, { extra: 1 }],
    ];
    for (const [schema, input] of inputs) {
      expect(refusal(schema, input).message).not.toMatch(/Invalid|expected|received|Too (small|big)|>=|<=/);
    }
  });
});

describe("words for hand-written refusals", () => {
  it("fieldSubject names a known field as FIELDS does, and an unknown one in words", () => {
    expect(fieldSubject("quote")).toBe("The quoted text");
    expect(fieldSubject("sourceIds")).toBe("The chosen sources");
    expect(fieldSubject("reportNumber")).toBe("The report number");
    expect(fieldSubject("shelfMark")).toBe("The shelf mark");
  });

  it("bounded keeps a value to one line of at most `max` characters, spaces inside kept", () => {
    expect(bounded("TY  - JOUR")).toBe("TY  - JOUR");
    expect(bounded(" two\r\nlines\t")).toBe("two lines");
    expect(bounded("x".repeat(101))).toBe(`${"x".repeat(99)}…`);
    expect(bounded("x".repeat(100))).toBe("x".repeat(100));
    expect(bounded("😀".repeat(12), 10)).toBe(`${"😀".repeat(9)}…`);
  });

  it("librarySentence makes a library's message a bounded sentence with a capital and a stop", () => {
    expect(librarySentence("unexpected end of form")).toBe("Unexpected end of form.");
    expect(librarySentence("The PDF could not be read; it may be damaged.")).toBe(
      "The PDF could not be read; it may be damaged.",
    );
    expect(librarySentence("e".repeat(400))).toBe(`E${"e".repeat(298)}…`);
    expect(librarySentence("")).toBe("");
  });
});
