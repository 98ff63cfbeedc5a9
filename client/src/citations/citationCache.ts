import type { CitedItem } from "./citationTypes";

export type CachedCitation = { status: "loading" } | { status: "loaded"; citation: CitedItem } | { status: "missing" };

export interface CitationCache {
  /** What is known of this citation now; asks the server for it (batched) if nothing is yet. */
  read: (citationId: string) => CachedCitation;
  /** After a save: take the server's newer answer for it. */
  refresh: (citationId: string) => void;
  /** After a save elsewhere (the list beside the editor): ask again for every citation known. */
  refreshAll: () => void;
  /** Called whenever an entry changes; returns the function that unsubscribes. */
  subscribe: (listener: () => void) => () => void;
}

/** Ids one `GET …/citations?ids=` asks for (the API takes up to 500). */
const BATCH = 100;

/**
 * One editor's citations, fetched as they appear: the ids asked for within one tick go out
 * as a single `GET …/citations?ids=a,b,c`. Unlike a passage, a citation's sources change
 * (the card saves them), so `refresh` asks again.
 */
export function createCitationCache(fetchMany: (ids: string[]) => Promise<CitedItem[]>): CitationCache {
  const entries = new Map<string, CachedCitation>();
  const listeners = new Set<() => void>();
  let queued: string[] = [];

  async function flush() {
    const ids = queued;
    queued = [];
    for (let start = 0; start < ids.length; start += BATCH) {
      const slice = ids.slice(start, start + BATCH);
      try {
        const found = await fetchMany(slice);
        const byId = new Map(found.filter((item) => item.id !== null).map((item) => [item.id, item]));
        for (const id of slice) {
          const citation = byId.get(id);
          // A refresh keeps showing the older answer until the newer one is in.
          entries.set(id, citation ? { status: "loaded", citation } : { status: "missing" });
        }
      } catch {
        // Forget them, so the next hover or render asks again.
        for (const id of slice) if (entries.get(id)?.status === "loading") entries.delete(id);
      }
    }
    for (const listener of listeners) listener();
  }

  function enqueue(id: string) {
    if (queued.length === 0) queueMicrotask(() => void flush());
    if (!queued.includes(id)) queued.push(id);
  }

  return {
    read: (id) => {
      const entry = entries.get(id);
      if (entry) return entry;
      const loading: CachedCitation = { status: "loading" };
      entries.set(id, loading);
      enqueue(id);
      return loading;
    },
    refresh: (id) => enqueue(id),
    refreshAll: () => {
      for (const id of entries.keys()) enqueue(id);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
