import { Binary, MongoServerError, type ClientSession, type ObjectId } from "mongodb";
import { copyBytes, DEFAULT_SNAPSHOT_CHUNK_BYTES, joinChunks, splitIntoChunks } from "../chunks.js";
import type { DocumentLog, LogStats, StandaloneDocumentLog, StoredDocument } from "../DocumentLog.js";
import { newId } from "../ids.js";
import type { Collections, SnapshotHeadDoc } from "./collections.js";
import { connectMongo } from "./connect.js";

/**
 * The document half of the MongoDB adapter: the `DocumentLog` port, plus deletion. It does
 * not use transactions: every step below leaves a loadable document on its own, so a crash
 * (or a standalone server) between any two writes loses nothing. Only deletion joins one,
 * when the store deletes a recommendation with its document (MongoStore.ts).
 *
 * Log: each appendUpdates reserves a block of `seq` numbers from `counters` with
 * one atomic $inc and inserts its updates with those numbers. A counter, not
 * ObjectId order: ObjectIds from different app nodes are not ordered within a
 * second. Two appends racing may insert out of seq order; that is harmless (Yjs
 * applies updates in any order), and compaction never deletes by seq range for
 * exactly that reason: it deletes the `_id`s it read and merged, nothing else.
 *
 * Compaction, step by step, and what a crash after each step leaves:
 *  1. read the head (current version), its chunks, the updates;
 *  2. write the new version's chunks           → unreferenced chunks, swept later;
 *  3. move the head to the new version, only if it still names the version we
 *     read (compare-and-swap; a concurrent compaction that won makes us drop ours)
 *                                              → new snapshot + updates it already
 *                                                contains: re-applying is harmless;
 *  4. delete the old version's chunks, then the merged updates.
 *
 * Loading reads head, chunks, updates, then the head again, and retries if the
 * head moved meanwhile: otherwise it could pair an old snapshot with a log that a
 * compaction already trimmed.
 */
export interface MongoDocumentLog extends DocumentLog {
  /** Deletes the document's head, chunks, updates and counter; in `session`'s transaction when given. */
  deleteDocument(docName: string, session?: ClientSession): Promise<void>;
}

const LOAD_ATTEMPTS = 5;
/** Chunks not referenced by the head and older than this were left by a crash. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;
/** Keeps a `$in` of merged update ids well under the 16 MB command limit. */
const DELETE_BATCH = 10_000;

export function createMongoDocumentLog(c: Collections, chunkBytes: number): MongoDocumentLog {
  const stats = async (docName: string): Promise<LogStats> => {
    const [row] = await c.updates
      .aggregate<{ count: number; bytes: number }>([
        { $match: { docName } },
        { $group: { _id: null, count: { $sum: 1 }, bytes: { $sum: "$bytes" } } },
      ])
      .toArray();
    return { updateCount: row?.count ?? 0, updateBytes: row?.bytes ?? 0 };
  };

  const readChunks = async (head: SnapshotHeadDoc): Promise<Uint8Array[]> => {
    const chunks = await c.snapshotChunks
      .find({ docName: head._id, version: head.version })
      .sort({ index: 1 })
      .toArray();
    return chunks.map((chunk) => chunk.data.value());
  };

  const readUpdates = (docName: string) =>
    c.updates
      .find({ docName })
      .sort({ seq: 1, _id: 1 })
      .project<{ _id: ObjectId; data: Binary }>({ data: 1 })
      .toArray();

  /** One consistent view of the head, its snapshot and the log (see "Loading" above). */
  const readConsistent = async (docName: string) => {
    for (let attempt = 0; attempt < LOAD_ATTEMPTS; attempt += 1) {
      const head = await c.snapshotHeads.findOne({ _id: docName });
      const chunks = head ? await readChunks(head) : [];
      const updates = await readUpdates(docName);
      const after = await c.snapshotHeads.findOne({ _id: docName }, { projection: { version: 1 } });
      if ((head?.version ?? null) !== (after?.version ?? null)) continue; // a compaction finished: read again
      if (head && chunks.length !== head.chunkCount) {
        throw new Error(
          `Snapshot of document ${docName} is incomplete: ${chunks.length} of ${head.chunkCount} chunks of version ${head.version}.`,
        );
      }
      return {
        head,
        snapshot: head ? joinChunks(chunks) : null,
        updates: updates.map((update) => ({ _id: update._id, data: copyBytes(update.data.value()) })),
      };
    }
    throw new Error(`Document ${docName} kept being compacted while it was read (${LOAD_ATTEMPTS} attempts).`);
  };

  const load = async (docName: string): Promise<StoredDocument> => {
    const { snapshot, updates } = await readConsistent(docName);
    return { snapshot, updates: updates.map((update) => update.data) };
  };

  const append = async (docName: string, updates: readonly Uint8Array[]): Promise<LogStats> => {
    if (updates.length > 0) {
      const counter = await c.counters.findOneAndUpdate(
        { _id: docName },
        { $inc: { seq: updates.length } },
        { upsert: true, returnDocument: "after" },
      );
      const first = counter!.seq - updates.length + 1;
      // One insertMany, acknowledged by a majority with journaling (the client's
      // write concern): when it resolves, the whole group is durable.
      await c.updates.insertMany(
        updates.map((update, i) => ({
          docName,
          seq: first + i,
          data: new Binary(update),
          bytes: update.byteLength,
        })),
        { ordered: true },
      );
    }
    return stats(docName);
  };

  const compact = async (docName: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<LogStats> => {
    const stored = await readConsistent(docName);
    if (stored.updates.length === 0) return stats(docName);
    const parts = stored.updates.map((update) => update.data);
    if (stored.snapshot) parts.unshift(stored.snapshot);
    const merged = merge(parts);

    const version = newId();
    const createdAt = new Date();
    const chunks = splitIntoChunks(merged, chunkBytes);
    await c.snapshotChunks.insertMany(
      chunks.map((chunk, index) => ({ docName, version, index, data: new Binary(chunk), createdAt })),
      { ordered: true },
    );

    if (!(await swapHead(docName, stored.head?.version ?? null, version, chunks.length))) {
      // Another compaction moved the head first: ours is redundant, its updates stay.
      await c.snapshotChunks.deleteMany({ docName, version });
      return stats(docName);
    }

    if (stored.head) await c.snapshotChunks.deleteMany({ docName, version: stored.head.version });
    await c.snapshotChunks.deleteMany({
      docName,
      version: { $ne: version },
      createdAt: { $lt: new Date(createdAt.getTime() - ORPHAN_AGE_MS) },
    });
    const ids = stored.updates.map((update) => update._id);
    for (let i = 0; i < ids.length; i += DELETE_BATCH) {
      await c.updates.deleteMany({ _id: { $in: ids.slice(i, i + DELETE_BATCH) } });
    }
    return stats(docName);
  };

  /** Compare-and-swap of the head; false when another writer changed it since we read `from`. */
  const swapHead = async (docName: string, from: string | null, to: string, chunkCount: number): Promise<boolean> => {
    if (from === null) {
      try {
        await c.snapshotHeads.insertOne({ _id: docName, version: to, chunkCount, updatedAt: new Date() });
        return true;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === 11000) return false;
        throw error;
      }
    }
    const result = await c.snapshotHeads.updateOne(
      { _id: docName, version: from },
      { $set: { version: to, chunkCount, updatedAt: new Date() } },
    );
    return result.matchedCount === 1;
  };

  const deleteDocument = async (docName: string, session?: ClientSession): Promise<void> => {
    // Head first: from then on a load no longer sees a half-deleted snapshot (outside a transaction).
    await c.snapshotHeads.deleteOne({ _id: docName }, { session });
    await c.snapshotChunks.deleteMany({ docName }, { session });
    await c.updates.deleteMany({ docName }, { session });
    await c.counters.deleteOne({ _id: docName }, { session });
  };

  return { loadDocument: load, appendUpdates: append, compactDocument: compact, documentStats: stats, deleteDocument };
}

/** A document log with a client of its own, without the rest of the store. */
export async function openMongoDocumentLog(options: {
  url: string;
  dbName: string;
  /** @default 8 MiB */
  snapshotChunkBytes?: number;
}): Promise<StandaloneDocumentLog> {
  const { client, collections } = await connectMongo(options.url, options.dbName);
  const log = createMongoDocumentLog(collections, options.snapshotChunkBytes ?? DEFAULT_SNAPSHOT_CHUNK_BYTES);
  return { ...log, close: () => client.close() };
}
