import type { Options } from "express-rate-limit";
import type { Redis } from "ioredis";
import { RedisStore, type RedisReply } from "rate-limit-redis";
import type { Logger } from "../../logger.js";

/**
 * Where the login and signup limiters keep their counts. One process: each limiter's own memory
 * (express-rate-limit's default). Several: Redis, so that an attacker spreading attempts over
 * the processes behind a load balancer meets the same limit as against one.
 */
export interface RateLimitStores {
  /** Options for one limiter; `name` is unique per limiter (a store serves one limiter only). */
  forLimiter(name: string): Partial<Options>;
}

export const memoryRateLimitStores: RateLimitStores = { forLimiter: () => ({}) };

/**
 * Counts in Redis under `accord:rl:<name>:<key>`, expiring with their window. If Redis does not
 * answer, the request is let through (and logged) rather than refused: an outage must not lock
 * everyone out of logging in, and it lasts only until Redis is back.
 */
export function redisRateLimitStores(redis: Redis, logger: Logger): RateLimitStores {
  return {
    forLimiter: (name) => ({
      store: new RedisStore({
        sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
        prefix: `accord:rl:${name}:`,
      }),
      passOnStoreError: true,
      logger: {
        error: (error) => logger.warn({ err: error, limiter: name }, "rate limit not counted: Redis did not answer"),
        warn: (error) => logger.warn({ err: error, limiter: name }, "rate limit warning"),
      },
    }),
  };
}
