import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
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
  close(): Promise<void>;
}

export function makeTempDir(prefix = "accord-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The real server (REST, document socket, socket.io) on port 0 over a real SQLite file. */
export async function startServer(
  overrides: Partial<ServerConfig> = {},
  options: { logger?: Logger } = {},
): Promise<TestServer> {
  const dataDir = makeTempDir();
  const store = openSqliteStore({ file: path.join(dataDir, "accord.db") });
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
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
  });
  const { port, url } = await server.listen();
  return {
    url,
    port,
    dataDir,
    store,
    server,
    close: async () => {
      await server.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
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
