import { createInterface } from "node:readline";
import * as Y from "yjs";
import { mergeStoredParts } from "../../../collab/storedDocument.js";
import type { Store } from "../../Store.js";
import { openSqliteStore } from "../SqliteStore.js";

/**
 * One of several processes sharing one SQLite file, for sharedFile.test.ts: run as
 * `node --import tsx sharedFileProcess.ts <file> <workload as JSON>`. It loads its modules,
 * prints `{"ready":true}` and waits for a line on stdin, so that the test starts every process's
 * work at the same moment; then it runs the workload and prints `{"done":…}` or `{"failed":…}`.
 */
export type SharedFileWorkload =
  /** Opens (and so creates and migrates) the file. */
  | { kind: "open" }
  /** Creates `count` sectors in the brief, one after another. */
  | { kind: "sectors"; briefId: string; count: number }
  /**
   * Appends `count` one-character Yjs updates of its own client to the document, and compacts it
   * every `compactEvery` appends, as a room and its compactor do.
   */
  | { kind: "type"; docName: string; count: number; compactEvery: number; letter: string };

export type SharedFileResult =
  | { kind: "open" }
  | { kind: "sectors"; positions: number[] }
  | { kind: "type"; clientId: number; compactions: number };

async function run(store: Store, workload: SharedFileWorkload): Promise<SharedFileResult> {
  switch (workload.kind) {
    case "open":
      return { kind: "open" };
    case "sectors": {
      const positions: number[] = [];
      for (let i = 0; i < workload.count; i++) {
        const sector = await store.createSector({ briefId: workload.briefId, name: `S${i}`, description: "" });
        positions.push(sector.position);
      }
      return { kind: "sectors", positions };
    }
    case "type": {
      const doc = new Y.Doc();
      const text = doc.getText("body");
      let compactions = 0;
      for (let i = 0; i < workload.count; i++) {
        const before = Y.encodeStateVector(doc);
        text.insert(text.length, workload.letter);
        await store.appendUpdates(workload.docName, [Y.encodeStateAsUpdate(doc, before)]);
        if ((i + 1) % workload.compactEvery === 0) {
          await store.compactDocument(workload.docName, (parts) =>
            mergeStoredParts(parts, (index, error) => {
              throw new Error(`stored part ${index} does not apply: ${String(error)}`);
            }),
          );
          compactions++;
        }
      }
      const clientId = doc.clientID;
      doc.destroy();
      return { kind: "type", clientId, compactions };
    }
  }
}

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  if (!file || !json) throw new Error("usage: sharedFileProcess.ts <file> <workload JSON>");
  const workload = JSON.parse(json) as SharedFileWorkload;
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once("line", () => resolve()));
  let store: Store | undefined;
  // The background checkpoints of several processes on one file must not fail either.
  let checkpointerError: Error | undefined;
  const open = async () => {
    store = openSqliteStore({ file, onCheckpointerError: (error) => (checkpointerError = error) });
    await store.ready();
    return store;
  };
  try {
    // Opening is the work of "open"; the others open first, so that their work overlaps.
    const opened = workload.kind === "open" ? undefined : await open();
    console.log(JSON.stringify({ ready: true }));
    await go;
    const result = await run(opened ?? (await open()), workload);
    if (checkpointerError) throw new Error(`the checkpoint worker failed: ${checkpointerError.message}`);
    console.log(JSON.stringify({ done: result }));
  } catch (error) {
    console.log(JSON.stringify({ failed: error instanceof Error ? error.message : String(error) }));
  } finally {
    await store?.close();
    // Open until here: the store's checkpoint worker keeps no process alive while it starts.
    lines.close();
    process.stdin.destroy();
  }
}

void main();
