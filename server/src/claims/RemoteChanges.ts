import type { Logger } from "../logger.js";

/** Recommendations whose remote changes a process watches at once (MAX_WATCHED_REMOTE_CHANGES). */
export const MAX_WATCHED_REMOTE_CHANGES = 10_000;

export interface RemoteChangesOptions {
  /** What the stored check of the document is as of now (its `checkedAt`); null when none is stored. */
  mark: (docName: string) => Promise<string | null>;
  /** The stored check has not moved since the last change was heard, `graceMs` ago: check the document here. */
  unchecked: (docName: string) => void;
  /** How long the process that stored a change has to check it before this one does (R2). */
  graceMs: number;
  /** How often the watched documents are looked at; a change's mark is read within this of hearing it (R1). */
  tickMs: number;
  /** Documents watched at once; past it the one heard of longest ago is forgotten (R3). @default MAX_WATCHED_REMOTE_CHANGES */
  maxWatched?: number;
  logger: Logger;
}

/** What a process's watch has done since it started, for the logs and tests. */
export interface RemoteChangeCounts {
  /** Documents watched now. */
  watched: number;
  /** Marks being read now after a change (R1): at most `maxWatched`, forgotten documents' included. */
  reading: number;
  /** Documents whose grace ended and whose mark is being read once more (R2). */
  settling: number;
  /** Documents whose grace ended and whose mark was read once more (R2), checked here or not. */
  settled: number;
  /** Of those, the ones found unchecked and handed to `unchecked`. */
  unchecked: number;
  /** Documents forgotten past `maxWatched` (R3). */
  forgotten: number;
}

interface Watched {
  /** When the last change was heard (this process's clock). */
  heardAt: number;
  /** The stored check's mark read after the last change was heard; undefined until a read succeeded. */
  mark: string | null | undefined;
  /** A change was heard since the mark was last read. */
  dirty: boolean;
  reading: boolean;
  /** When the mark was last read (this process's clock); 0 never. */
  readAt: number;
}

/**
 * Changes of documents that another process stored (and this one applied from the relay), kept
 * until that process's check of them shows in the store — so that an edit whose process died
 * before checking it is checked by one that lives, without every process checking every edit.
 *
 *  R1. A change heard notes the document and reads the stored check's mark: at once for the
 *      first change of a burst, then within `tickMs` of each further one (one read of a document
 *      at a time, at most one a tick). Comparing two marks both read from the store needs no
 *      agreement between the hosts' clocks.
 *  R2. `graceMs` after the last change heard (the origin's longest wait plus its lease's life, so
 *      that a check it started is finished or its lease gone), the mark is read once more: if it
 *      is the one read after the change, nobody has stored a check since, and `unchecked` is
 *      called. A check that read the body before the change but stored after the mark was read
 *      passes for one that read it (a window as long as one check, while its process dies).
 *  R3. At most `maxWatched` documents are watched; a change past it forgets the one heard of
 *      longest ago (left to its next open, edit or read of its claims, ClaimTracker K5). One
 *      timer for all, running only while something is watched.
 */
export class RemoteChanges {
  /** In the order last heard of, oldest first (R3). */
  private readonly watched = new Map<string, Watched>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly maxWatched: number;
  /** Documents forgotten past `maxWatched` since the last warning. */
  private forgotten = 0;
  private settling = 0;
  private reading = 0;
  private readonly totals = { settled: 0, unchecked: 0, forgotten: 0 };

  constructor(private readonly options: RemoteChangesOptions) {
    this.maxWatched = options.maxWatched ?? MAX_WATCHED_REMOTE_CHANGES;
  }

  get counts(): RemoteChangeCounts {
    return { watched: this.watched.size, reading: this.reading, settling: this.settling, ...this.totals };
  }

  /** Another process stored a change of the document (R1); only notes it. */
  heard(docName: string): void {
    if (this.closed) return;
    const now = Date.now();
    const watched = this.watched.get(docName) ?? {
      heardAt: 0,
      mark: undefined,
      dirty: true,
      reading: false,
      readAt: 0,
    };
    watched.heardAt = now;
    watched.dirty = true;
    this.watched.delete(docName);
    this.watched.set(docName, watched);
    this.dirty.add(docName);
    for (const oldest of this.watched.keys()) {
      if (this.watched.size <= this.maxWatched) break;
      this.forget(oldest);
      this.forgotten += 1;
      this.totals.forgotten += 1;
    }
    this.timer ??= setInterval(() => this.tick(), this.options.tickMs);
    // Watching alone does not keep a process alive: a change whose origin lives is checked there.
    this.timer.unref();
    // The first change of a burst is read at once, long before its origin's check is due (a
    // mark read after that check would take it for unchecked); the rest at most once a tick.
    if (this.watched.has(docName) && now - watched.readAt >= this.options.tickMs) this.readMark(docName, watched);
  }

  /** Stops watching; nothing is called afterwards. */
  close(): void {
    this.closed = true;
    this.watched.clear();
    this.dirty.clear();
    this.stopTimer();
  }

  private tick(): void {
    if (this.forgotten > 0) {
      this.options.logger.warn(
        { forgotten: this.forgotten, maxWatched: this.maxWatched },
        "changes stored by other processes forgotten unchecked here: too many watched at once",
      );
      this.forgotten = 0;
    }
    for (const docName of this.dirty) {
      const watched = this.watched.get(docName);
      if (watched) this.readMark(docName, watched);
    }
    const now = Date.now();
    for (const [docName, watched] of this.watched) {
      if (now - watched.heardAt < this.options.graceMs) break;
      if (watched.reading || watched.dirty) continue;
      this.forget(docName);
      void this.settle(docName, watched.mark);
    }
    if (this.watched.size === 0) this.stopTimer();
  }

  /** R1: unless one is under way, or `maxWatched` are (it stays dirty for the next tick). */
  private readMark(docName: string, watched: Watched): void {
    if (watched.reading || this.reading >= this.maxWatched) return;
    void this.read(docName, watched);
  }

  private async read(docName: string, watched: Watched): Promise<void> {
    this.reading += 1;
    watched.reading = true;
    watched.readAt = Date.now();
    watched.dirty = false;
    this.dirty.delete(docName);
    try {
      watched.mark = await this.options.mark(docName);
    } catch (error) {
      // Unknown: the document is checked after the grace (R2), as if nothing had been stored.
      watched.mark = undefined;
      this.options.logger.error({ err: error, docName }, "reading the stored claim check failed");
    } finally {
      watched.reading = false;
      this.reading -= 1;
    }
  }

  /** R2. Never rejects. */
  private async settle(docName: string, heard: string | null | undefined): Promise<void> {
    this.settling += 1;
    let now: string | null;
    try {
      now = await this.options.mark(docName);
    } catch (error) {
      this.settling -= 1;
      this.options.logger.error({ err: error, docName }, "reading the stored claim check failed");
      return;
    }
    this.settling -= 1;
    if (this.closed) return;
    this.totals.settled += 1;
    // A mark never read (its read failed) counts as unchecked: one check too many, never one too few.
    const checkedSince = heard !== undefined && now !== heard;
    if (checkedSince) return;
    this.totals.unchecked += 1;
    this.options.unchecked(docName);
  }

  private forget(docName: string): void {
    this.watched.delete(docName);
    this.dirty.delete(docName);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
