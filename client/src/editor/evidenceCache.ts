import type { Evidence } from "@accord/protocol";

export type CachedEvidence = { status: "loading" } | { status: "loaded"; evidence: Evidence } | { status: "missing" };

export interface EvidenceCache {
  /** What is known of this evidence now; asks the server for it (batched) if nothing is yet. */
  read: (evidenceId: string) => CachedEvidence;
  /** The evidence itself, waiting for the server if needed; null if it does not exist (any more). */
  load: (evidenceId: string) => Promise<Evidence | null>;
  /** Called whenever an entry changes; returns the function that unsubscribes. */
  subscribe: (listener: () => void) => () => void;
}

/**
 * One editor's evidence, fetched as citations appear: the ids asked for within one tick
 * go out as a single `GET …/evidence?ids=a,b,c`. Entries are kept for the editor's life
 * (a passage's text does not change once imported).
 */
export function createEvidenceCache(fetchMany: (ids: string[]) => Promise<Evidence[]>): EvidenceCache {
  const entries = new Map<string, CachedEvidence>();
  const waiting = new Map<string, Array<(evidence: Evidence | null) => void>>();
  const listeners = new Set<() => void>();
  let queued: string[] = [];

  function settle(id: string, entry: CachedEvidence) {
    entries.set(id, entry);
    for (const resolve of waiting.get(id) ?? []) resolve(entry.status === "loaded" ? entry.evidence : null);
    waiting.delete(id);
  }

  async function flush() {
    const ids = queued;
    queued = [];
    // The API takes a bounded list; ask in slices.
    for (let start = 0; start < ids.length; start += 50) {
      const slice = ids.slice(start, start + 50);
      try {
        const found = await fetchMany(slice);
        const byId = new Map(found.map((evidence) => [evidence.id, evidence]));
        for (const id of slice) {
          const evidence = byId.get(id);
          settle(id, evidence ? { status: "loaded", evidence } : { status: "missing" });
        }
      } catch {
        // Forget them, so the next hover or render asks again.
        for (const id of slice) {
          entries.delete(id);
          for (const resolve of waiting.get(id) ?? []) resolve(null);
          waiting.delete(id);
        }
      }
    }
    for (const listener of listeners) listener();
  }

  function read(id: string): CachedEvidence {
    const entry = entries.get(id);
    if (entry) return entry;
    const loading: CachedEvidence = { status: "loading" };
    entries.set(id, loading);
    if (queued.length === 0) queueMicrotask(() => void flush());
    queued.push(id);
    return loading;
  }

  return {
    read,
    load: (id) => {
      const entry = read(id);
      if (entry.status === "loaded") return Promise.resolve(entry.evidence);
      if (entry.status === "missing") return Promise.resolve(null);
      return new Promise((resolve) => waiting.set(id, [...(waiting.get(id) ?? []), resolve]));
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
