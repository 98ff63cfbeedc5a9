import fs from "node:fs";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ServerConfig } from "../../server/src/server.js";
import { startRedis, type TestRedis } from "./redisServer.js";
import { makeTempDir, startServer, type TestServer } from "./startServer.js";

export interface TwoProcesses {
  redis: TestRedis;
  one: TestServer;
  two: TestServer;
}

/**
 * For the enclosing describe block: a real redis-server and two servers as two processes would
 * run them (each its own store connection to one data directory's SQLite file and its own Redis
 * link), started before its tests and stopped after. `cleanups` run after each test.
 */
export function useTwoProcesses(
  prefix: string,
  overrides: Partial<ServerConfig> = {},
): { started: () => TwoProcesses; cleanups: (() => void)[] } {
  const cleanups: (() => void)[] = [];
  let dataDir: string | undefined;
  let redis: TestRedis | undefined;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = makeTempDir(prefix);
    for (let i = 0; i < 2; i++) servers.push(await startServer(overrides, { dataDir, redisUrl: redis.url }));
  });
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  afterAll(async () => {
    for (const server of servers.splice(0).reverse()) await server.close();
    await redis?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    started: () => {
      if (!redis || servers.length < 2) throw new Error("useTwoProcesses: not started yet (use it inside a test)");
      return { redis, one: servers[0]!, two: servers[1]! };
    },
    cleanups,
  };
}
