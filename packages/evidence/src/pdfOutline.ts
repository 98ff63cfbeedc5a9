import type { OutlineEntry } from "./pdfTypes.js";

/** The pdf.js document's part this reads. */
interface OutlineSource {
  getOutline(): Promise<unknown[] | null>;
}

/** The PDF's outline (bookmarks), flattened in reading order. For now: none read. */
export async function readOutline(_document: OutlineSource): Promise<OutlineEntry[]> {
  return [];
}
