import { describe, expect, it } from "vitest";
import { indexAfterUse, MAX_LOCAL_DOCUMENTS, type IndexEntry } from "./localDocuments";

/** `count` copies used at times 1..count, named doc-1..doc-count, with nothing unsent unless listed. */
function copies(count: number, unsent: Record<number, number> = {}): IndexEntry[] {
  return Array.from({ length: count }, (_, i) => ({ name: `doc-${i + 1}`, usedAt: i + 1, unsent: unsent[i + 1] ?? 0 }));
}

describe(`at most MAX_LOCAL_DOCUMENTS (${MAX_LOCAL_DOCUMENTS}) local copies`, () => {
  it("opening one more than the limit drops the copy used longest ago", () => {
    const { index, evicted } = indexAfterUse(copies(MAX_LOCAL_DOCUMENTS), "new", 0, 1_000);
    expect(evicted).toEqual(["doc-1"]);
    expect(index).toHaveLength(MAX_LOCAL_DOCUMENTS);
    expect(index.at(-1)).toEqual({ name: "new", usedAt: 1_000, unsent: 0 });
  });

  it("a copy holding unsent changes is never dropped: the oldest with nothing unsent goes instead", () => {
    const { index, evicted } = indexAfterUse(copies(MAX_LOCAL_DOCUMENTS, { 1: 3, 2: 1 }), "new", 0, 1_000);
    expect(evicted).toEqual(["doc-3"]);
    expect(index.map((entry) => entry.name).slice(0, 2)).toEqual(["doc-1", "doc-2"]);
  });

  it("an attack that fills the device with unsent copies cannot push out other unsent work, and the index stays at what it holds", () => {
    const allUnsent = Object.fromEntries(Array.from({ length: MAX_LOCAL_DOCUMENTS }, (_, i) => [i + 1, 1]));
    const { index, evicted } = indexAfterUse(copies(MAX_LOCAL_DOCUMENTS, allUnsent), "new", 0, 1_000);
    expect(evicted).toEqual([]);
    expect(index).toHaveLength(MAX_LOCAL_DOCUMENTS + 1);
    // The next copy with nothing unsent is the one dropped once there is room to choose.
    const after = indexAfterUse(index, "another", 0, 1_001);
    expect(after.evicted).toEqual(["new"]);
  });

  it("using a copy again moves it to the most recent and keeps one entry for it", () => {
    const { index, evicted } = indexAfterUse(copies(MAX_LOCAL_DOCUMENTS), "doc-1", 2, 1_000);
    expect(evicted).toEqual([]);
    expect(index).toHaveLength(MAX_LOCAL_DOCUMENTS);
    expect(index.at(-1)).toEqual({ name: "doc-1", usedAt: 1_000, unsent: 2 });
    // Opening another now drops doc-2, the oldest left.
    expect(indexAfterUse(index, "new", 0, 1_001).evicted).toEqual(["doc-2"]);
  });
});
