import { join } from "node:path";
import { openSqliteStore } from "./sqlite/SqliteStore.js";
import type { Store } from "./Store.js";

export type { LogStats, Store, StoredDocument } from "./Store.js";
export type * from "./reports.js";

export interface OpenStoreOptions {
  /** When set, MongoDB holds the data; otherwise an SQLite file under `dataDir`. */
  mongodbUrl?: string | undefined;
  mongodbDb: string;
  dataDir: string;
  sqliteSynchronous: "NORMAL" | "FULL";
  /** SQLite only: how long a write waits for another process's lock. @default 5000 */
  sqliteBusyTimeoutMs?: number;
  /** SQLite only: its background WAL checkpoints failed and went back to the main thread. */
  onCheckpointerError?: (error: Error) => void;
}

/** Opens the store the configuration asks for. Called once, by the composition root. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.mongodbUrl) {
    // Loaded on demand: an SQLite deployment never loads the MongoDB driver.
    const { openMongoStore } = await import("./mongo/MongoStore.js");
    return openMongoStore({ url: options.mongodbUrl, dbName: options.mongodbDb });
  }
  return openSqliteStore({
    file: join(options.dataDir, "accord.db"),
    synchronous: options.sqliteSynchronous,
    busyTimeoutMs: options.sqliteBusyTimeoutMs,
    onCheckpointerError: options.onCheckpointerError,
  });
}
