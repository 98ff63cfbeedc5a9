import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "server/src/**/*.test.ts", "client/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/bench/**"],
    pool: "forks",
    // The linear-time suites collect garbage between samples (packages/evidence/src/testing/cpuTime.ts).
    execArgv: ["--expose-gc"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration and browser suites start servers and Chromium; two cores cannot run many at once.
    maxWorkers: 2,
  },
});
