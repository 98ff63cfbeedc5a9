import { describe, expect, it } from "vitest";
import { userColor } from "./userColor";

describe("userColor", () => {
  it("is a #rrggbb colour, the same for the same user everywhere", () => {
    for (const id of ["u1", "Zx9-_", "a-much-longer-user-identifier-0123456789"]) {
      expect(userColor(id)).toMatch(/^#[0-9a-f]{6}$/);
      expect(userColor(id)).toBe(userColor(id));
    }
  });

  it("spreads different users over several colours", () => {
    const colours = new Set(Array.from({ length: 50 }, (_, i) => userColor(`user-${i}`)));
    expect(colours.size).toBeGreaterThanOrEqual(5);
  });
});
