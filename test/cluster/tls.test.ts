import { skippedUnless } from "../helpers/skipped.js";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslMissing, redisServerMissing, startRedis, type TestRedis } from "../helpers/redisServer.js";
import { spawnServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";

/**
 * `rediss://` in REDIS_URL (issue 17): the real server, started as `npm run serve` starts it,
 * against a real redis-server that speaks only TLS with a certificate from a test CA.
 */

const missing = redisServerMissing() ?? opensslMissing();
if (missing) console.warn(`SKIPPED test/cluster/tls.test.ts: ${missing}`);

describe.skipIf(missing !== null)(skippedUnless("REDIS_URL over TLS", missing), () => {
  let redis: TestRedis;
  const dirs: string[] = [];
  beforeAll(async () => {
    redis = await startRedis({ password: "tls pass", tls: true });
  });
  afterAll(async () => {
    await redis?.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = makeTempDir("accord-tls-");
    dirs.push(dir);
    return dir;
  };

  it("rediss:// connects when the server's certificate is trusted, and the process serves", async () => {
    expect(redis.url).toMatch(/^rediss:\/\//);
    const server = await spawnServer({
      REDIS_URL: redis.url,
      NODE_EXTRA_CA_CERTS: redis.caFile!,
      DATA_DIR: dataDir(),
    });
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect([health.status, await health.json()]).toEqual([200, { ok: true, store: "sqlite" }]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("an untrusted certificate stops the start, naming REDIS_URL without its password", async () => {
    const failure = await spawnServer({
      REDIS_URL: redis.url,
      REDIS_CONNECT_TIMEOUT_MS: "3000",
      DATA_DIR: dataDir(),
    }).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(
      `Accord cannot start: Redis at REDIS_URL (rediss://:***@127.0.0.1:${redis.port}) is unreachable:`,
    );
    expect(message).not.toContain("tls pass");
    expect(message).not.toContain("tls%20pass");
  });
});
