import type { AnchorTarget, ResolvedAnchor } from "./anchors.js";

export interface AnchorCacheOptions {
  /**
   * Resolves anchors in the document as stored (storedAnchors.ts): in an open room's live
   * document without a copy, otherwise from the store's bytes on a worker thread.
   */
  resolve: (docName: string, anchors: readonly AnchorTarget[]) => Promise<ResolvedAnchor[]>;
  /** Documents whose resolved anchors are kept. @default 1000 */
  maxDocuments?: number;
  /** Bytes of resolved anchors kept (texts and keys, counted as UTF-16). @default 32 MiB */
  maxBytes?: number;
  /**
   * K5, with several processes: the document's version as every process sees it (its Redis
   * sequence number, cluster/SPEC.md M2). A failure means "unknown": the read is not cached.
   * @default none: one process hears of every change (K1)
   */
  version?: (docName: string) => Promise<string | null>;
}

/** One document's resolved anchors, valid until the document changes. */
interface Entry {
  results: Map<string, ResolvedAnchor>;
  bytes: number;
  /** K5: the document's version read before these were resolved (null without `version`, or no version yet). */
  version: string | null;
}

/** A resolution in progress; `stale` once the document changed under it. */
interface Reading {
  done: Promise<unknown>;
  stale: boolean;
}

/** Per result: the map slot and the object, beside the strings. */
const RESULT_OVERHEAD_BYTES = 96;

/**
 * Where threads' ranges are, remembered per document until it changes (rules A1–A6 and K1–K3 in SPEC.md
 * are anchors.ts's; this only decides when to run it). Listing threads is a read anyone in
 * the brief may repeat, and resolving costs a pass over the whole body — applying it too when
 * no room holds it — so:
 *
 *  K1. Results are kept per document and anchor, and dropped as a whole by `invalidate`, which
 *      the server calls for every stored change of the document (CollabServer's
 *      onDocumentChanged): the only way a body changes. A read that was running when its
 *      document changed answers its caller but keeps nothing.
 *  K2. Concurrent reads of one document share one resolution: a reader that finds another
 *      running waits for it and looks again, so N parallel lists of one body cost one pass.
 *  K3. Bounded: least recently used documents go first, past `maxDocuments` or `maxBytes`.
 *  K5. With several processes, `invalidate` hears only of changes to documents a room of this
 *      process holds (cluster/SPEC.md M5). So each entry also keeps the document's version read
 *      before its resolution, and a read whose version (one Redis GET) differs drops it. A version
 *      that cannot be read bypasses the cache.
 */
export class AnchorCache {
  private readonly entries = new Map<string, Entry>();
  private readonly reading = new Map<string, Reading>();
  private bytes = 0;
  private readonly maxDocuments: number;
  private readonly maxBytes: number;

  constructor(private readonly options: AnchorCacheOptions) {
    this.maxDocuments = options.maxDocuments ?? 1000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  /** Where each anchor is in the document now, in the order given. */
  async resolve(docName: string, anchors: readonly AnchorTarget[]): Promise<ResolvedAnchor[]> {
    const keys = anchors.map(anchorKey);
    let version: string | null = null;
    if (this.options.version !== undefined) {
      try {
        version = await this.options.version(docName);
      } catch {
        // K5: unknown, so nothing cached can be trusted and nothing read can be kept.
        return this.options.resolve(docName, anchors);
      }
    }
    // K2: at most two waits, so that a document changing all the time cannot starve a reader.
    for (let waits = 0; ; waits++) {
      const cached = this.lookup(docName, keys, version);
      if (cached !== null) return cached;
      const running = this.reading.get(docName);
      if (running === undefined || waits === 2) break;
      await running.done;
    }
    return this.read(docName, anchors, keys, version);
  }

  /** K1: the document changed; whatever was resolved in it is no longer true. */
  invalidate(docName: string): void {
    const running = this.reading.get(docName);
    if (running !== undefined) running.stale = true;
    this.drop(docName);
  }

  /** How many documents and bytes are kept; for tests and metrics. */
  get size(): { documents: number; bytes: number } {
    return { documents: this.entries.size, bytes: this.bytes };
  }

  private lookup(docName: string, keys: readonly string[], version: string | null): ResolvedAnchor[] | null {
    const entry = this.entries.get(docName);
    if (entry === undefined) return null;
    if (entry.version !== version) {
      this.drop(docName);
      return null;
    }
    const results: ResolvedAnchor[] = [];
    for (const key of keys) {
      const result = entry.results.get(key);
      if (result === undefined) return null;
      results.push(result);
    }
    // K3: most recently used last.
    this.entries.delete(docName);
    this.entries.set(docName, entry);
    return results;
  }

  private async read(
    docName: string,
    anchors: readonly AnchorTarget[],
    keys: readonly string[],
    version: string | null,
  ): Promise<ResolvedAnchor[]> {
    // Registered before the read starts, so that a change while the store loads marks it stale.
    let finish = () => {};
    const reading: Reading = { done: new Promise<void>((resolve) => (finish = resolve)), stale: false };
    this.reading.set(docName, reading);
    try {
      const results = await this.options.resolve(docName, anchors);
      if (!reading.stale) this.keep(docName, keys, results, version);
      return results;
    } finally {
      if (this.reading.get(docName) === reading) this.reading.delete(docName);
      finish();
    }
  }

  private keep(
    docName: string,
    keys: readonly string[],
    results: readonly ResolvedAnchor[],
    version: string | null,
  ): void {
    const kept = this.entries.get(docName);
    if (kept !== undefined) {
      this.entries.delete(docName);
      this.bytes -= kept.bytes;
    }
    // Results of another version do not join these (K5).
    const entry =
      kept !== undefined && kept.version === version
        ? kept
        : { results: new Map<string, ResolvedAnchor>(), bytes: 0, version };
    keys.forEach((key, i) => {
      if (entry.results.has(key)) return;
      const result = results[i]!;
      entry.results.set(key, result);
      entry.bytes += RESULT_OVERHEAD_BYTES + 2 * (key.length + (result.state === "attached" ? result.text.length : 0));
    });
    // One document larger than the whole budget is answered, not kept.
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(docName, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.entries.size <= this.maxDocuments && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }

  private drop(docName: string): void {
    const entry = this.entries.get(docName);
    if (entry === undefined) return;
    this.entries.delete(docName);
    this.bytes -= entry.bytes;
  }
}

/**
 * Anchors and quotes are stored JSON and text, written once with their thread: their
 * serialization names them (the quote too, since A7 reads it).
 */
function anchorKey({ anchor, quote }: AnchorTarget): string {
  return JSON.stringify([anchor.from, anchor.to, quote]);
}
