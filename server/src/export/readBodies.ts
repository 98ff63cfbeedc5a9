import type { BodyReader } from "@accord/editor";
import type { DocumentAccess } from "../commands/context.js";

type ProseMirrorNode = ReturnType<BodyReader["read"]>;

/** How many stored documents an export reads at once: enough to overlap I/O, few enough to bound memory. */
const READ_CONCURRENCY = 8;

/**
 * The bodies as stored (an open room stores what it accepted first), read with the
 * editor's schema. Never what a client reported: the export is what the server holds.
 */
export async function readBodies(documents: DocumentAccess, reader: BodyReader, recommendationIds: readonly string[]): Promise<Map<string, ProseMirrorNode>> {
  const bodies = new Map<string, ProseMirrorNode>();
  let next = 0;
  const worker = async () => {
    while (next < recommendationIds.length) {
      const id = recommendationIds[next++]!;
      // An open room's own document is read in place: no copy of a body someone is editing.
      bodies.set(id, await documents.readAccepted(id, (doc) => reader.read(doc)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, recommendationIds.length) }, worker));
  return bodies;
}
