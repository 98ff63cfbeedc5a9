import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { openMongoDocumentLog } from "../../server/src/store/mongo/documentLog.js";
import { openMongoStore } from "../../server/src/store/mongo/MongoStore.js";
import { describeDocumentLogContract } from "./documentLog.contract.js";
import { dropMongoDatabase } from "../helpers/mongoDatabase.js";
import { describeStoreContract } from "./store.contract.js";

const url = process.env.MONGODB_URL;

if (url) {
  // One database per test, so each starts empty; all of this run's share a prefix.
  const runId = randomBytes(4).toString("hex");
  let testCount = 0;
  let dbName: string | null = null;

  const testDb = (): string => (dbName ??= `accord_contract_${runId}_${++testCount}`);
  const cleanup = async (): Promise<void> => {
    if (!dbName) return;
    try {
      await dropMongoDatabase(url, dbName);
    } finally {
      dbName = null;
    }
  };

  describeStoreContract("MongoDB", async (options) => openMongoStore({ url, dbName: testDb(), ...options }), cleanup);
  describeDocumentLogContract(
    "MongoDB",
    async (options) => openMongoDocumentLog({ url, dbName: testDb(), ...options }),
    cleanup,
  );
} else {
  console.warn("MongoDB contract suites (Store, DocumentLog) SKIPPED: MONGODB_URL is not set");
  for (const suite of ["Store", "DocumentLog"]) {
    describe.skip(`${suite} contract: MongoDB (skipped: MONGODB_URL not set)`, () => {
      it.skip("skipped: MONGODB_URL not set", () => {});
    });
  }
}
