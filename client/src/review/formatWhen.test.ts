import { describe, expect, it } from "vitest";
import { formatWhen } from "./formatWhen";

describe("formatWhen", () => {
  const now = new Date("2025-03-10T12:00:00Z");
  it.each([
    ["2025-03-10T11:59:30Z", "just now"],
    ["2025-03-10T11:55:00Z", "5 min ago"],
    ["2025-03-10T09:00:00Z", "3 h ago"],
    ["2025-03-09T09:00:00Z", "yesterday"],
  ])("%s reads %s", (iso, expected) => expect(formatWhen(iso, now)).toBe(expected));

  it("says nothing for a date it cannot read", () => expect(formatWhen("soon", now)).toBe(""));
});
