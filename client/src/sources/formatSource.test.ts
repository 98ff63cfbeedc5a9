import { describe, expect, it } from "vitest";
import { bareDoi, doiUrl, formatDate, formatNames, publicationLine, typeLabel } from "./formatSource";

describe("formatSource", () => {
  it("names people given name first and organisations as written", () => {
    expect(formatNames([{ family: "Okafor", given: "Nneka" }])).toBe("Nneka Okafor");
    expect(formatNames([{ family: "Okafor", given: "Nneka" }, { literal: "Port Authority of Valdora" }])).toBe(
      "Nneka Okafor and Port Authority of Valdora",
    );
    expect(formatNames([{ family: "A" }, { family: "B" }, { family: "C" }])).toBe("A, B and C");
    expect(formatNames([{ family: "A" }, { family: "B" }, { family: "C" }, { family: "D" }])).toBe(
      "A, B, C and 1 other",
    );
    expect(formatNames([{ family: "A" }, { family: "B" }, { family: "C" }, { family: "D" }, { family: "E" }])).toBe(
      "A, B, C and 2 others",
    );
    expect(formatNames(undefined)).toBe("");
  });

  it("writes dates as far as they are known", () => {
    expect(formatDate({ "date-parts": [[2024]] })).toBe("2024");
    expect(formatDate({ "date-parts": [[2024, 3]] })).toBe("March 2024");
    expect(formatDate({ "date-parts": [[2024, 3, 12]] })).toBe("12 March 2024");
    expect(formatDate(undefined)).toBe("");
  });

  it("reads a DOI however it was pasted and links it through doi.org", () => {
    expect(bareDoi("https://doi.org/10.1000/xyz.12")).toBe("10.1000/xyz.12");
    expect(bareDoi("doi:10.1000/abc")).toBe("10.1000/abc");
    expect(doiUrl("10.1002/(SICI)1097#4")).toBe("https://doi.org/10.1002/(SICI)1097%234");
  });

  it("says what kind of source it is", () => {
    expect(typeLabel("article-journal")).toBe("Journal article");
    expect(typeLabel("post-weblog")).toBe("Post weblog");
  });

  it("puts where it appeared before who published it", () => {
    expect(
      publicationLine({
        type: "article-journal",
        title: "T",
        "container-title": "Journal of Ports",
        volume: "12",
        issue: "3",
        page: "45–67",
        publisher: "Harbour Press",
        "publisher-place": "Lisbon",
      }),
    ).toBe("Journal of Ports, 12 (3), pp. 45–67 · Harbour Press, Lisbon");
    expect(publicationLine({ type: "report", title: "T", number: "R-7", publisher: "Tidal Institute" })).toBe(
      "No. R-7 · Tidal Institute",
    );
  });
});
