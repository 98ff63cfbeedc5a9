/**
 * Snapshot chunking, shared by both adapters. MongoDB refuses documents over 16 MB,
 * so a snapshot is stored as pieces of at most `chunkBytes` (8 MiB by default: half
 * the limit leaves room for the other fields and BSON overhead).
 */
export const DEFAULT_SNAPSHOT_CHUNK_BYTES = 8 * 1024 * 1024;

export function splitIntoChunks(data: Uint8Array, chunkBytes: number): Uint8Array[] {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  // An empty snapshot is still one (empty) chunk: "no snapshot" and "an empty one" differ.
  if (data.byteLength === 0) return [data];
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < data.byteLength; offset += chunkBytes) {
    chunks.push(data.subarray(offset, offset + chunkBytes));
  }
  return chunks;
}

export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return copyBytes(chunks[0]!);
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/**
 * A plain Uint8Array owning its bytes: drivers hand out Buffers that may be views
 * into a shared pool, and callers compare and keep what we return.
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
