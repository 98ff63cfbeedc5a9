import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createLogger } from "../logger.js";
import { WorkerPool } from "../workers/WorkerPool.js";
import { threadAnchorResolver, type AnchorTarget } from "./anchors.js";
import type { AnchorAnswer, AnchorRequest } from "./anchorWorker.js";
import { storedAnchors } from "./storedAnchors.js";

/** A body of paragraphs and its anchors on each paragraph's first word. */
function bodyWithAnchors(paragraphs: string[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  fragment.insert(
    0,
    paragraphs.map((text) => {
      const element = new Y.XmlElement("paragraph");
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    }),
  );
  const anchors: AnchorTarget[] = paragraphs.map((text, n) => {
    const node = (fragment.get(n) as Y.XmlElement).get(0) as Y.XmlText;
    return {
      anchor: {
        from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(node, 0, 0)),
        to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(node, text.indexOf(" "), -1)),
      },
      quote: text.slice(0, text.indexOf(" ")),
    };
  });
  return { doc, anchors };
}

describe("storedAnchors", () => {
  const pools: Array<WorkerPool<AnchorRequest, AnchorAnswer>> = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  function workers() {
    const pool = new WorkerPool<AnchorRequest, AnchorAnswer>({
      entry: new URL("./anchorWorker.ts", import.meta.url),
      what: "thread anchors",
      size: 1,
      logger: createLogger("silent"),
    });
    pools.push(pool);
    return pool;
  }

  it("[K1] a body no room holds is resolved from its stored bytes on a worker, exactly as in the applied document", async () => {
    const { doc, anchors } = bodyWithAnchors(["alpha beta", "gamma delta", "epsilon zeta"]);
    doc.getXmlFragment("default").delete(1, 1); // the second paragraph's thread detaches
    // Stored as a room stores it: a snapshot and a log of updates after it.
    const snapshot = Y.encodeStateAsUpdate(doc);
    const later = new Y.Doc();
    Y.applyUpdate(later, snapshot);
    const before = Y.encodeStateVector(later);
    ((later.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "new ");
    const update = Y.encodeStateAsUpdate(later, before);
    let roomReads = 0;
    const resolve = storedAnchors({
      hasRoom: () => false,
      readStored: async () => {
        roomReads++;
        throw new Error("no room is open");
      },
      loadDocument: async () => ({ snapshot, updates: [update] }),
      workers: workers(),
    });
    const results = await resolve("rec", anchors);
    expect(results).toEqual(anchors.map(threadAnchorResolver(later)));
    expect(results).toEqual([
      { state: "attached", text: "alpha", offset: 5 }, // "new " went in before the range (A2)
      { state: "detached" },
      { state: "attached", text: "epsilon", offset: 16 },
    ]);
    expect(roomReads).toBe(0);
    doc.destroy();
    later.destroy();
  }, 60_000);

  it("[K1] an open room's document is read in place, without the store or a worker", async () => {
    const { doc, anchors } = bodyWithAnchors(["alpha beta"]);
    const resolve = storedAnchors({
      hasRoom: () => true,
      readStored: async (_docName, read) => read(doc),
      loadDocument: async () => {
        throw new Error("the store is not read for an open room");
      },
      workers: workers(),
    });
    expect(await resolve("rec", anchors)).toEqual([{ state: "attached", text: "alpha", offset: 1 }]);
    doc.destroy();
  });
});
