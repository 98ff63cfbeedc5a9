import { describe, expect, it } from "vitest";
import { plainSentence } from "./plainSentence";

describe("plainSentence", () => {
  it("keeps a sentence as it is", () => {
    expect(plainSentence("Enter your password.")).toBe("Enter your password.");
    expect(plainSentence("This report is cited by “Grid links”")).toBe("This report is cited by “Grid links”.");
  });

  it("drops a leading field name and makes the rest a sentence", () => {
    expect(plainSentence("sectorId: no such sector in this brief")).toBe("No such sector in this brief.");
    expect(plainSentence("quote.text: the quoted range is empty or reversed.")).toBe(
      "The quoted range is empty or reversed.",
    );
  });

  it("leaves a colon inside a sentence alone", () => {
    expect(
      plainSentence(
        "This invite is for ada@example.org, not bob@example.org: use the account with that e-mail address.",
      ),
    ).toBe("This invite is for ada@example.org, not bob@example.org: use the account with that e-mail address.");
  });
});
