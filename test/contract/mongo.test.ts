import { randomBytes } from "node:crypto";
import { describe, it } from "vitest";
import { MongoClient } from "mongodb";
import { openMongoStore } from "../../server/src/store/mongo/MongoStore.js";
import { describeStoreContract } from "./store.contract.js";

const url = process.env.MONGODB_URL;

if (url) {
  // One database per test, so each starts empty; all of this run's share a prefix.
  const runId = randomBytes(4).toString("hex");
  let testCount = 0;
  let dbName: string | null = null;

  describeStoreContract(
    "MongoDB",
    async (options) => {
      dbName ??= `accord_contract_${runId}_${++testCount}`;
      return openMongoStore({ url, dbName, ...options });
    },
    async () => {
      if (!dbName) return;
      const client = new MongoClient(url);
      try {
        await client.connect();
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
        dbName = null;
      }
    },
  );
} else {
  console.warn("MongoDB contract suite SKIPPED: MONGODB_URL is not set");
  describe.skip("Store contract: MongoDB (skipped: MONGODB_URL not set)", () => {
    it.skip("skipped: MONGODB_URL not set", () => {});
  });
}
