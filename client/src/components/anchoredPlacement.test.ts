import { describe, expect, it } from "vitest";
import { placeAnchored } from "./anchoredPlacement";

const VIEW = { width: 1280, height: 800, scrollX: 0, scrollY: 0 };
const CARD = { width: 420, height: 270 };

describe("placeAnchored", () => {
  it("puts the card under its anchor when it fits there, a little left of it", () => {
    expect(placeAnchored({ top: 450, bottom: 480, left: 500 }, CARD, VIEW, 8)).toEqual({
      top: 488,
      left: 476,
      side: "below",
    });
  });

  it("puts it over the anchor when it does not fit below and does above", () => {
    // 530 + 8 + 270 = 808 > 788: no room below; 500 - 8 - 270 = 222 ≥ 12.
    expect(placeAnchored({ top: 500, bottom: 530, left: 400 }, CARD, VIEW, 8)).toEqual({
      top: 222,
      left: 376,
      side: "above",
    });
  });

  it("keeps a card too tall for either side below, where the page can scroll to it", () => {
    expect(placeAnchored({ top: 300, bottom: 330, left: 400 }, { width: 420, height: 600 }, VIEW, 8)).toEqual({
      top: 338,
      left: 376,
      side: "below",
    });
  });

  it("answers in document pixels and stays inside the viewport's sides", () => {
    const scrolled = { ...VIEW, scrollX: 5, scrollY: 1000 };
    expect(placeAnchored({ top: 100, bottom: 130, left: 1200 }, CARD, scrolled, 6)).toEqual({
      top: 1136,
      left: 5 + 1280 - 420 - 12,
      side: "below",
    });
    expect(placeAnchored({ top: 100, bottom: 130, left: 10 }, CARD, VIEW, 6).left).toBe(12);
  });
});
