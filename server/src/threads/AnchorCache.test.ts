import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AnchorCache } from "./AnchorCache.js";
import { threadAnchorResolver, type AnchorTarget } from "./anchors.js";

/** A body of paragraphs, as the editor writes it. */
function body(...paragraphs: string[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment("default").insert(
    0,
    paragraphs.map((text) => {
      const element = new Y.XmlElement("paragraph");
      element.insert(0, [new Y.XmlText(text)]);
      return element;
    }),
  );
  return doc;
}

function textOf(doc: Y.Doc, n: number): Y.XmlText {
  return (doc.getXmlFragment("default").get(n) as Y.XmlElement).get(0) as Y.XmlText;
}

function anchorOn(text: Y.XmlText, start: number, end: number): AnchorTarget {
  return {
    anchor: {
      from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, start, 0)),
      to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, end, -1)),
    },
    quote: text.toString().slice(start, end),
  };
}

/**
 * The documents by name, resolved as storedAnchors resolves an open room's: in the live doc,
 * in place. `reads` counts passes; `gate`, when set, holds each read until released.
 */
class Documents {
  readonly docs = new Map<string, Y.Doc>();
  reads = 0;
  gate: Promise<void> | null = null;

  resolve = async (docName: string, anchors: readonly AnchorTarget[]) => {
    this.reads++;
    if (this.gate) await this.gate;
    return anchors.map(threadAnchorResolver(this.docs.get(docName)!));
  };

  destroy(): void {
    for (const doc of this.docs.values()) doc.destroy();
  }
}

describe("AnchorCache", () => {
  let documents: Documents;
  afterEach(() => documents.destroy());

  it("[K1] answers from memory until the document changes, then reads the new body", async () => {
    documents = new Documents();
    const doc = body("alpha beta gamma delta");
    documents.docs.set("rec", doc);
    const cache = new AnchorCache({ resolve: documents.resolve });
    const anchor = anchorOn(textOf(doc, 0), 6, 16);

    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta gamma", offset: 7 }]);
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta gamma", offset: 7 }]);
    expect(documents.reads).toBe(1);

    textOf(doc, 0).insert(11, "NEW ");
    cache.invalidate("rec");
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta NEW gamma", offset: 7 }]);
    expect(documents.reads).toBe(2);
  });

  it("[K5] with a version, a change nobody announced (another process's) is read again, and an unknown version caches nothing", async () => {
    documents = new Documents();
    const doc = body("alpha beta gamma delta");
    documents.docs.set("rec", doc);
    let version: string | null = null;
    let versionFails = false;
    const cache = new AnchorCache({
      resolve: documents.resolve,
      version: async () => {
        if (versionFails) throw new Error("Redis is not connected");
        return version;
      },
    });
    const anchor = anchorOn(textOf(doc, 0), 6, 16);
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta gamma", offset: 7 }]);
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta gamma", offset: 7 }]);
    expect(documents.reads).toBe(1);

    // Stored and published elsewhere: no invalidate here, only the version moved.
    textOf(doc, 0).insert(11, "NEW ");
    version = "1";
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta NEW gamma", offset: 7 }]);
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta NEW gamma", offset: 7 }]);
    expect(documents.reads).toBe(2);

    versionFails = true;
    textOf(doc, 0).insert(0, "Then ");
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta NEW gamma", offset: 12 }]);
    expect(await cache.resolve("rec", [anchor])).toEqual([{ state: "attached", text: "beta NEW gamma", offset: 12 }]);
    expect(documents.reads).toBe(4);
  });

  it("[K1] a read running when its document changed answers its caller but keeps nothing", async () => {
    documents = new Documents();
    const doc = body("alpha beta gamma delta");
    documents.docs.set("rec", doc);
    const cache = new AnchorCache({ resolve: documents.resolve });
    const anchor = anchorOn(textOf(doc, 0), 6, 16);
    let release = () => {};
    documents.gate = new Promise((resolve) => (release = resolve));

    const first = cache.resolve("rec", [anchor]);
    cache.invalidate("rec"); // the change lands while the first read waits for its document
    release();
    expect(await first).toEqual([{ state: "attached", text: "beta gamma", offset: 7 }]);
    expect(cache.size).toEqual({ documents: 0, bytes: 0 });
    documents.gate = null;
    await cache.resolve("rec", [anchor]);
    expect(documents.reads).toBe(2);
    expect(cache.size.documents).toBe(1);
  });

  it("[K2] twenty concurrent reads of one document make one pass over it", async () => {
    documents = new Documents();
    const doc = body("first one", "second two", "third");
    documents.docs.set("rec", doc);
    const cache = new AnchorCache({ resolve: documents.resolve });
    const anchors = [anchorOn(textOf(doc, 0), 6, 9), anchorOn(textOf(doc, 1), 0, 6), anchorOn(textOf(doc, 2), 0, 5)];
    let release = () => {};
    documents.gate = new Promise((resolve) => (release = resolve));

    const all = Array.from({ length: 20 }, () => cache.resolve("rec", anchors));
    release();
    const answers = await Promise.all(all);
    expect(documents.reads).toBe(1);
    for (const answer of answers) {
      expect(answer).toEqual([
        { state: "attached", text: "one", offset: 7 },
        { state: "attached", text: "second", offset: 11 },
        { state: "attached", text: "third", offset: 22 },
      ]);
    }
  });

  it("[K2] a reader asking for an anchor the cache lacks reads again, and the earlier anchors stay", async () => {
    documents = new Documents();
    const doc = body("alpha beta gamma delta");
    documents.docs.set("rec", doc);
    const cache = new AnchorCache({ resolve: documents.resolve });
    const first = anchorOn(textOf(doc, 0), 0, 5);
    const second = anchorOn(textOf(doc, 0), 17, 22);
    await cache.resolve("rec", [first]);
    expect(await cache.resolve("rec", [first, second])).toEqual([
      { state: "attached", text: "alpha", offset: 1 },
      { state: "attached", text: "delta", offset: 18 },
    ]);
    await cache.resolve("rec", [second, first]);
    expect(documents.reads).toBe(2);
  });

  it("[K3] keeps at most maxDocuments, least recently used first out, and at most maxBytes", async () => {
    documents = new Documents();
    for (const name of ["a", "b", "c"]) documents.docs.set(name, body(`${name} text here`));
    const anchorFor = (name: string) => anchorOn(textOf(documents.docs.get(name)!, 0), 0, 6);
    const cache = new AnchorCache({ resolve: documents.resolve, maxDocuments: 2 });
    await cache.resolve("a", [anchorFor("a")]);
    await cache.resolve("b", [anchorFor("b")]);
    await cache.resolve("a", [anchorFor("a")]); // a is now the most recent
    await cache.resolve("c", [anchorFor("c")]); // b goes
    expect(documents.reads).toBe(3);
    await cache.resolve("a", [anchorFor("a")]);
    expect(documents.reads).toBe(3);
    await cache.resolve("b", [anchorFor("b")]);
    expect(documents.reads).toBe(4);
    expect(cache.size.documents).toBe(2);

    // A budget smaller than one document's anchors: answered, never kept.
    const tiny = new AnchorCache({ resolve: documents.resolve, maxBytes: 100 });
    expect(await tiny.resolve("a", [anchorFor("a")])).toEqual([{ state: "attached", text: "a text", offset: 1 }]);
    expect(tiny.size).toEqual({ documents: 0, bytes: 0 });
  });
});
