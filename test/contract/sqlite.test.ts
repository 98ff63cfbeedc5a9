import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import { describeStoreContract } from "./store.contract.js";

let dir: string | null = null;

describeStoreContract(
  "SQLite",
  async (options) => {
    dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "accord-store-"));
    // A subfolder that does not exist yet: the adapter must create it.
    return openSqliteStore({ file: path.join(dir, "data", "accord.db"), ...options });
  },
  async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = null;
  },
);
