import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { connectRedis, type RedisLink } from "../../server/src/cluster/redis.js";
import { createLogger, type Logger } from "../../server/src/logger.js";
import { createAccordServer, type AccordServer, type ServerConfig } from "../../server/src/server.js";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import type { Store } from "../../server/src/store/Store.js";

export const CLIENT_DIST = path.resolve(import.meta.dirname, "../../client/dist");

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  store: Store;
  server: AccordServer;
  /** Its Redis link, when started with `redisUrl` (multi-process mode). */
  link: RedisLink | null;
  close(): Promise<void>;
}

export function makeTempDir(prefix = "accord-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The real server (REST, document socket, socket.io) on port 0 over a real SQLite file: its own
 * (removed on close), or, as one of several processes would, the one in a shared `dataDir` with
 * its own store connection and its own link to the Redis at `redisUrl`.
 */
export async function startServer(
  overrides: Partial<ServerConfig> = {},
  options: { logger?: Logger; dataDir?: string; redisUrl?: string } = {},
): Promise<TestServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir();
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const store = openSqliteStore({ file: path.join(dataDir, "accord.db") });
  const link =
    options.redisUrl === undefined ? null : await connectRedis(options.redisUrl, { logger, connectTimeoutMs: 5_000 });
  const server = createAccordServer({
    config: {
      port: 0,
      host: "127.0.0.1",
      publicUrl: "",
      publicUrlFromPort: true,
      maxFrameBytes: 8 * 1024 * 1024,
      maxUploadBytes: 25 * 1024 * 1024,
      compactAfterUpdates: 500,
      compactAfterBytes: 1024 * 1024,
      sessionTtlMs: 3_600_000,
      loginRateLimit: 1000,
      clientDist: CLIENT_DIST,
      trustProxy: false,
      ...overrides,
    },
    store,
    logger,
    ...(link ? { redis: link } : {}),
  });
  const { port, url } = await server.listen();
  return {
    url,
    port,
    dataDir,
    store,
    server,
    link,
    close: async () => {
      await server.close();
      await link?.close();
      await store.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts one server for the enclosing describe block and stops it after. */
export function useServer(overrides: Partial<ServerConfig> = {}): () => TestServer {
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startServer(overrides);
  });
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error("useServer: the server is not started yet (use it inside a test)");
    return current;
  };
}
