import { describe, expect, it } from "vitest";
import { createLineJoiner } from "./hyphenation.js";

describe("createLineJoiner", () => {
  const join = createLineJoiner("The USMCA and trade-related rules; the USMCA again.");

  it("joins a word broken at a line end", () => {
    expect(join(["the most pop-", "ular leader"])).toBe("the most popular leader");
  });

  it("joins a broken acronym the document spells whole elsewhere", () => {
    expect(join(["the USM-", "CA rules"])).toBe("the USMCA rules");
  });

  it("keeps a compound's hyphen when the document spells it hyphenated elsewhere", () => {
    expect(join(["reviews trade-", "related disputes"])).toBe("reviews trade-related disputes");
  });

  it("keeps hyphens after an abbreviation or a number, and before a capital", () => {
    expect(join(["the U.S.-", "Mexico border"])).toBe("the U.S.-Mexico border");
    expect(join(["the Covid-", "19 crisis"])).toBe("the Covid-19 crisis");
    expect(join(["a joint Norland-", "Suvania panel"])).toBe("a joint Norland-Suvania panel");
  });

  it("joins dashes without a space and other breaks with one", () => {
    expect(join(["companies—", "such as these", "  and  more "])).toBe("companies—such as these and more");
  });
});
