import { describe, expect, it } from "vitest";
import { positionAfter } from "./positions.js";

describe("positionAfter", () => {
  it.each([
    { positions: [], after: 0 },
    { positions: [0], after: 1 },
    { positions: [0, 1, 2], after: 3 },
    // a gap left by a deletion: after the highest, not the count (2 is taken)
    { positions: [0, 2], after: 3 },
    { positions: [5, 1], after: 6 },
    // positions set by hand may be negative
    { positions: [-3, -1], after: 0 },
    { positions: [-3], after: -2 },
  ])("after $positions comes $after", ({ positions, after }) => {
    expect(positionAfter(positions)).toBe(after);
  });
});
