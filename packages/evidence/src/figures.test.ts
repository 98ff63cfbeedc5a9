import { describe, expect, it } from "vitest";
import { extractFigures } from "./figures.js";

describe("extractFigures", () => {
  it("reads money with scale words exactly, in USD base units", () => {
    const text = "Exports grew from $4.8 billion to $1.27 trillion, then US$614.5 billion; wages of $16 per hour.";
    expect(extractFigures(text)).toEqual([
      { kind: "money", raw: "$4.8 billion", value: 4_800_000_000, unit: "USD", start: 18 },
      { kind: "money", raw: "$1.27 trillion", value: 1_270_000_000_000, unit: "USD", start: 34 },
      { kind: "money", raw: "US$614.5 billion", value: 614_500_000_000, unit: "USD", start: 55 },
      { kind: "money", raw: "$16", value: 16, unit: "USD", start: 82 },
    ]);
  });

  it("reads percentages, including decimals, thousands separators and %", () => {
    expect(
      extractFigures("Approval stood at 62 percent, growth 6.9 per cent, output up 1,200 percent and 8.5%."),
    ).toEqual([
      { kind: "percent", raw: "62 percent", value: 62, unit: "percent", start: 18 },
      { kind: "percent", raw: "6.9 per cent", value: 6.9, unit: "percent", start: 37 },
      { kind: "percent", raw: "1,200 percent", value: 1200, unit: "percent", start: 61 },
      { kind: "percent", raw: "8.5%", value: 8.5, unit: "percent", start: 79 },
    ]);
  });

  it("gives a range one figure: the low end as value, the high end as rangeEnd", () => {
    expect(extractFigures("Between 40–45 percent of content, or $2–3 billion.")).toEqual([
      { kind: "percent", raw: "40–45 percent", value: 40, rangeEnd: 45, unit: "percent", start: 8 },
      { kind: "money", raw: "$2–3 billion", value: 2_000_000_000, rangeEnd: 3_000_000_000, unit: "USD", start: 37 },
    ]);
  });

  it("reads counts with a scale word and quantities with a unit", () => {
    expect(extractFigures("It drew 26 million visitors, added 7 gigawatts and stored 3 million tonnes.")).toEqual([
      { kind: "count", raw: "26 million", value: 26_000_000, unit: "", start: 8 },
      { kind: "quantity", raw: "7 gigawatts", value: 7, unit: "gigawatts", start: 35 },
      { kind: "quantity", raw: "3 million tonnes", value: 3_000_000, unit: "tonnes", start: 58 },
    ]);
  });

  it("reads standalone years, not decades, not parts of other numbers or of money", () => {
    expect(extractFigures("From 1990 to 2019, the 2013–2018 plan, the 1990s, $2019 and 12019 and 2,020.")).toEqual([
      { kind: "year", raw: "1990", value: 1990, unit: "year", start: 5 },
      { kind: "year", raw: "2019", value: 2019, unit: "year", start: 13 },
      { kind: "year", raw: "2013", value: 2013, unit: "year", start: 23 },
      { kind: "year", raw: "2018", value: 2018, unit: "year", start: 28 },
      { kind: "money", raw: "$2019", value: 2019, unit: "USD", start: 50 },
    ]);
  });

  it("ignores bare numbers without a scale, unit, $ or percent", () => {
    expect(extractFigures("The top 10 projects passed 89-10 after 200 hearings on Covid-19.")).toEqual([]);
  });
});
