import { Redis } from "ioredis";
import type { Logger } from "../logger.js";

/**
 * The Redis connections of one Accord process in multi-process mode (`REDIS_URL`): one for
 * commands and publishing, one in subscriber mode (a subscribed connection can run no other
 * command). Both reconnect by themselves; `onLost`/`onRestored` tell the parts that must
 * react (document rooms resynchronise from the store, SPEC M-rules in cluster/SPEC.md).
 */
export interface RedisLink {
  /** Commands, Lua scripts and PUBLISH. */
  readonly command: Redis;
  /** SUBSCRIBE/PSUBSCRIBE only. */
  readonly subscriber: Redis;
  /** Both connections ready. */
  readonly isUp: boolean;
  /** Called each time either connection drops after having been ready. */
  onLost(listener: () => void): void;
  /** Called each time both connections are ready again after a loss. */
  onRestored(listener: () => void): void;
  /** Quits both connections. Idempotent. */
  close(): Promise<void>;
}

export class RedisUnreachableError extends Error {
  constructor(url: string, reason: string) {
    super(`Redis at REDIS_URL (${redactedRedisUrl(url)}) is unreachable: ${reason}`);
    this.name = "RedisUnreachableError";
  }
}

/** `url` with its password replaced, for logs and errors (secrets are never logged). */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

/**
 * Connects both connections, or fails with RedisUnreachableError within `connectTimeoutMs`.
 * `rediss://` connects over TLS (ioredis reads the scheme).
 */
export async function connectRedis(
  url: string,
  { logger, connectTimeoutMs }: { logger: Logger; connectTimeoutMs: number },
): Promise<RedisLink> {
  const options = {
    lazyConnect: true,
    // Commands issued while disconnected fail at once rather than queue without bound: callers
    // treat a failed publish as a lost connection (the rooms resynchronise on restore).
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 6), 2_000),
  };
  const command = new Redis(url, { ...options, connectionName: "accord-command" });
  const subscriber = new Redis(url, { ...options, connectionName: "accord-subscriber" });
  // ioredis emits "error" for every failed attempt; without a listener Node throws.
  const log = redactedRedisUrl(url);
  let up = false;
  // Set once the first connection succeeded: "ready" before that is the start, not a restore.
  let started = false;
  // Set by close(): a connection closed on purpose is not lost.
  let closing: Promise<void> | null = null;
  const lost: (() => void)[] = [];
  const restored: (() => void)[] = [];
  for (const connection of [command, subscriber]) {
    connection.on("error", (error: Error) => {
      if (up) logger.warn({ err: error, redis: log }, "Redis connection error");
    });
    connection.on("close", () => {
      if (!up || closing !== null) return;
      up = false;
      logger.error({ redis: log }, "Redis connection lost: document rooms close until it is back");
      for (const listener of lost) listener();
    });
    connection.on("ready", () => {
      if (!started || up || command.status !== "ready" || subscriber.status !== "ready") return;
      up = true;
      logger.info({ redis: log }, "Redis connection restored");
      for (const listener of restored) listener();
    });
  }
  const deadline = new Promise<never>((_, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([Promise.all([command.connect(), subscriber.connect()]), deadline]);
    await Promise.race([command.ping(), deadline]);
  } catch (error) {
    command.disconnect();
    subscriber.disconnect();
    throw new RedisUnreachableError(url, error instanceof Error ? error.message : String(error));
  }
  up = true;
  started = true;
  return {
    command,
    subscriber,
    get isUp() {
      return up;
    },
    onLost: (listener) => lost.push(listener),
    onRestored: (listener) => restored.push(listener),
    close() {
      closing ??= (async () => {
        lost.length = 0;
        restored.length = 0;
        await Promise.allSettled([command.quit(), subscriber.quit()]);
      })();
      return closing;
    },
  };
}
