import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";

describe("the settings of several processes", () => {
  it("REDIS_URL takes redis:// and rediss:// (TLS) and refuses anything else, naming it", () => {
    for (const url of ["redis://:pw@cache:6379/0", "rediss://user:pw@cache.example:6380"]) {
      const parsed = parseConfig({ REDIS_URL: url });
      expect(parsed.ok && parsed.config.redisUrl).toBe(url);
    }
    const wrong = parseConfig({ REDIS_URL: "http://cache:6379" });
    expect(wrong.ok ? null : wrong.problems).toEqual(["REDIS_URL: must start with redis:// or rediss:// (TLS)"]);
    const unset = parseConfig({});
    expect(unset.ok && unset.config.redisUrl).toBeUndefined();
  });

  it("SQLITE_BUSY_TIMEOUT_MS defaults to 5 s and refuses a negative wait, naming it", () => {
    const defaults = parseConfig({});
    expect(defaults.ok && defaults.config.sqliteBusyTimeoutMs).toBe(5_000);
    const set = parseConfig({ SQLITE_BUSY_TIMEOUT_MS: "250" });
    expect(set.ok && set.config.sqliteBusyTimeoutMs).toBe(250);
    const negative = parseConfig({ SQLITE_BUSY_TIMEOUT_MS: "-1" });
    expect(negative.ok ? null : negative.problems).toEqual([
      "SQLITE_BUSY_TIMEOUT_MS: Too small: expected number to be >=0",
    ]);
  });
});

describe("the settings of versions (issue 18)", () => {
  it("default to a 5-minute pause, 10,000 waiting documents and 500 versions a recommendation", () => {
    const defaults = parseConfig({});
    expect(
      defaults.ok && [
        defaults.config.versionPauseMs,
        defaults.config.maxPendingVersionTimers,
        defaults.config.maxVersionsPerRecommendation,
      ],
    ).toEqual([300_000, 10_000, 500]);
    const set = parseConfig({
      VERSION_PAUSE_MS: "60000",
      MAX_PENDING_VERSION_TIMERS: "50",
      MAX_VERSIONS_PER_RECOMMENDATION: "20",
    });
    expect(
      set.ok && [
        set.config.versionPauseMs,
        set.config.maxPendingVersionTimers,
        set.config.maxVersionsPerRecommendation,
      ],
    ).toEqual([60_000, 50, 20]);
  });

  it("refuses a pause under a second, no room to wait, or fewer than 10 versions, naming each", () => {
    const wrong = parseConfig({
      VERSION_PAUSE_MS: "10",
      MAX_PENDING_VERSION_TIMERS: "0",
      MAX_VERSIONS_PER_RECOMMENDATION: "3",
    });
    expect(wrong.ok ? null : wrong.problems).toEqual([
      "VERSION_PAUSE_MS: Too small: expected number to be >=1000",
      "MAX_PENDING_VERSION_TIMERS: Too small: expected number to be >=1",
      "MAX_VERSIONS_PER_RECOMMENDATION: Too small: expected number to be >=10",
    ]);
  });
});

describe("the settings of the claim check (issue 19)", () => {
  it("default to a 300 ms pause, 1 s longest wait, one worker, 20 kept report indexes of at most 50,000 passages", () => {
    const defaults = parseConfig({});
    expect(
      defaults.ok && [
        defaults.config.claimCheckDebounceMs,
        defaults.config.claimCheckMaxWaitMs,
        defaults.config.claimCheckWorkers,
        defaults.config.maxCachedReportIndexes,
        defaults.config.maxReportIndexPassages,
      ],
    ).toEqual([300, 1_000, 1, 20, 50_000]);
  });

  it("refuses a pause under 10 ms, a wait under 100 ms and no worker, naming each", () => {
    const wrong = parseConfig({
      CLAIM_CHECK_DEBOUNCE_MS: "5",
      CLAIM_CHECK_MAX_WAIT_MS: "50",
      CLAIM_CHECK_WORKERS: "0",
    });
    expect(wrong.ok ? null : wrong.problems).toEqual([
      "CLAIM_CHECK_DEBOUNCE_MS: Too small: expected number to be >=10",
      "CLAIM_CHECK_MAX_WAIT_MS: Too small: expected number to be >=100",
      "CLAIM_CHECK_WORKERS: Too small: expected number to be >=1",
    ]);
  });
});
