import { skippedUnless } from "../../../test/helpers/skipped.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../test/helpers/eventually.js";
import { freePort, redisServerMissing, startRedis, type TestRedis } from "../../../test/helpers/redisServer.js";
import { createLogger } from "../logger.js";
import { connectRedis, RedisUnreachableError, redactedRedisUrl } from "./redis.js";

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED server/src/cluster/redis.test.ts: ${missing}`);

describe.skipIf(missing !== null)(skippedUnless("the Redis link of multi-process mode", missing), () => {
  let redis: TestRedis;
  const logger = createLogger("silent");
  beforeAll(async () => {
    redis = await startRedis({ password: "s3cret pass" });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("connects with the password in REDIS_URL, and a wrong password fails naming REDIS_URL without the password", async () => {
    const link = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    expect(await link.command.ping()).toBe("PONG");
    await link.close();
    const wrong = redis.url.replace("s3cret%20pass", "wrong-one");
    const failure = await connectRedis(wrong, { logger, connectTimeoutMs: 5_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedisUnreachableError);
    expect(String((failure as Error).message)).toMatch(
      /^Redis at REDIS_URL \(redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\) is unreachable: /,
    );
    expect(String((failure as Error).message)).not.toContain("wrong-one");
  });

  it("nothing listening: fails within the connect timeout naming REDIS_URL", async () => {
    const port = await freePort();
    const started = Date.now();
    const failure = await connectRedis(`redis://127.0.0.1:${port}`, { logger, connectTimeoutMs: 1_000 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RedisUnreachableError);
    expect((failure as Error).message).toContain(`REDIS_URL (redis://127.0.0.1:${port})`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a lost connection and its return", async () => {
    const link = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    const seen: string[] = [];
    link.onLost(() => seen.push("lost"));
    link.onRestored(() => seen.push("restored"));
    await redis.kill();
    await eventually(() => expect(seen).toEqual(["lost"]));
    expect(link.isUp).toBe(false);
    await redis.restart();
    await eventually(() => expect(seen).toEqual(["lost", "restored"]), { timeoutMs: 10_000 });
    expect(link.isUp).toBe(true);
    expect(await link.command.ping()).toBe("PONG");
    // Closed on purpose: not a loss.
    await link.close();
    await eventually(() => link.command.status === "end" && link.subscriber.status === "end");
    expect(seen).toEqual(["lost", "restored"]);
  });

  it("redacts the password of a URL it logs", () => {
    expect(redactedRedisUrl("rediss://user:pw@cache.example:6380/2")).toBe("rediss://user:***@cache.example:6380/2");
    expect(redactedRedisUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
});
