import { MongoClient } from "mongodb";

/** Drops a test's MongoDB database with a client of its own (the store under test may be closed already). */
export async function dropMongoDatabase(url: string, dbName: string): Promise<void> {
  const client = new MongoClient(url);
  try {
    await client.connect();
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}
