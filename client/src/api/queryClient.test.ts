import { describe, expect, it } from "vitest";
import { ApiError } from "./ApiError";
import { shouldRetry } from "./queryClient";

describe("shouldRetry", () => {
  it("retries an unreachable server or a 5xx once", () => {
    expect(shouldRetry(0, new ApiError(0, "network", "Could not reach the server."))).toBe(true);
    expect(shouldRetry(0, new ApiError(503, "http_503", "Unavailable"))).toBe(true);
    expect(shouldRetry(1, new ApiError(503, "http_503", "Unavailable"))).toBe(false);
  });

  it("never retries a refusal, an abort or an unknown error", () => {
    for (const status of [400, 401, 403, 404, 409, 413, 429])
      expect(shouldRetry(0, new ApiError(status, "x", "no"))).toBe(false);
    expect(shouldRetry(0, new DOMException("aborted", "AbortError"))).toBe(false);
    expect(shouldRetry(0, new TypeError("bug"))).toBe(false);
  });
});
