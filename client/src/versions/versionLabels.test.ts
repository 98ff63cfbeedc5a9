import type { Member } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import {
  authorNames,
  beforeRestoringName,
  changeSummary,
  describeChange,
  formatDescription,
  MAX_VERSION_NAME,
} from "./versionLabels";

const member = (userId: string, name: string): Member => ({
  userId,
  name,
  email: `${userId}@example.org`,
  role: "editor",
});
const members = [member("u1", "Ana Ortiz"), member("u2", "Ben Li"), member("u3", "Cy Ng")];

describe("authorNames", () => {
  it("names one, two or more authors as a sentence, and someone who left as a former member", () => {
    expect(authorNames([], members)).toBe("");
    expect(authorNames(["u1"], members)).toBe("Ana Ortiz");
    expect(authorNames(["u1", "u2"], members)).toBe("Ana Ortiz and Ben Li");
    expect(authorNames(["u1", "u2", "u3"], members)).toBe("Ana Ortiz, Ben Li and Cy Ng");
    expect(authorNames(["u9", "u2"], members)).toBe("a former member and Ben Li");
  });
});

describe("changeSummary", () => {
  const change = (kind: "insert" | "delete" | "replace" | "format") => ({
    kind,
    fromA: 0,
    toA: 0,
    fromB: 0,
    toB: 0,
    deleted: "",
    inserted: "",
    marksAdded: [],
    marksRemoved: [],
    attributesChanged: [],
  });

  it("counts a replacement as an insertion and a deletion", () => {
    expect(changeSummary({ changes: [] })).toBe("No changes");
    expect(changeSummary({ changes: [change("insert")] })).toBe("1 insertion");
    expect(changeSummary({ changes: [change("insert"), change("replace"), change("delete"), change("format")] })).toBe(
      "2 insertions, 2 deletions, 1 formatting change",
    );
  });
});

describe("formatDescription", () => {
  it("says which marks came and went, and which blocks changed", () => {
    expect(formatDescription({ marksAdded: ["bold"], marksRemoved: [], attributesChanged: [] })).toBe("Bold added");
    expect(formatDescription({ marksAdded: ["link"], marksRemoved: ["italic"], attributesChanged: [] })).toBe(
      "Link added, italic removed",
    );
    expect(formatDescription({ marksAdded: [], marksRemoved: [], attributesChanged: ["heading"] })).toBe(
      "Heading level changed",
    );
    expect(formatDescription({ marksAdded: [], marksRemoved: [], attributesChanged: [] })).toBe("Formatting changed");
  });
});

describe("beforeRestoringName", () => {
  it("names the text kept before a restore, shortened to the server's limit", () => {
    expect(beforeRestoringName("Submitted for review")).toBe("Before restoring “Submitted for review”");
    const long = beforeRestoringName("x".repeat(MAX_VERSION_NAME));
    expect(long).toHaveLength(MAX_VERSION_NAME);
    expect(long.endsWith("x…”")).toBe(true);
  });
});

describe("describeChange", () => {
  const base = { fromA: 0, toA: 0, fromB: 0, toB: 0, marksAdded: [], marksRemoved: [], attributesChanged: [] };
  it("says what a change did, quoting the words", () => {
    expect(describeChange({ ...base, kind: "insert", deleted: "", inserted: "fully " })).toBe("Inserted “fully”");
    expect(describeChange({ ...base, kind: "delete", deleted: "first ", inserted: "" })).toBe("Deleted “first”");
    expect(describeChange({ ...base, kind: "replace", deleted: "first", inserted: "new" })).toBe(
      "Replaced “first” with “new”",
    );
    expect(describeChange({ ...base, kind: "format", deleted: "first", inserted: "first", marksAdded: ["bold"] })).toBe(
      "Bold added on “first”",
    );
    expect(describeChange({ ...base, kind: "insert", deleted: "", inserted: "y".repeat(200) })).toBe(
      `Inserted “${"y".repeat(79)}…”`,
    );
  });
});
