import { describe, expect, it } from "vitest";
import { MAX_OUTLINE_ENTRIES, type OutlineSource, readOutline } from "./pdfOutline.js";
import { makeOutlinePdf } from "./testing/outlinePdf.js";
import { makeBrief } from "./testing/structuredPdf.js";

async function withDocument<T>(
  bytes: Uint8Array,
  use: (document: OutlineSource & { numPages: number }) => Promise<T>,
): Promise<T> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: pdfjs.VerbosityLevel.ERRORS });
  try {
    return await use(await task.promise);
  } finally {
    await task.destroy();
  }
}

/** A pdf.js-shaped document whose outline is given: for outlines no PDF writer would make. */
const documentWith = (outline: unknown[]): OutlineSource => ({
  getOutline: async () => outline,
  getDestination: async () => null,
  getPageIndex: async () => 0,
});

describe("readOutline", () => {
  it("flattens pdf.js bookmarks in reading order with their depth and page (pdfmake's explicit destinations)", async () => {
    const entries = await withDocument(await makeBrief({ contents: false, outline: true }), (document) =>
      readOutline(document),
    );
    expect(entries).toEqual([
      { title: "Introduction", level: 1, page: 2 },
      { title: "Storage Today", level: 1, page: 2 },
      { title: "Battery Fleets and Their Owners in the Eastern Interconnection Region", level: 2, page: 2 },
      { title: "Market Rules", level: 1, page: 3 },
    ]);
  });

  it("resolves named destinations and page references; a name that is not defined has no page", async () => {
    const entries = await withDocument(makeOutlinePdf(), (document) => readOutline(document));
    expect(entries).toEqual([
      { title: "Overview", level: 1, page: 1 },
      { title: "Findings", level: 1, page: 2 },
      { title: "Exports", level: 2, page: 3 },
      { title: "Missing", level: 2, page: null },
    ]);
  });

  it("is empty for a PDF without bookmarks", async () => {
    expect(
      await withDocument(await makeBrief({ contents: true, outline: false }), (document) => readOutline(document)),
    ).toEqual([]);
  });

  it("reads at most MAX_OUTLINE_ENTRIES of an outline of 100,000 entries", async () => {
    const outline = Array.from({ length: 100_000 }, (_, index) => ({ title: `Part ${index}`, dest: null, items: [] }));
    const entries = await readOutline(documentWith(outline));
    expect(entries.length).toBe(MAX_OUTLINE_ENTRIES);
    expect(entries.at(-1)).toEqual({ title: `Part ${MAX_OUTLINE_ENTRIES - 1}`, level: 1, page: null });
  });

  it("reads an item that contains itself once, and a deep chain only to the cap", async () => {
    const loop: { title: string; dest: null; items: unknown[] } = { title: "Loop", dest: null, items: [] };
    loop.items.push(loop);
    expect(await readOutline(documentWith([loop]))).toEqual([{ title: "Loop", level: 1, page: null }]);

    let deep: { title: string; dest: null; items: unknown[] } = { title: "Leaf", dest: null, items: [] };
    for (let depth = 0; depth < 20_000; depth++) deep = { title: `Level ${depth}`, dest: null, items: [deep] };
    const entries = await readOutline(documentWith([deep]), 100);
    expect(entries.length).toBe(100);
    expect(entries[99]).toEqual({ title: "Level 19900", level: 100, page: null });
  });
});
