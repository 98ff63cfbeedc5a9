import { MongoClient, type ClientSession } from "mongodb";
import { ensureIndexes, getCollections, type Collections } from "./collections.js";

/**
 * Runs `work` in one MongoDB transaction, again from the start when MongoDB says a concurrent
 * one won (a transient error): `work` must do nothing but its reads and writes with the session.
 * Needs a replica set (docker-compose starts a single-node one).
 */
export type InTransaction = <T>(work: (session: ClientSession) => Promise<T>) => Promise<T>;

export function transactionsOf(client: MongoClient): InTransaction {
  return (work) => client.withSession((session) => session.withTransaction(work));
}

/**
 * Connects with the write concern every write of the adapter relies on (a majority of the
 * replica set, after journaling: what makes a resolved append "durable before visible" even
 * across a failover), and makes sure the indexes exist. The client is closed again if that fails.
 */
export async function connectMongo(
  url: string,
  dbName: string,
): Promise<{ client: MongoClient; collections: Collections }> {
  const client = new MongoClient(url, { writeConcern: { w: "majority", journal: true } });
  await client.connect();
  try {
    const collections = getCollections(client.db(dbName));
    await ensureIndexes(collections);
    return { client, collections };
  } catch (error) {
    await client.close();
    throw error;
  }
}
