import type { OutlineEntry } from "./pdfTypes.js";
import { collapseSpaces } from "./textScan.js";

/**
 * Outline entries read at most: a report's bookmarks number in the tens or hundreds; a file
 * with more is not a report's outline worth the wait (each entry's page costs a round trip to
 * pdf.js's worker). Past it the outline is cut, not refused.
 * @default 5000
 */
export const MAX_OUTLINE_ENTRIES = 5_000;

/** An outline item as pdf.js's `getOutline()` gives it (the fields read here). */
interface OutlineItem {
  title?: unknown;
  dest?: unknown;
  items?: unknown;
}

/** A page reference as pdf.js gives it in a destination. */
interface PageRef {
  num: number;
  gen: number;
}

/** The pdf.js document's part this reads. */
export interface OutlineSource {
  getOutline(): Promise<unknown[] | null>;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: PageRef): Promise<number>;
}

const isPageRef = (value: unknown): value is PageRef =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as PageRef).num === "number" &&
  typeof (value as PageRef).gen === "number";

/**
 * The PDF's outline (bookmarks), flattened in reading order (depth first), each entry with its
 * depth as level and the 1-based page its destination points to (null when it has none, or
 * one that does not resolve). Iterative, each item visited once, at most `maxEntries`: a
 * crafted outline of 100,000 entries, or one whose items repeat, costs no more than that.
 */
export async function readOutline(document: OutlineSource, maxEntries = MAX_OUTLINE_ENTRIES): Promise<OutlineEntry[]> {
  let roots: unknown[] | null;
  try {
    roots = await document.getOutline();
  } catch {
    return [];
  }
  if (!Array.isArray(roots)) return [];

  const found: { title: string; level: number; dest: unknown }[] = [];
  const seen = new Set<unknown>();
  // Reversed onto a stack so that items pop in reading order.
  const stack: { item: unknown; level: number }[] = roots
    .slice(0, maxEntries)
    .reverse()
    .map((item) => ({ item, level: 1 }));
  while (stack.length > 0 && found.length < maxEntries) {
    const { item, level } = stack.pop()!;
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    seen.add(item);
    const { title, dest, items } = item as OutlineItem;
    const text = typeof title === "string" ? collapseSpaces(title).trim() : "";
    if (text !== "") found.push({ title: text, level, dest });
    if (Array.isArray(items)) {
      // Only as many children as could still be read: a node with 100,000 children costs no more.
      const room = maxEntries - found.length;
      for (let index = Math.min(items.length, room) - 1; index >= 0; index--)
        stack.push({ item: items[index], level: level + 1 });
    }
  }

  // One lookup per distinct page reference: many entries point to one page.
  const pageOfRef = new Map<string, number | null>();
  const entries: OutlineEntry[] = [];
  for (const { title, level, dest } of found)
    entries.push({ title, level, page: await pageOf(document, dest, pageOfRef) });
  return entries;
}

async function pageOf(
  document: OutlineSource,
  dest: unknown,
  cache: Map<string, number | null>,
): Promise<number | null> {
  try {
    const explicit = typeof dest === "string" ? await document.getDestination(dest) : dest;
    if (!Array.isArray(explicit)) return null;
    const target: unknown = explicit[0];
    // Some writers put a 0-based page index where the reference belongs.
    if (typeof target === "number" && Number.isInteger(target) && target >= 0) return target + 1;
    if (!isPageRef(target)) return null;
    const key = `${target.num} ${target.gen}`;
    if (cache.has(key)) return cache.get(key)!;
    const page = await document.getPageIndex(target).then(
      (index) => index + 1,
      () => null,
    );
    cache.set(key, page);
    return page;
  } catch {
    return null;
  }
}
