import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dropMongoDatabase } from "../helpers/mongoDatabase.js";
import { createLogger } from "../../server/src/logger.js";
import { createAccordServer, type AccordServer } from "../../server/src/server.js";
import { openMongoStore } from "../../server/src/store/mongo/MongoStore.js";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import type { Store } from "../../server/src/store/Store.js";
import { CLIENT_DIST, makeTempDir } from "../helpers/startServer.js";

export type StoreKind = "sqlite" | "mongodb";

export interface ServerOnStore {
  url: string;
  store: Store;
  server: AccordServer;
  close(): Promise<void>;
}

/**
 * The real server, as test/helpers/startServer.ts builds it, over the store of your choice:
 * a fresh SQLite file, or a fresh MongoDB database (named for this run, dropped on close)
 * on MONGODB_URL. For suites whose claims depend on the store (what an operator object
 * would do to a query).
 */
export async function startServerOn(kind: StoreKind): Promise<ServerOnStore> {
  let store: Store;
  let dispose: () => Promise<void>;
  if (kind === "mongodb") {
    const url = process.env.MONGODB_URL;
    if (!url) throw new Error('startServerOn("mongodb") needs MONGODB_URL');
    const dbName = `accord_reliability_${randomBytes(4).toString("hex")}`;
    store = await openMongoStore({ url, dbName });
    dispose = () => dropMongoDatabase(url, dbName);
  } else {
    const dataDir = makeTempDir("accord-reliability-");
    store = openSqliteStore({ file: path.join(dataDir, "accord.db") });
    dispose = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  }
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
    },
    store,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
  });
  const { url } = await server.listen();
  return {
    url,
    store,
    server,
    close: async () => {
      await server.close();
      await store.close();
      await dispose();
    },
  };
}
