import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openSqliteDocumentLog } from "../../server/src/store/sqlite/documentLog.js";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import { describeDocumentLogContract } from "./documentLog.contract.js";
import { describeStoreContract } from "./store.contract.js";

let dir: string | null = null;

/** The current test's database file, in a folder made on first use. */
function testFile(): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "accord-store-"));
  // A subfolder that does not exist yet: the adapter must create it.
  return path.join(dir, "data", "accord.db");
}

async function cleanup(): Promise<void> {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
}

describeStoreContract("SQLite", async (options) => openSqliteStore({ file: testFile(), ...options }), cleanup);
describeDocumentLogContract(
  "SQLite",
  async (options) => openSqliteDocumentLog({ file: testFile(), ...options }),
  cleanup,
);
