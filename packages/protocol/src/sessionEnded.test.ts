import { describe, expect, it } from "vitest";
import { SESSION_ENDED_CLOSE_REASONS, sessionEndReasonOfClose, sessionEndReasonSchema } from "./events.js";

describe("session-ended close reasons of the document socket", () => {
  it("reads every reason back from its close text, and nothing from any other text", () => {
    expect(
      sessionEndReasonSchema.options.map((reason) => sessionEndReasonOfClose(SESSION_ENDED_CLOSE_REASONS[reason])),
    ).toEqual(["logout", "password-changed", "expired"]);
    expect(sessionEndReasonOfClose("access revoked")).toBeNull();
    expect(sessionEndReasonOfClose("")).toBeNull();
  });

  it("fits a close frame whole (123 bytes of reason), so the client reads exactly what was sent", () => {
    for (const text of Object.values(SESSION_ENDED_CLOSE_REASONS))
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(123);
  });
});
