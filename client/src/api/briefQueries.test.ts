import { describe, expect, it } from "vitest";
import { byPosition } from "./briefQueries";

describe("byPosition", () => {
  it("orders by position, then by id where two share one, without changing its input", () => {
    const input = [
      { id: "c", position: 2 },
      { id: "b", position: 1 },
      { id: "a", position: 1 },
      { id: "d", position: -1 },
    ];
    expect(byPosition(input).map((item) => item.id)).toEqual(["d", "a", "b", "c"]);
    expect(input.map((item) => item.id)).toEqual(["c", "b", "a", "d"]);
  });
});
