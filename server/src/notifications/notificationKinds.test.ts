import { NOTIFICATION_KINDS as API_KINDS } from "@accord/protocol";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS as STORED_KINDS } from "../store/Store.js";

describe("notification kinds", () => {
  // The presenter's types already refuse a stored kind the API does not name; this is the other way round.
  it("the API names exactly the kinds the store keeps, in the same order", () => {
    expect([...API_KINDS]).toEqual([...STORED_KINDS]);
  });
});
