import { describe, expect, it } from "vitest";
import { loadEvalSet } from "../eval/loadEvalSet.js";
import { GATED_PATTERNS, mayState, readClaimFigures } from "./figures.js";

const read = (text: string) =>
  readClaimFigures(text).map(({ raw, kind, value, unit, hedge, rangeEnd }) => [
    raw,
    kind,
    value,
    unit,
    hedge,
    rangeEnd ?? null,
  ]);

describe("readClaimFigures", () => {
  it("reads money in its currency and scale", () => {
    expect(
      read("$614.5 billion, US$2 million, $5bn, MXN 3 billion, 4 billion pesos, €2 million and 7 million dollars."),
    ).toEqual([
      ["$614.5 billion", "money", 614_500_000_000, "USD", null, null],
      ["US$2 million", "money", 2_000_000, "USD", null, null],
      ["$5bn", "money", 5_000_000_000, "USD", null, null],
      ["MXN 3 billion", "money", 3_000_000_000, "MXN", null, null],
      ["4 billion pesos", "money", 4_000_000_000, "MXN", null, null],
      ["€2 million", "money", 2_000_000, "EUR", null, null],
      ["7 million dollars", "money", 7_000_000, "USD", null, null],
    ]);
  });

  it("reads percents, points, ranges and hedges", () => {
    expect(
      read(
        "About 62 percent, 6.9 per cent, at least 8.5%, 3.5 percentage points, between 40 and 45 percent, $2–3 billion.",
      ),
    ).toEqual([
      ["62 percent", "percent", 62, "percent", "about", null],
      ["6.9 per cent", "percent", 6.9, "percent", null, null],
      ["8.5%", "percent", 8.5, "percent", "over", null],
      ["3.5 percentage points", "points", 3.5, "points", null, null],
      ["40 and 45 percent", "percent", 40, "percent", null, 45],
      ["$2–3 billion", "money", 2_000_000_000, "USD", null, 3_000_000_000],
    ]);
  });

  it("reads counts, quantities, word shares and multiples", () => {
    expect(
      read(
        "26 million workers, 1.2 million barrels per day, five million jobs, a third of firms, one in five adults, output doubled.",
      ),
    ).toEqual([
      ["26 million", "count", 26_000_000, "", null, null],
      ["1.2 million barrels per day", "quantity", 1_200_000, "barrels per day", null, null],
      ["five million", "count", 5_000_000, "", null, null],
      ["a third", "ratio", 100 / 3, "percent", null, null],
      ["one in five", "ratio", 20, "percent", null, null],
      ["doubled", "multiple", 2, "times", null, null],
    ]);
  });

  it("reads no references, days, ordinals, decades or bare numbers", () => {
    expect(
      read(
        "Section 232, Article 10.12, Table 3, Chapter 19, No. 5, the top 10, June 30, 2020, the 21st century, the 1990s, the first half of 2023, a third country, 89-10.",
      ),
    ).toEqual([
      ["2020", "year", 2020, "year", null, null],
      ["2023", "year", 2023, "year", null, null],
    ]);
  });

  it("reads a number grouped in thousands as a count, and still no reference or date so written", () => {
    expect(
      read("The plan kept 300,000 jobs and 1,250–1,400 firms; see page 1,204 and No. 12,000, on 2,000 acres."),
    ).toEqual([
      ["300,000", "count", 300_000, "", null, null],
      ["1,250–1,400", "count", 1_250, "", null, 1_400],
      ["2,000 acres", "quantity", 2_000, "acres", null, null],
    ]);
  });

  it("reads 'from 30 percent in 2019 to 45 percent' as two percents and a year, not a range", () => {
    expect(read("It rose from 30 percent in 2019 to 45 percent.").map((f) => f[0])).toEqual([
      "30 percent",
      "2019",
      "45 percent",
    ]);
  });
});

describe("mayState: a pattern is skipped only where it cannot match", () => {
  it("every match of every pattern, in the labelled set and in texts written to slip past the gates, passes its gate", () => {
    const texts = loadEvalSet().flatMap((item) => [
      item.sentence,
      ...Object.values(item.passages ?? {}),
      ...(item.report ?? []),
    ]);
    texts.push(
      "ONE\tIN\u00a0FIVE workers, NINE OUT OF TEN firms, 3\tin 10 homes and thirteen in twenty towns.",
      "Output DOUBLED; sales were TWICE AS high, TRIPLING since then, 4-FOLD and 2.5 times the rate.",
      "A THIRD of the HALF; Three-Quarters of exports; one-fifth of jobs; a tenth of it.",
      "Prices rose 5\u00a0PERCENT, 5\u00a0% and 6 Per Cent; 40 PCT; 2 PPTS, 50 BPS, 3 basis-points, 1.5 Percentage-Points.",
      "US$5 BN, MXN\u00a03 billion, EUR 2 million, £4m, €1 TRILLION, C$2 bn, 7 million Canadian DOLLARS, 9 PESOS.",
      "FIVE MILLION tons, twenty-five thousand barrels per day, half a billion dollars, 1999 and 2024.",
    );
    let checked = 0;
    for (const text of texts) {
      const may = mayState(text);
      for (const [pattern, gate] of GATED_PATTERNS) {
        pattern.lastIndex = 0;
        const matches = [...text.matchAll(pattern)].filter((match) => match[0].length > 0);
        if (matches.length === 0) continue;
        checked++;
        expect({ text, pattern: pattern.source.slice(0, 40), gate, open: may[gate] }).toMatchObject({ open: true });
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });
});
